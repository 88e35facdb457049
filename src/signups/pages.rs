//! `/join` (public) and `/staff/signups` (the review queue).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{list_signups, ApproveSignup, Approved, DeclineSignup, Join, MergeSignup};
use super::model::{JoinForm, SignupRecord, Status};
use crate::partners::pages::AvailabilityPicker;
use crate::ui::fields::{Choices, FormStatus, TextArea, TextField, VocabChecks, VocabSelect};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{labels, Audience, Goal, Offering, PartnerKind, Vocab};
use crate::when::date;

/// The public sign-up form for organizations that want to work with the library.
#[component]
pub fn JoinPage() -> impl IntoView {
    let join = ServerAction::<Join>::new();
    let errors = FormErrors::new(join.value());
    let e = move |name: &'static str| errors.signal(name);
    view! {
        <Title text="Become a library partner" />
        <div class="intro">
            <h1>"Become a library partner"</h1>
            <p class="lead">
                "Bakeries, fire stations, yarn shops, banks, clubs, schools and hospitals already help the library "
                "serve this community. Tell us about your organization and what you might share — refreshments, "
                "a talk, a workshop, volunteers — and a librarian will be in touch."
            </p>
            <p>"Fields marked (required) must be filled in. Everything else helps us find the right fit."</p>
        </div>
        <ActionForm action=join attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &JoinForm| f.validate())>
            <FormStatus error=action_error(join.value()) />
            <fieldset>
                <legend>"Your organization"</legend>
                <TextField name="org_name" label="Organization name" required=true maxlength=120 autocomplete="organization" error=e("org_name") />
                <VocabSelect name="kind" label="Kind of organization" choices={Choices::of::<PartnerKind>(&[])} empty="Choose one" required=true error=e("kind") />
                <TextField name="website" label="Website" kind="url" hint="For example https://example.org" error=e("website") />
                <div class="row">
                    <TextField name="street" label="Street address" autocomplete="street-address" error=e("street") />
                    <TextField name="neighborhood" label="Neighborhood" error=e("neighborhood") />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Who we should talk to"</legend>
                <div class="row">
                    <TextField name="contact_name" label="Your name" required=true autocomplete="name" error=e("contact_name") />
                    <TextField name="contact_role" label="Your role" autocomplete="organization-title" error=e("contact_role") />
                </div>
                <div class="row">
                    <TextField name="contact_email" label="E-mail" kind="email" required=true autocomplete="email" error=e("contact_email") />
                    <TextField name="contact_phone" label="Phone" kind="tel" autocomplete="tel" error=e("contact_phone") />
                </div>
            </fieldset>
            <VocabChecks choices={Choices::of::<Offering>(&[])} name="offerings" legend="What you could offer (required: at least one)" error=e("offerings") />
            <VocabChecks choices={Choices::of::<Goal>(&[])} name="goals" legend="Community goals you care about" error=e("goals") />
            <VocabChecks choices={Choices::of::<Audience>(&[])} name="audiences" legend="Who you would like to reach" error=e("audiences") />
            <AvailabilityPicker checked=vec![] error=e("availability") />
            <TextArea name="message" label="Anything else we should know?" rows=5 error=e("message") />
            <div class="hp" aria-hidden="true">
                <label for="f-fax_number">"Leave this field empty"</label>
                <input id="f-fax_number" name="fax_number" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <div class="form-actions">
                <button type="submit">"Send to the library"</button>
            </div>
        </ActionForm>
    }
}

/// After a sign-up.
#[component]
pub fn JoinThanksPage() -> impl IntoView {
    view! {
        <Title text="Thank you" />
        <section class="confirmation" aria-labelledby="thanks">
            <h1 id="thanks">"Thank you — we received your sign-up"</h1>
            <p class="lead">"A librarian reviews every sign-up and will contact you by e-mail, usually within a week."</p>
            <p>"Sent it twice, or need to change something? Send the form again with the same organization name and e-mail: we update your sign-up rather than making a second one."</p>
            <p><a href="/">"Back to the home page"</a></p>
        </section>
    }
}

/// The review queue: approve a sign-up into the directory, or decline it with a reason.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("status")
                .and_then(Status::from_slug)
                .unwrap_or(Status::Pending)
        })
    });
    let approve = ServerAction::<ApproveSignup>::new();
    let decline = ServerAction::<DeclineSignup>::new();
    let merge = ServerAction::<MergeSignup>::new();
    let list = Resource::new(
        move || {
            (
                status.get(),
                approve.version().get() + merge.version().get(),
                decline.version().get(),
            )
        },
        |(s, _, _)| list_signups(s.slug().to_string()),
    );
    view! {
        <Title text="Sign-ups" />
        <h1>"Partner sign-ups"</h1>
        <nav class="tabs" aria-label="Sign-up status">
            {Status::ALL
                .into_iter()
                .map(|s| {
                    let href = format!("/staff/signups?status={}", s.slug());
                    view! {
                        <a href=href aria-current=move || (status.get() == s).then_some("page")>{s.label()}</a>
                    }
                })
                .collect_view()}
        </nav>
        {move || approve.value().get().map(|r| view! { <Reviewed result=r joined=true /> })}
        {move || merge.value().get().map(|r| view! { <Reviewed result=r joined=false /> })}
        <FormStatus error=action_error(decline.value()) />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! {
                        <Empty><p>{if status.get_untracked() == Status::Pending { "No sign-ups are waiting. New ones from the public form appear here." } else { "None yet." }}</p></Empty>
                    }
                    .into_any(),
                    Ok(items) => items.into_iter().map(|r| view! { <SignupCard record=r approve decline merge /> }).collect_view().into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What an approval did: a new partner, or a sign-up added to a partner already listed.
#[component]
fn Reviewed(result: Result<Approved, crate::error::AppError>, joined: bool) -> impl IntoView {
    match result {
        Ok(a) => view! {
            <p class="notice success" role="status">
                {if joined {
                    format!("{} joined the directory. ", a.name)
                } else {
                    format!("The sign-up was added to {}, already in the directory. ", a.name)
                }}
                <a href=format!("/staff/partners/{}", a.partner_id)>"Open their page"</a>
            </p>
        }
        .into_any(),
        Err(e) => view! { <ErrorView error=e /> }.into_any(),
    }
}

/// Partners already in the directory that look like the organization signing up, each with a
/// button that files the sign-up under it instead of making a new partner.
#[component]
fn LikelyDuplicates(
    signup: i64,
    org_name: String,
    likely: Vec<crate::partners::merge::model::Likeness>,
    merge: ServerAction<MergeSignup>,
) -> impl IntoView {
    let heading = format!("likely-{signup}");
    let labelled_by = heading.clone();
    view! {
        <section class="notice warn likely" aria-labelledby=labelled_by>
            <h3 id=heading>"Already in the directory?"</h3>
            <p>{format!("{org_name} looks like a partner the library already has. Add the sign-up to that partner instead of making a second one:")}</p>
            <ul class="likely-list">
                {likely
                    .into_iter()
                    .map(|l| {
                        let href = format!("/staff/partners/{}", l.partner_id);
                        let why = l.summary();
                        let button = format!("Add to {} instead", l.name);
                        view! {
                            <li>
                                <a href=href>{l.name.clone()}</a>
                                {l.archived.then_some(" (archived)")}
                                <span class="muted">{format!(" — {why}")}</span>
                                <ActionForm action=merge attr:class="inline">
                                    <input type="hidden" name="id" value=signup />
                                    <input type="hidden" name="partner_id" value=l.partner_id />
                                    <button type="submit">{button}</button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn SignupCard(
    record: SignupRecord,
    approve: ServerAction<ApproveSignup>,
    decline: ServerAction<DeclineSignup>,
    merge: ServerAction<MergeSignup>,
) -> impl IntoView {
    let SignupRecord {
        id,
        signup: s,
        status,
        decline_reason,
        partner_id,
        reviewed_by,
        submissions,
        created_at,
        likely,
        ..
    } = record;
    let known = !likely.is_empty();
    let heading = format!("signup-{id}");
    let reason_id = format!("reason-{id}");
    let reason_for = reason_id.clone();
    let labelled_by = heading.clone();
    view! {
        <article class="card signup" aria-labelledby=labelled_by>
            <h2 id=heading>{s.org_name.clone()}</h2>
            <p class="subtitle">
                {s.kind.label()} " · sent " {date(created_at)}
                {(submissions > 1).then(|| format!(" · updated {} times", submissions - 1))}
            </p>
            <dl class="facts">
                <dt>"Contact"</dt>
                <dd>
                    {s.contact.name.clone()}
                    {s.contact.role.clone().map(|r| format!(", {r}"))}
                    " · " {s.contact.email.clone().unwrap_or_default()}
                    {s.contact.phone.clone().map(|p| format!(" · {p}"))}
                </dd>
                <dt>"Offers"</dt>
                <dd>{labels(&s.offerings)}</dd>
                <dt>"Goals"</dt>
                <dd>{if s.goals.is_empty() { "Not given".into() } else { labels(&s.goals) }}</dd>
                <dt>"Audiences"</dt>
                <dd>{if s.audiences.is_empty() { "Not given".into() } else { labels(&s.audiences) }}</dd>
                <dt>"Available"</dt>
                <dd>{s.availability.summary()}</dd>
                {s.neighborhood.clone().map(|n| view! { <dt>"Neighborhood"</dt> <dd>{n}</dd> })}
                {s.website.clone().map(|w| {
                    let href = w.clone();
                    view! { <dt>"Website"</dt> <dd><a href=href rel="noopener noreferrer">{w}</a></dd> }
                })}
            </dl>
            {s.message.clone().map(|m| view! { <blockquote class="pre">{m}</blockquote> })}
            {match status {
                Status::Pending => view! {
                    {known.then(|| view! { <LikelyDuplicates signup=id org_name=s.org_name.clone() likely=likely.clone() merge /> })}
                    <div class="review-actions">
                        <ActionForm action=approve attr:class="inline">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class=known.then_some("secondary")>
                                {if known { format!("Approve {} as a new partner", s.org_name) } else { format!("Approve {}", s.org_name) }}
                            </button>
                        </ActionForm>
                        <ActionForm action=decline attr:class="decline">
                            <input type="hidden" name="id" value=id />
                            <div class="field">
                                <label for=reason_for>"Reason for declining (kept on record)"</label>
                                <input id=reason_id type="text" name="reason" required=true maxlength=500 />
                            </div>
                            <button type="submit" class="secondary">"Decline"</button>
                        </ActionForm>
                    </div>
                }
                .into_any(),
                Status::Approved => view! {
                    <p class="muted">
                        {format!("Approved by {}. ", reviewed_by.unwrap_or_else(|| "a librarian".into()))}
                        {partner_id.map(|p| view! { <a href=format!("/staff/partners/{p}")>"Open their page"</a> })}
                    </p>
                }
                .into_any(),
                Status::Declined => view! {
                    <p class="muted">
                        {format!("Declined by {}: {}", reviewed_by.unwrap_or_else(|| "a librarian".into()), decline_reason.unwrap_or_default())}
                    </p>
                }
                .into_any(),
            }}
        </article>
    }
}
