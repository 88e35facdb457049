//! `/staff/partners/:id`: a partner's profile, contacts and interaction log.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{labels_of, StageBadge, TagList};
use crate::error::AppError;
use crate::partners::api::{
    get_partner, list_interactions, ArchivePartner, ChangeEntry, DeleteEntry, LogInteraction,
};
use crate::partners::log::Interaction;
use crate::partners::model::PartnerRecord;
use crate::ui::fields::{Choices, FormStatus, TextArea, TextField, VocabSelect};
use crate::ui::form_state::{action_error, reset_on_success, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{Availability, DayPart, InteractionKind, Vocab, Weekday};
use crate::when::{date, day};

/// The partner named by the route's `:id`, loaded again whenever `version` changes.
pub fn partner_resource(
    version: impl Fn() -> usize + Send + Sync + 'static,
) -> Resource<Result<PartnerRecord, AppError>> {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())));
    Resource::new(
        move || (id.get(), version()),
        |(id, _)| async move {
            match id {
                Some(id) => get_partner(id).await,
                None => Err(AppError::NotFound("That partner".into())),
            }
        },
    )
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    let archive = ServerAction::<ArchivePartner>::new();
    let partner = partner_resource(move || archive.version().get());
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match partner.await {
                    Ok(p) => view! { <Profile record=p archive /> }.into_any(),
                    Err(e) => view! { <Title text="Partner" /> <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(record: PartnerRecord, archive: ServerAction<ArchivePartner>) -> impl IntoView {
    let merged =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get_str("merged").is_some());
    let PartnerRecord {
        id,
        partner: p,
        archived,
        created_at,
        updated_at,
    } = record;
    let address = [p.street.clone(), p.neighborhood.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let coords = p
        .latitude
        .zip(p.longitude)
        .map(|(a, b)| format!("{a:.5}, {b:.5}"));
    view! {
        <Title text=p.name.clone() />
        <p class="crumbs"><a href="/staff/partners">"← All partners"</a></p>
        <div class="page-head">
            <div>
                <h1>{p.name.clone()}</h1>
                <p class="subtitle">{p.kind.label()} " · " <StageBadge stage=p.stage /></p>
            </div>
            <div class="actions">
                <a class="button" href=format!("/staff/partners/{id}/edit")>"Edit"</a>
                <a class="button secondary" href=format!("/staff/partners/{id}/merge")>"Merge a duplicate"</a>
                <ActionForm action=archive attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="archived" value=if archived { "false" } else { "true" } />
                    <button type="submit" class="secondary">{if archived { "Restore" } else { "Archive" }}</button>
                </ActionForm>
            </div>
        </div>
        {merged.then(|| view! { <p class="notice success" role="status">"The duplicate was merged into this partner. The log below says what moved."</p> })}
        {archived.then(|| view! { <p class="notice warn">"This partner is archived: it is hidden from the directory unless you filter for archived partners."</p> })}
        <div class="columns">
            <section class="card" aria-labelledby="about">
                <h2 id="about">"About"</h2>
                {p.description.clone().map(|d| view! { <p>{d}</p> })}
                <dl class="facts">
                    <dt>"Address"</dt>
                    <dd>{if address.is_empty() { "Not given".to_string() } else { address }}</dd>
                    {coords.map(|c| view! { <dt>"Coordinates"</dt> <dd>{c}</dd> })}
                    <dt>"Website"</dt>
                    <dd>
                        {match p.website.clone() {
                            Some(w) => {
                                let href = w.clone();
                                view! { <a href=href rel="noopener noreferrer">{w}</a> }.into_any()
                            }
                            None => "Not given".into_any(),
                        }}
                    </dd>
                    <dt>"In the directory since"</dt>
                    <dd>{date(created_at)}</dd>
                    <dt>"Last updated"</dt>
                    <dd>{date(updated_at)}</dd>
                </dl>
                <h3>"Tags"</h3>
                <TagList items=p.tags.clone() />
                {p.notes.clone().map(|n| view! { <h3>"Notes"</h3> <p class="pre">{n}</p> })}
            </section>
            <section class="card" aria-labelledby="contacts">
                <h2 id="contacts">"Contacts"</h2>
                {if p.contacts.is_empty() {
                    view! { <p class="muted">"No contacts yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="contacts">
                            {p.contacts
                                .iter()
                                .map(|c| {
                                    view! {
                                        <li>
                                            <strong>{c.name.clone()}</strong>
                                            {c.role.clone().map(|r| view! { <span class="muted">" · " {r}</span> })}
                                            {c.email.clone().map(|e| view! { <br /> <a href=format!("mailto:{e}")>{e.clone()}</a> })}
                                            {c.phone.clone().map(|t| view! { <br /> <a href=format!("tel:{}", t.replace(' ', ""))>{t.clone()}</a> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        </div>
        <section class="card" aria-labelledby="what">
            <h2 id="what">"What they bring"</h2>
            <div class="columns three">
                <div><h3>"Offers"</h3> <TagList items=labels_of(&p.offerings) /></div>
                <div><h3>"Community goals"</h3> <TagList items=labels_of(&p.goals) /></div>
                <div><h3>"Audiences"</h3> <TagList items=labels_of(&p.audiences) /></div>
            </div>
            <h3>"Availability"</h3>
            <AvailabilityTable availability=p.availability />
        </section>
        <crate::matching::pages::PartnerFitsSection partner_id=id />
        <section class="card"><crate::asks::pages::PartnerAsksSection partner_id=id /></section>
        <section class="card"><crate::recognition::pages::PartnerRecognitionSection partner_id=id /></section>
        <section class="card"><crate::programs::pages::PartnerProgramsSection partner=id /></section>
        <Log partner_id=id />
    }
}

/// The weekly availability as a table: days down, parts of the day across.
#[component]
pub fn AvailabilityTable(availability: Availability) -> impl IntoView {
    view! {
        <table class="availability">
            <caption class="visually-hidden">"Availability by day and time of day"</caption>
            <thead>
                <tr>
                    <td></td>
                    {DayPart::ALL.iter().map(|p| view! { <th scope="col">{p.label()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {Weekday::ALL
                    .iter()
                    .map(|&d| {
                        view! {
                            <tr>
                                <th scope="row">{d.label()}</th>
                                {DayPart::ALL
                                    .iter()
                                    .map(|&p| {
                                        let free = availability.has(d, p);
                                        view! { <td class:free=free>{if free { "Free" } else { "—" }}</td> }
                                    })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Log(partner_id: i64) -> impl IntoView {
    let log = ServerAction::<LogInteraction>::new();
    let change = ServerAction::<ChangeEntry>::new();
    let delete = ServerAction::<DeleteEntry>::new();
    let entries = Resource::new(
        move || log.version().get() + change.version().get() + delete.version().get(),
        move |_| list_interactions(partner_id),
    );
    let errors = FormErrors::new(log.value());
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let form = NodeRef::new();
    reset_on_success(log.value(), form);
    view! {
        <section class="card" aria-labelledby="log">
            <h2 id="log">"Interaction log"</h2>
            <ActionForm action=log node_ref=form attr:class="log-form" attr:novalidate=true>
                <input type="hidden" name="partner_id" value=partner_id />
                <FormStatus error=action_error(log.value()) />
                <div class="row">
                    <TextField name="occurred_on" label="Date" kind="date" value=today required=true error=errors.signal("occurred_on") />
                    <VocabSelect name="kind" label="Kind" choices={Choices::of(&[InteractionKind::Call])} required=true error=errors.signal("kind") />
                </div>
                <TextArea name="note" label="What happened" required=true rows=3 error=errors.signal("note") />
                <button type="submit">"Add to log"</button>
            </ActionForm>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => view! { <Empty><p>"Nothing logged yet."</p></Empty> }.into_any(),
                        Ok(list) => view! { <LogList list partner_id change delete /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LogList(
    list: Vec<Interaction>,
    partner_id: i64,
    change: ServerAction<ChangeEntry>,
    delete: ServerAction<DeleteEntry>,
) -> impl IntoView {
    view! {
        <ol class="log">
            {list
                .into_iter()
                .map(|i| {
                    let edited = i.edited_at.map(|at| {
                        let by = i.edited_by.clone().map(|n| format!(" by {n}")).unwrap_or_default();
                        view! { " · " <span class="muted">{format!("edited {}{by}", date(at))}</span> }
                    });
                    let editor = i.can_change.then(|| view! { <EntryEditor entry=i.clone() partner_id change delete /> });
                    view! {
                        <li>
                            <p class="log-meta">
                                <time datetime=i.occurred_on.clone()>{day(&i.occurred_on)}</time>
                                " · " <span class="badge">{i.kind.label()}</span>
                                {i.staff_name.map(|n| view! { " · " <span class="muted">{n}</span> })}
                                {edited}
                            </p>
                            <p class="pre">{i.note}</p>
                            {editor}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Correcting or deleting one log entry, folded away until asked for (works without JavaScript).
#[component]
fn EntryEditor(
    entry: Interaction,
    partner_id: i64,
    change: ServerAction<ChangeEntry>,
    delete: ServerAction<DeleteEntry>,
) -> impl IntoView {
    let Interaction {
        id,
        occurred_on,
        kind,
        note,
        ..
    } = entry;
    let date_id = format!("entry-{id}-date");
    let kind_id = format!("entry-{id}-kind");
    let note_id = format!("entry-{id}-note");
    let (date_for, kind_for, note_for) = (date_id.clone(), kind_id.clone(), note_id.clone());
    view! {
        <details class="entry-edit">
            <summary>{format!("Edit or delete the entry of {}", day(&occurred_on))}</summary>
            // The editor that is open is the one acted on, so a refusal shows where it happened.
            <FormStatus error=action_error(change.value()) />
            <FormStatus error=action_error(delete.value()) />
            <ActionForm action=change attr:class="stacked">
                <input type="hidden" name="partner_id" value=partner_id />
                <input type="hidden" name="id" value=id />
                <div class="row">
                    <div class="field">
                        <label for=date_for>"Day it happened"</label>
                        <input id=date_id type="date" name="occurred_on" value=occurred_on required=true />
                    </div>
                    <div class="field">
                        <label for=kind_for>"Type of contact"</label>
                        <select id=kind_id name="kind">
                            {InteractionKind::ALL
                                .iter()
                                .map(|k| view! { <option value=k.slug() selected=*k == kind>{k.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for=note_for>"Entry text"</label>
                    <textarea id=note_id name="note" rows=3 required=true maxlength=2000>{note}</textarea>
                </div>
                <button type="submit">"Save the entry"</button>
            </ActionForm>
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="partner_id" value=partner_id />
                <input type="hidden" name="id" value=id />
                <button type="submit" class="danger">"Delete the entry"</button>
            </ActionForm>
        </details>
    }
}
