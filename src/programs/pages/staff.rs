//! Staff pages: `/staff/programs` (the schedule), `/staff/programs/:id` (a program, its roster
//! and check-in), `/admin/rooms`, and the programs section of a partner's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::calendar::ProgramLine;
use crate::programs::api::{
    list_rooms, load_schedule_choices, partner_programs, program_roster, staff_programs, AddRoom,
    CancelProgram, CancelQuietly, MarkAttendance, PublishProgram, SetCapacity, UpdateRoom,
};
use crate::programs::bursts::{Burst, BurstKind};
use crate::programs::model::{Attendance, ProgramStatus, RegState};
use crate::programs::records::{Roster, RosterEntry};
use crate::ui::fields::{FormStatus, PlainSelect, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::date_time;

/// The schedule: upcoming programs, drafts included.
#[component]
pub fn StaffProgramsPage() -> impl IntoView {
    let query = use_query_map();
    let past = Memo::new(move |_| query.with(|q| q.get_str("when") == Some("past")));
    let programs = Resource::new(move || past.get(), staff_programs);
    view! {
        <Title text="Programs" />
        <div class="page-head">
            <h1>"Programs"</h1>
            <a class="button" href="/staff/programs/new">"Schedule a program"</a>
        </div>
        <nav aria-label="Programs by time">
            <ul class="tabs">
                <li><a href="/staff/programs" aria-current=move || (!past.get()).then_some("page")>"Upcoming"</a></li>
                <li><a href="/staff/programs?when=past" aria-current=move || past.get().then_some("page")>"Last 90 days"</a></li>
            </ul>
        </nav>
        <p><a href="/programs">"The public calendar"</a>" · "<a href="/admin/rooms">"Rooms"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match programs.await {
                    Ok(list) if list.is_empty() => view! { <Empty><p>"No programs here yet. Schedule a storytime, a talk or a workshop, with a partner as presenter."</p></Empty> }.into_any(),
                    Ok(list) => view! {
                        <ul class="program-list">
                            {list.into_iter().map(|p| {
                                let href = format!("/staff/programs/{}", p.id);
                                let status = p.status;
                                view! {
                                    <li>
                                        <ProgramLine program=p />
                                        <p><span class=format!("badge {}", status.slug())>{status.label()}</span>" "<a href=href>"Roster and settings"</a></p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

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
            {(status != ProgramStatus::Cancelled).then(|| view! {
                <ActionForm action=cancel>
                    <input type="hidden" name="id" value=id />
                    <FormStatus error=action_error(cancel.value()) />
                    <button type="submit" class="danger">"Cancel this program and tell everyone registered"</button>
                </ActionForm>
            })}
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
    let minutes = crate::programs::bursts::WINDOW_SECONDS / 60;
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

/// Rooms at every branch, and a form to add one (admins).
#[component]
pub fn RoomsPage() -> impl IntoView {
    let add = ServerAction::<AddRoom>::new();
    let update = ServerAction::<UpdateRoom>::new();
    let query = use_query_map();
    let editing =
        Memo::new(move |_| query.with(|q| q.get("edit").and_then(|v| v.parse::<i64>().ok())));
    let rooms = Resource::new(
        move || (add.version().get(), update.version().get()),
        |_| list_rooms(),
    );
    let edit_errors = FormErrors::new(update.value());
    let choices = Resource::new(|| (), |_| load_schedule_choices());
    let errors = FormErrors::new(add.value());
    let e = move |n: &str| errors.signal(n.to_string());
    view! {
        <Title text="Rooms" />
        <h1>"Rooms"</h1>
        <p>"Programs are booked into rooms; a room never holds two programs at once, setup and teardown included."</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match rooms.await {
                    Ok(list) if list.is_empty() => view! { <Empty><p>"No rooms yet. Add the rooms programs happen in."</p></Empty> }.into_any(),
                    Ok(list) => {
                        let chosen = editing.get_untracked().and_then(|id| list.iter().find(|r| r.id == id).cloned());
                        view! {
                            {chosen.map(|r| {
                                let heading = format!("Change {}, {}", r.branch, r.name);
                                view! {
                                    <section aria-labelledby="edit-room">
                                        <h2 id="edit-room">{heading}</h2>
                                        <ActionForm action=update attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="edit-room">
                                            <input type="hidden" name="id" value=r.id />
                                            <FormStatus error=action_error(update.value()) />
                                            <TextField name="edit_name" label="Room name" value=r.name.clone() required=true error=edit_errors.signal("edit_name") />
                                            <TextField name="edit_capacity" label="Capacity (people)" kind="number" value=r.capacity.to_string() required=true error=edit_errors.signal("edit_capacity") />
                                            <TextField name="edit_accessibility" label="Accessibility notes" value=r.accessibility.clone().unwrap_or_default() error=edit_errors.signal("edit_accessibility") />
                                            <button type="submit">"Save room"</button>
                                            " "<a href="/admin/rooms">"Cancel"</a>
                                        </ActionForm>
                                    </section>
                                }
                            })}
                            <table>
                                <thead><tr><th scope="col">"Branch"</th><th scope="col">"Room"</th><th scope="col">"Capacity"</th><th scope="col">"Accessibility"</th><th scope="col"><span class="visually-hidden">"Change"</span></th></tr></thead>
                                <tbody>{list.into_iter().map(|r| {
                                    let href = format!("/admin/rooms?edit={}", r.id);
                                    let label = format!("Change {}", r.name);
                                    view! {
                                        <tr><td>{r.branch}</td><th scope="row">{r.name}</th><td>{r.capacity}</td><td>{r.accessibility.unwrap_or_default()}</td>
                                        <td><a href=href aria-label=label>"Change"</a></td></tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorView error=err /> }.into_any(),
                }
            })}
        </Transition>
        <h2 id="add-room">"Add a room"</h2>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let branches = choices.await.map(|c| c.branches).unwrap_or_default();
                let options = branches.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
                view! {
                    <ActionForm action=add attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="add-room">
                        <FormStatus error=action_error(add.value()) />
                        <PlainSelect name="branch" label="Branch" empty="Choose a branch" options=options chosen=String::new() error=errors.get("branch") />
                        <TextField name="name" label="Room name" required=true error=e("name") />
                        <TextField name="capacity" label="Capacity (people)" kind="number" required=true error=e("capacity") />
                        <TextField name="accessibility" label="Accessibility notes" hint="Step-free entrance, hearing loop, nearest accessible toilet…" error=e("accessibility") />
                        <button type="submit">"Add room"</button>
                    </ActionForm>
                }
            })}
        </Transition>
    }
}

/// The programs a partner presented, on its page: delivered programs, with attendance.
#[component]
pub fn PartnerProgramsSection(partner: i64) -> impl IntoView {
    let programs = Resource::new(move || partner, partner_programs);
    view! {
        <section aria-labelledby="presented-heading">
            <h2 id="presented-heading">"Programs presented"</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match programs.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No programs with this partner as presenter yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <table>
                                <thead><tr><th scope="col">"Program"</th><th scope="col">"When"</th><th scope="col">"Registered"</th><th scope="col">"Came"</th></tr></thead>
                                <tbody>{list.into_iter().map(|p| {
                                    let href = format!("/staff/programs/{}", p.id);
                                    let state = match p.status {
                                        ProgramStatus::Cancelled => " (cancelled)",
                                        _ if !p.past => " (upcoming)",
                                        _ => "",
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=href>{p.title}</a>{state}</th>
                                            <td>{p.when}</td>
                                            <td>{p.confirmed}</td>
                                            <td>{if p.past { p.attended.to_string() } else { "—".into() }}</td>
                                        </tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
