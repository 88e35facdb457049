//! `/staff/programs/:id`: a program for staff: publish or cancel it, change its capacity, its
//! roster with check-in at the door, and bursts of registrations to look at.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::programs::booking::api::{
    program_roster, CancelProgram, CancelQuietly, MarkAttendance, SetCapacity,
};
use crate::programs::booking::bursts::{Burst, BurstKind, WINDOW_SECONDS};
use crate::programs::booking::model::{Attendance, RegState, Roster, RosterEntry};
use crate::programs::model::ProgramStatus;
use crate::programs::schedule::api::PublishProgram;
use crate::ui::fields::{FormStatus, TextArea, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::date_time;

/// A program for staff: publish or cancel it, change its capacity, and its roster.
#[component]
pub fn StaffProgramPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    });
    let publish = ServerAction::<PublishProgram>::new();
    let cancel = ServerAction::<CancelProgram>::new();
    let capacity = ServerAction::<SetCapacity>::new();
    let mark = ServerAction::<MarkAttendance>::new();
    let quietly = ServerAction::<CancelQuietly>::new();
    let roster = Resource::new(
        move || {
            (
                id.get(),
                publish.version().get(),
                cancel.version().get(),
                capacity.version().get(),
                mark.version().get(),
                quietly.version().get(),
            )
        },
        |(id, ..)| program_roster(id),
    );
    view! {
        <p class="crumbs"><a href="/staff/programs">"← Programs"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match roster.await {
                    Ok(r) => view! { <RosterBody roster=r publish cancel capacity mark quietly /> }.into_any(),
                    Err(e) => view! { <Title text="Program" /><h1>"Program"</h1><ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RosterBody(
    roster: Roster,
    publish: ServerAction<PublishProgram>,
    cancel: ServerAction<CancelProgram>,
    capacity: ServerAction<SetCapacity>,
    mark: ServerAction<MarkAttendance>,
    quietly: ServerAction<CancelQuietly>,
) -> impl IntoView {
    let p = roster.program.clone();
    let card = p.card.clone();
    let id = card.id;
    let booking = p.booking_id;
    let status = card.status;
    let cap_errors = FormErrors::new(capacity.value());
    let csv = format!("/staff/programs/{booking}/roster.csv");
    let public = format!("/programs/{id}");
    let confirmed: Vec<RosterEntry> = roster
        .entries
        .iter()
        .filter(|e| e.state == RegState::Confirmed)
        .cloned()
        .collect();
    let waiting: Vec<RosterEntry> = roster
        .entries
        .iter()
        .filter(|e| e.state == RegState::Waiting)
        .cloned()
        .collect();
    let cancelled: Vec<RosterEntry> = roster
        .entries
        .iter()
        .filter(|e| e.state == RegState::Cancelled)
        .cloned()
        .collect();
    let credits = card
        .presenters
        .iter()
        .map(|x| x.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let held_elsewhere = booking != id;
    let parties = confirmed.len() + waiting.len();
    let people: i64 = confirmed.iter().chain(&waiting).map(|e| e.party_size).sum();
    view! {
        <Title text=card.title.clone() />
        <div class="page-head">
            <h1>{card.title.clone()}</h1>
            <span class=format!("badge {}", status.slug())>{status.label()}</span>
        </div>
        <dl class="facts">
            <dt>"When"</dt><dd>{card.when.clone()}</dd>
            <dt>"Where"</dt><dd>{card.place.clone()}</dd>
            {(!credits.is_empty()).then(|| view! { <dt>"Partner presenters"</dt><dd>{credits}</dd> })}
            <dt>"Seats"</dt><dd>{format!("{} of {} taken; {} waiting", card.capacity - card.seats_left, card.capacity, card.waiting)}</dd>
            <dt>"Attendance"</dt><dd>{format!("{} of {} confirmed people checked in", roster.attended_people, roster.confirmed_people)}</dd>
        </dl>
        <p><a href=public>"Public page"</a>" · "<a href=csv download="">"Roster as CSV"</a></p>
        {(p.sessions.len() > 1).then(|| view! {
            <details>
                <summary>{format!("{} sessions", p.sessions.len())}</summary>
                <ul>{p.sessions.iter().map(|s| {
                    let href = format!("/staff/programs/{}", s.id);
                    view! { <li><a href=href>{s.when.clone()}</a>{format!(" — {}", s.status.label())}</li> }
                }).collect_view()}</ul>
            </details>
        })}
        <div class="actions">
            {(status == ProgramStatus::Draft).then(|| view! {
                <ActionForm action=publish>
                    <input type="hidden" name="id" value=id />
                    <FormStatus error=action_error(publish.value()) />
                    <button type="submit">"Publish"</button>
                </ActionForm>
            })}
            {(status != ProgramStatus::Cancelled).then(|| view! { <CancelProgramForm id parties people cancel /> })}
        </div>
        {(!held_elsewhere && status != ProgramStatus::Cancelled).then(|| view! {
            <ActionForm action=capacity attr:class="inline-form" attr:novalidate=true attr:aria-label="Change capacity">
                <input type="hidden" name="id" value=id />
                <FormStatus error=action_error(capacity.value()) />
                <TextField name="capacity" label="Capacity" kind="number" value=card.capacity.to_string() required=true error=cap_errors.signal("capacity") />
                <button type="submit" class="secondary">"Change capacity"</button>
            </ActionForm>
        })}
        {held_elsewhere.then(|| {
            let href = format!("/staff/programs/{booking}");
            view! { <p>"This series is booked as one: the roster is on "<a href=href>"its first session"</a>"."</p> }
        })}
        <section aria-labelledby="feedback-heading">
            <h2 id="feedback-heading">"Feedback"</h2>
            {if roster.polls.is_empty() {
                view! { <p class="muted">"No feedback poll yet."</p> }.into_any()
            } else {
                view! {
                    <ul>{roster.polls.iter().map(|(pid, q)| {
                        let href = format!("/staff/polls/{pid}");
                        view! { <li><a href=href>{q.clone()}</a></li> }
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <p><a href=format!("/staff/polls/new?program={id}")>"Ask for feedback with a poll"</a>" (one-time codes make a printable sheet for the people who came)"</p>
        </section>
        {(!roster.bursts.is_empty()).then(|| view! {
            <Bursts program=booking bursts=roster.bursts.clone() entries=roster.entries.clone() quietly />
        })}
        <section id="roster" aria-labelledby="roster-heading">
            <h2 id="roster-heading">"Roster"</h2>
            <h3>{format!("Confirmed ({})", confirmed.len())}</h3>
            <EntryTable entries=confirmed mark check_in=true />
            <h3>{format!("Waitlist ({})", waiting.len())}</h3>
            <EntryTable entries=waiting mark check_in=false />
            {(!cancelled.is_empty()).then(|| view! {
                <h3>{format!("Cancelled ({})", cancelled.len())}</h3>
                <EntryTable entries=cancelled mark check_in=false />
            })}
        </section>
    }
}

/// Cancelling a program: folded away, saying who will be written to, with an optional note for
/// the letter and a box to tick (works without JavaScript).
#[component]
fn CancelProgramForm(
    id: i64,
    parties: usize,
    people: i64,
    cancel: ServerAction<CancelProgram>,
) -> impl IntoView {
    let errors = FormErrors::new(cancel.value());
    let told = match parties {
        0 => "Nobody is registered, so no letter goes out.".to_string(),
        1 => format!("The 1 registered party ({people} {}) will get a letter saying it is cancelled.", if people == 1 { "person" } else { "people" }),
        n => format!("{n} registered parties ({people} people, the waitlist included) will each get a letter saying it is cancelled."),
    };
    let button = if parties == 0 {
        "Cancel the program".to_string()
    } else {
        format!("Cancel the program and write to {parties}")
    };
    view! {
        <details class="cancel-program">
            <summary>"Cancel this program…"</summary>
            <ActionForm action=cancel attr:class="stacked">
                <input type="hidden" name="id" value=id />
                <FormStatus error=action_error(cancel.value()) />
                <p>{told}</p>
                <TextArea name="note" label="A note for the letter (optional)" rows=3 hint="For example why, or when it will be held again." error=errors.signal("note") />
                <label class="check" for="f-confirm">
                    <input id="f-confirm" type="checkbox" name="confirm" value="yes" required=true />
                    "Yes, cancel it"
                </label>
                <p class="field-error" hidden=move || errors.signal("confirm").get().is_none()>{move || errors.signal("confirm").get().unwrap_or_default()}</p>
                <button type="submit" class="danger">{button}</button>
            </ActionForm>
        </details>
    }
}

/// Many registrations from one place in a short time, each group with a form that cancels
/// the ticked ones without e-mailing them.
#[component]
fn Bursts(
    program: i64,
    bursts: Vec<Burst>,
    entries: Vec<RosterEntry>,
    quietly: ServerAction<CancelQuietly>,
) -> impl IntoView {
    let query = use_query_map();
    let done = move || {
        quietly
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| query.with(|q| q.get_str("quietly").and_then(|v| v.parse().ok())))
    };
    let minutes = WINDOW_SECONDS / 60;
    view! {
        <section class="bursts" aria-labelledby="bursts-heading">
            <h2 id="bursts-heading">"Possible bulk registrations"</h2>
            {move || done().map(|n: usize| view! {
                <p class="notice success" role="status">{format!("Cancelled {n} registrations without e-mailing them.")}</p>
            })}
            <p>{format!("These registrations came close together (within {minutes} minutes) from one computer or network, or from one e-mail domain. A script can book out a program with invented addresses; a class or a family may also register together. Untick anyone you know is real, then cancel the rest: they get no e-mail, and freed seats go to the waitlist.")}</p>
            {bursts.into_iter().enumerate().map(|(n, b)| {
                let heading_id = format!("burst-{n}");
                let labelled_by = heading_id.clone();
                let what = match b.kind {
                    BurstKind::Client => format!("{} registrations from one computer or network ({})", b.ids.len(), b.source),
                    BurstKind::Domain => format!("{} registrations with addresses at {}", b.ids.len(), b.source),
                };
                let span = format!("{} to {}", date_time(b.first_at), date_time(b.last_at));
                let rows: Vec<RosterEntry> = b.ids.iter().filter_map(|id| entries.iter().find(|e| e.id == *id).cloned()).collect();
                view! {
                    <ActionForm action=quietly attr:class="burst" attr:aria-labelledby=labelled_by>
                        <h3 id=heading_id>{what}</h3>
                        <p class="muted">{span}</p>
                        <input type="hidden" name="program" value=program />
                        <FormStatus error=action_error(quietly.value()) />
                        <fieldset class="checks">
                            <legend>"Cancel these registrations"</legend>
                            {rows.into_iter().map(|e| {
                                let cid = format!("quiet-{n}-{}", e.id);
                                let for_id = cid.clone();
                                view! {
                                    <label class="check" for=for_id>
                                        <input type="checkbox" id=cid name="ids[]" value=e.id.to_string() checked=true />
                                        {format!("{} <{}>, {} {}, {}", e.name, e.email, e.party_size, if e.party_size == 1 { "person" } else { "people" }, e.state.label().to_lowercase())}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="danger">"Cancel the ticked registrations without e-mailing them"</button>
                    </ActionForm>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn EntryTable(
    entries: Vec<RosterEntry>,
    mark: ServerAction<MarkAttendance>,
    check_in: bool,
) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">"Nobody."</p> }.into_any();
    }
    view! {
        <table class="roster">
            <thead>
                <tr>
                    {(!check_in).then(|| view! { <th scope="col">"#"</th> })}
                    <th scope="col">"Name"</th>
                    <th scope="col">"Party"</th>
                    <th scope="col">"E-mail"</th>
                    <th scope="col">"Accessibility needs"</th>
                    <th scope="col">"Registered"</th>
                    {check_in.then(|| view! { <th scope="col">"At the door"</th> })}
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|e| {
                    let id = e.id;
                    let who = e.name.clone();
                    view! {
                        <tr>
                            {(!check_in).then(|| view! { <td>{e.position.map(|p| p.to_string()).unwrap_or_default()}</td> })}
                            <th scope="row">{e.name.clone()}</th>
                            <td>{e.party_size}</td>
                            <td>{e.email.clone()}</td>
                            <td>{e.needs.clone().unwrap_or_default()}</td>
                            <td>{date_time(e.registered_at)}</td>
                            {check_in.then(|| view! {
                                <td class="door">
                                    {e.attendance.map(|a| view! { <span class=format!("badge {}", a.slug())>{a.label()}</span> })}
                                    <ActionForm action=mark attr:class="inline">
                                        <input type="hidden" name="registration" value=id />
                                        {if e.attendance.is_none() {
                                            view! {
                                                <button type="submit" name="attendance" value=Attendance::Attended.slug() aria-label=format!("Check in {who}")>"Check in"</button>
                                                <button type="submit" class="secondary" name="attendance" value=Attendance::NoShow.slug() aria-label=format!("Mark {who} as a no-show")>"No-show"</button>
                                            }.into_any()
                                        } else {
                                            view! { <button type="submit" class="secondary" name="attendance" value="" aria-label=format!("Undo the mark for {who}")>"Undo"</button> }.into_any()
                                        }}
                                    </ActionForm>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}
