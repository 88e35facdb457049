//! `/programs/:id`: a program's page, with its presenters, seats, sessions and the
//! registration form; schema.org Event data for search engines.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::programs::booking::api::{Register, ResendLink};
use crate::programs::booking::model::RegState;
use crate::programs::calendar::api::load_program;
use crate::programs::calendar::model::ProgramDetail;
use crate::programs::model::{ProgramStatus, Registration};
use crate::ui::fields::{FormStatus, TextArea, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::labels;

#[component]
pub fn ProgramPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let program = Resource::new(move || id.get(), load_program);
    view! {
        <p class="crumbs"><a href="/programs">"← All programs"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(p) => view! { <ProgramBody program=p /> }.into_any(),
                    Err(e) => view! { <Title text="Program not found" /><h1>"Program not found"</h1><ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// schema.org Event, as JSON-LD.
fn json_ld(p: &ProgramDetail) -> String {
    let status = match p.card.status {
        ProgramStatus::Cancelled => "https://schema.org/EventCancelled",
        _ => "https://schema.org/EventScheduled",
    };
    let performers: Vec<serde_json::Value> = p
        .card
        .presenters
        .iter()
        .map(|x| match &x.website {
            Some(url) => serde_json::json!({ "@type": "Organization", "name": x.name, "url": url }),
            None => serde_json::json!({ "@type": "Organization", "name": x.name }),
        })
        .collect();
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": p.card.title,
        "description": p.description,
        "startDate": p.starts_iso,
        "endDate": p.ends_iso,
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": { "@type": "Place", "name": p.card.place, "address": p.address.clone().unwrap_or_else(|| p.card.place.clone()) },
        "isAccessibleForFree": true,
        "maximumAttendeeCapacity": p.card.capacity,
        "remainingAttendeeCapacity": p.card.seats_left,
    });
    if !performers.is_empty() {
        v["performer"] = serde_json::Value::Array(performers);
    }
    script_safe_json(&v)
}

/// JSON to put inside a `<script>` element: `<`, `>` and `&` (which only occur inside JSON
/// strings) are written as `\u` escapes, so no text a librarian typed (`</script>`, `<!--`)
/// can end the script or start a comment that swallows the page.
fn script_safe_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_ld_cannot_end_its_script() {
        let v = serde_json::json!({ "name": "Tales </script><!-- & <script>alert(1)</script>" });
        let out = super::script_safe_json(&v);
        for bad in ["</", "<!--", "<script", ">"] {
            assert!(!out.contains(bad), "{out}");
        }
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v, "the data is unchanged");
    }
}

#[component]
fn ProgramBody(program: ProgramDetail) -> impl IntoView {
    let query = use_query_map();
    let p = program;
    let ld = json_ld(&p);
    let card = p.card.clone();
    let credits = card.presenters.clone();
    let ics = format!("/programs/{}/ics", card.id);
    let cancelled = card.status == ProgramStatus::Cancelled;
    let resent = query.with_untracked(|q| q.get_str("resent").is_some());
    let seats_line = if cancelled {
        "This program is cancelled.".to_string()
    } else if card.registration == Registration::Open {
        "No registration needed: just come along.".to_string()
    } else if card.seats_left > 0 {
        format!("{} of {} seats left.", card.seats_left, card.capacity)
    } else {
        format!(
            "Full. {} {} on the waitlist; you can join it.",
            card.waiting,
            if card.waiting == 1 {
                "party is"
            } else {
                "parties are"
            }
        )
    };
    let series_note = (p.sessions.len() > 1).then(|| {
        if p.booking_id != card.id
            || card.register_for == crate::programs::model::RegisterFor::Series
        {
            format!("One registration covers all {} sessions.", p.sessions.len())
        } else {
            "Each session is booked on its own.".to_string()
        }
    });
    let can_register = !cancelled && !p.past && card.registration != Registration::Open;
    view! {
        <Title text=card.title.clone() />
        <script type="application/ld+json" inner_html=ld></script>
        <article class="program">
            <h1>{card.title.clone()}</h1>
            {cancelled.then(|| view! { <p class="notice error" role="status"><strong>"Cancelled."</strong>" We are sorry; everyone registered has been told by e-mail."</p> })}
            <dl class="facts">
                <dt>"When"</dt><dd>{card.when.clone()}</dd>
                <dt>"Where"</dt><dd>{card.place.clone()}</dd>
                {p.accessibility.clone().map(|a| view! { <dt>"Access"</dt><dd>{a}</dd> })}
                {(!card.audiences.is_empty()).then(|| view! { <dt>"For"</dt><dd>{labels(&card.audiences)}</dd> })}
                {(!p.goals.is_empty()).then(|| view! { <dt>"Topics"</dt><dd>{labels(&p.goals)}</dd> })}
                {(!credits.is_empty() || p.other_presenters.is_some()).then(|| view! {
                    <dt>"Presented by"</dt>
                    <dd>
                        <ul class="credits">
                            {credits.iter().map(|c| match c.website.clone() {
                                Some(href) => view! { <li class="partner-credit"><a href=href rel="noopener">{c.name.clone()}</a></li> }.into_any(),
                                None => view! { <li class="partner-credit">{c.name.clone()}</li> }.into_any(),
                            }).collect_view()}
                            {p.other_presenters.clone().map(|o| view! { <li>{o}</li> })}
                        </ul>
                    </dd>
                })}
                <dt>"Seats"</dt><dd class="seats">{seats_line}</dd>
            </dl>
            {(!p.description.is_empty()).then(|| view! { <div class="description"><p>{p.description.clone()}</p></div> })}
            <p><a href=ics download="">"Add to my calendar (.ics)"</a></p>
            {(p.sessions.len() > 1).then(|| view! {
                <section aria-labelledby="sessions-heading">
                    <h2 id="sessions-heading">"Sessions"</h2>
                    {series_note.clone().map(|n| view! { <p>{n}</p> })}
                    <ul class="sessions">
                        {p.sessions.iter().map(|s| {
                            let href = format!("/programs/{}", s.id);
                            let here = s.id == card.id;
                            view! {
                                <li>
                                    <a href=href aria-current=here.then_some("page")>{s.when.clone()}</a>
                                    {(s.status == ProgramStatus::Cancelled).then_some(" (cancelled)")}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {p.past.then(|| view! { <p class="muted">"This program has taken place."</p> })}
            {can_register.then(|| view! { <RegisterForm program=p.booking_id full=card.seats_left == 0 party_limit=p.party_limit resent /> })}
        </article>
    }
}

#[component]
fn RegisterForm(program: i64, full: bool, party_limit: i64, resent: bool) -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let resend = ServerAction::<ResendLink>::new();
    let errors = FormErrors::new(register.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let duplicate = Signal::derive(move || {
        errors
            .get("email")
            .is_some_and(|m| m.contains("already registered"))
    });
    let booked = move || {
        register.value().get().and_then(|r| r.ok()).map(|b| {
            let href = format!("/programs/manage/{}?new=1", b.token);
            let text = match (b.state, b.position) {
                (RegState::Waiting, Some(n)) => format!("The program is full: you are number {n} on the waitlist. We sent you an e-mail."),
                _ => "You are registered. We sent you an e-mail with the details.".to_string(),
            };
            view! {
                <div class="notice success" role="status">
                    <p><strong>{text}</strong></p>
                    <p><a href=href>"See or change your registration"</a></p>
                </div>
            }
        })
    };
    let resent_now =
        Signal::derive(move || resent || resend.value().get().is_some_and(|r| r.is_ok()));
    view! {
        <section aria-labelledby="register-heading" class="register">
            <h2 id="register-heading">{if full { "Join the waitlist" } else { "Register" }}</h2>
            {full.then(|| view! { <p>"The program is full. Join the waitlist: when seats open up, parties are registered in waitlist order and told by e-mail."</p> })}
            {booked}
            <ActionForm action=register attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="register-heading">
                <input type="hidden" name="program" value=program />
                <FormStatus error=action_error(register.value()) />
                <TextField name="name" label="Your name" required=true autocomplete="name" error=e("name") />
                <TextField name="email" label="E-mail" kind="email" required=true autocomplete="email"
                    hint="We send the confirmation and a link to change or cancel." error=e("email") />
                <TextField name="party_size" label="How many people (you included)" kind="number" value="1".to_string() required=true
                    hint="Count children too." error=e("party_size") />
                <p class="muted">{format!("Up to {party_limit} people per registration.")}</p>
                <TextArea name="needs" label="Accessibility needs" rows=3 error=e("needs")
                    hint="Optional: anything that would help you or your family take part." />
                <div class="hp" aria-hidden="true">
                    <label for="f-fax_number">"Leave this field empty"</label>
                    <input id="f-fax_number" name="fax_number" type="text" tabindex="-1" autocomplete="off" />
                </div>
                <button type="submit">{if full { "Join the waitlist" } else { "Register" }}</button>
            </ActionForm>
            <Show when=move || duplicate.get() || resent_now.get()>
                <ActionForm action=resend attr:class="stacked narrow resend" attr:aria-label="Send my registration link again">
                    <input type="hidden" name="program" value=program />
                    {move || resent_now.get().then(|| view! { <p class="notice success" role="status">"If that address is registered, the link is on its way."</p> })}
                    <TextField name="address" label="E-mail you registered with" kind="email" required=true autocomplete="email" />
                    <button type="submit" class="secondary">"Send my link again"</button>
                </ActionForm>
            </Show>
        </section>
    }
}
