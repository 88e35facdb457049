//! `/programs/manage/:token`: a patron's registration, opened from the e-mail without an
//! account: its state or waitlist place, and forms to lower the party size or cancel.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::programs::booking::api::{manage_registration, CancelRegistration, ChangePartySize};
use crate::programs::booking::model::{ManageView, RegState};
use crate::ui::fields::{FormStatus, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;

#[component]
pub fn ManagePage() -> impl IntoView {
    let params = use_params_map();
    let cancel = ServerAction::<CancelRegistration>::new();
    let change = ServerAction::<ChangePartySize>::new();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let view_data = Resource::new(
        move || (token.get(), cancel.version().get(), change.version().get()),
        |(t, _, _)| manage_registration(t),
    );
    view! {
        <Title text="Your registration" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(v) => view! { <ManageBody view=v token=token.get_untracked() cancel change /> }.into_any(),
                    Err(crate::error::AppError::NotFound(_)) => view! {
                        <h1>"This link does not open a registration"</h1>
                        <ErrorView error=crate::error::AppError::NotFound("That registration".into()) />
                        <p>"Please check that the whole link from the e-mail was copied. On the program's page you can ask for the link again."</p>
                        <p><a href="/programs">"All programs"</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ManageBody(
    view: ManageView,
    token: String,
    cancel: ServerAction<CancelRegistration>,
    change: ServerAction<ChangePartySize>,
) -> impl IntoView {
    let query = use_query_map();
    let flag = move |k: &str| query.with_untracked(|q| q.get_str(k).is_some());
    let (new, cancelled_now, changed_now) = (flag("new"), flag("cancelled"), flag("changed"));
    let errors = FormErrors::new(change.value());
    let p = &view.program;
    let href = format!("/programs/{}", p.id);
    let people = |n: i64| {
        if n == 1 {
            "1 person".to_string()
        } else {
            format!("{n} people")
        }
    };
    let state_line = match (view.state, view.position) {
        (RegState::Confirmed, _) => format!("You are registered: {}.", people(view.party_size)),
        (RegState::Waiting, Some(n)) => format!(
            "You are on the waitlist, number {n}, for {}. We will e-mail you if seats open up.",
            people(view.party_size)
        ),
        (RegState::Waiting, None) => "You are on the waitlist.".to_string(),
        (RegState::Cancelled, _) => "This registration is cancelled.".to_string(),
    };
    let notice = if cancelled_now || cancel.value().get_untracked().is_some_and(|r| r.is_ok()) {
        Some("Your registration is cancelled. Thank you for letting us know.")
    } else if changed_now || change.value().get_untracked().is_some_and(|r| r.is_ok()) {
        Some("Your party size is changed.")
    } else if new {
        Some("Thank you! We sent you an e-mail with this link; keep it to change or cancel.")
    } else {
        None
    };
    let live = view.state != RegState::Cancelled && !view.past;
    let ics = format!("/programs/{}/ics", p.id);
    view! {
        <p class="muted">{format!("Registration for {}", view.name)}</p>
        <h1>{p.title.clone()}</h1>
        {notice.map(|n| view! { <p class="notice success" role="status">{n}</p> })}
        <p class="lead registration-state" data-state=view.state.slug()>{state_line}</p>
        <dl class="facts">
            <dt>"When"</dt><dd>{p.when.clone()}</dd>
            <dt>"Where"</dt><dd>{p.place.clone()}</dd>
            <dt>"E-mail"</dt><dd>{view.email.clone()}</dd>
            {view.needs.clone().map(|n| view! { <dt>"Accessibility needs"</dt><dd>{n}</dd> })}
        </dl>
        <p><a href=href>"The program's page"</a>" · "<a href=ics download="">"Add to my calendar (.ics)"</a></p>
        {live.then(|| {
            let t1 = token.clone();
            let t2 = token.clone();
            view! {
                {(view.party_size > 1).then(|| view! {
                    <section aria-labelledby="party-heading">
                        <h2 id="party-heading">"Fewer people coming?"</h2>
                        <ActionForm action=change attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="party-heading">
                            <input type="hidden" name="token" value=t1 />
                            <FormStatus error=action_error(change.value()) />
                            <TextField name="party_size" label="Number of people now" kind="number" value=view.party_size.to_string() required=true error=errors.signal("party_size") />
                            <button type="submit">"Change party size"</button>
                        </ActionForm>
                    </section>
                })}
                <section aria-labelledby="cancel-heading">
                    <h2 id="cancel-heading">"Cannot come?"</h2>
                    <p>"Cancelling frees your seats for the next family on the waitlist."</p>
                    <ActionForm action=cancel attr:aria-labelledby="cancel-heading">
                        <input type="hidden" name="token" value=t2 />
                        <FormStatus error=action_error(cancel.value()) />
                        <button type="submit" class="danger">"Cancel my registration"</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
