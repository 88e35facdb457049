//! Staff pages of the calendar: `/staff/programs` (the schedule, drafts included) and the
//! programs section of a partner's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::calendar::ProgramLine;
use crate::programs::calendar::api::{partner_programs, staff_programs};
use crate::programs::model::ProgramStatus;
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;

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
