//! `/staff/needs/new` and `/staff/needs/:id/edit`: the form that records or changes a need.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::need::need_id;
use crate::error::AppError;
use crate::matching::api::{get_need, list_branches, SaveNeed};
use crate::matching::branches::model::BranchRecord;
use crate::matching::needs::model::{NeedForm, TimeOfDay};
use crate::ui::fields::{
    field_id, Choices, FormStatus, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::{Audience, Goal, Offering, Vocab};

/// A blank need, or one prefilled from the query (a poll's "Find partners" link sends the
/// winning option as the title, the poll's offering and goals, and the poll's id).
fn prefilled(q: &leptos_router::params::ParamsMap) -> NeedForm {
    let many = |key: &str| q.get_all(key).unwrap_or_default();
    NeedForm {
        title: q.get("title").unwrap_or_default(),
        offering: q.get("offering").unwrap_or_default(),
        goals: many("goal"),
        audiences: many("audience"),
        poll_id: q.get("poll").unwrap_or_default(),
        time_of_day: TimeOfDay::Any.slug().into(),
        ..Default::default()
    }
}

#[component]
pub fn NewNeedPage() -> impl IntoView {
    let query = use_query_map();
    let initial = query.with_untracked(prefilled);
    let from_poll = !initial.poll_id.is_empty();
    view! {
        <Title text="Record a need" />
        <p class="crumbs"><a href="/staff/needs">"← Needs"</a></p>
        <h1>"Record a need"</h1>
        {from_poll.then(|| view! { <p class="notice">"Prefilled from the poll's winning option. Add the branch and the date, then save to see which partners to ask."</p> })}
        <NeedEditor id=None initial />
    }
}

#[component]
pub fn EditNeedPage() -> impl IntoView {
    let id = need_id();
    let need = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_need(id).await,
                None => Err(AppError::NotFound("That need".into())),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match need.await {
                    Ok(r) => {
                        let title = r.need.title.clone();
                        view! {
                            <Title text=format!("Edit {title}") />
                            <p class="crumbs"><a href=format!("/staff/needs/{}", r.id)>{format!("← {title}")}</a></p>
                            <h1>{format!("Edit {title}")}</h1>
                            <NeedEditor id=Some(r.id) initial=r.need.to_form() />
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NeedEditor(id: Option<i64>, initial: NeedForm) -> impl IntoView {
    let save = ServerAction::<SaveNeed>::new();
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let branches = Resource::new(|| (), |_| list_branches());
    let cancel = match id {
        Some(id) => format!("/staff/needs/{id}"),
        None => "/staff/needs".into(),
    };
    let branch_id = initial.branch_id.clone();
    view! {
        <ActionForm action=save attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &NeedForm| f.validate())>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            {(!initial.poll_id.is_empty()).then(|| view! { <input type="hidden" name="poll_id" value=initial.poll_id.clone() /> })}
            <FormStatus error=action_error(save.value()) />
            <fieldset>
                <legend>"What the library needs"</legend>
                <TextField name="title" label="Title" value=initial.title.clone() required=true maxlength=120
                    hint="For example: Refreshments for the community meeting" error=e("title") />
                <VocabSelect name="offering" label="Offering wanted" choices={Choices::from_slugs::<Offering>(std::slice::from_ref(&initial.offering))}
                    empty="Choose an offering" required=true error=e("offering") />
                <TextArea name="notes" label="Notes" value=initial.notes.clone() rows=3 error=e("notes") />
            </fieldset>
            <fieldset>
                <legend>"Where and when"</legend>
                <Transition fallback=|| view! { <Loading label="Loading branches…" /> }>
                    {move || {
                        let chosen = branch_id.clone();
                        Suspend::new(async move {
                            match branches.await {
                                Ok(list) => view! { <BranchSelect branches=list chosen error=e("branch_id") /> }.into_any(),
                                Err(err) => view! { <ErrorView error=err /> }.into_any(),
                            }
                        })
                    }}
                </Transition>
                <div class="row">
                    <TextField name="starts_on" label="First day" kind="date" value=initial.starts_on.clone() required=true error=e("starts_on") />
                    <TextField name="ends_on" label="Last day" kind="date" value=initial.ends_on.clone()
                        hint="Leave blank for a single day." error=e("ends_on") />
                </div>
                <VocabSelect name="time_of_day" label="Time of day" choices={Choices::from_slugs::<TimeOfDay>(std::slice::from_ref(&initial.time_of_day))} error=e("time_of_day") />
            </fieldset>
            <VocabChecks name="goals" legend="Goals it serves" choices={Choices::from_slugs::<Goal>(&initial.goals)} error=e("goals") />
            <VocabChecks name="audiences" legend="Audience" choices={Choices::from_slugs::<Audience>(&initial.audiences)} error=e("audiences") />
            <div class="form-actions">
                <button type="submit">"Save and find partners"</button>
                <a href=cancel>"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn BranchSelect(
    branches: Vec<BranchRecord>,
    chosen: String,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let chosen = crate::ui::draft::typed_or("branch_id", chosen);
    let id = field_id("branch_id");
    let err_id = format!("{id}-error");
    let none = branches.is_empty();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>"Branch" <span class="req">" (required)"</span></label>
            <select id=id.clone() name="branch_id" required=true
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| format!("{}-error", field_id("branch_id")))>
                <option value="">"Choose a branch"</option>
                {branches.into_iter().map(|b| {
                    let value = b.id.to_string();
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{b.branch.name}</option> }
                }).collect_view()}
            </select>
            {none.then(|| view! { <p class="hint">"No branches yet: an admin adds them under Branches."</p> })}
            <p class="field-error" id=err_id hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </div>
    }
}
