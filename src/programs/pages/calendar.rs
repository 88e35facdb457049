//! `/programs`: the public calendar, as a list or a month grid. The filters are a GET form, so
//! they work without JavaScript and every view has its own address (and its own feed).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::programs::calendar::api::list_programs;
use crate::programs::calendar::model::{month_weeks, Calendar, ProgramCard};
use crate::programs::model::ProgramStatus;
use crate::ui::fields::{Choices, PlainSelect, TextField, VocabSelect};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{labels, Audience, Goal, Vocab};
use crate::when::day;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Filters {
    audience: String,
    goal: String,
    branch: String,
    from: String,
    to: String,
    month: bool,
}

impl Filters {
    fn of(q: &ParamsMap) -> Self {
        let one = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            audience: one("audience"),
            goal: one("goal"),
            branch: one("branch"),
            from: one("from"),
            to: one("to"),
            month: one("view") == "month",
        }
    }

    /// The filters as a query string (without dates), for the feed and the view switch.
    fn query(&self) -> String {
        [
            ("audience", &self.audience),
            ("goal", &self.goal),
            ("branch", &self.branch),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::url::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(Filters::of));
    let calendar = Resource::new(
        move || filters.get(),
        |f| {
            let (from, to) = if f.month {
                crate::when::month_span(&f.from)
            } else {
                (f.from, f.to)
            };
            list_programs(f.audience, f.goal, f.branch, from, to)
        },
    );
    view! {
        <Title text="Programs and events" />
        <h1>"Programs and events"</h1>
        <p class="lead">"Storytimes, talks and workshops at the library, many led by our community partners. Most are free; some need a seat booked."</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match calendar.await {
                    Ok(c) => view! { <CalendarBody calendar=c filters=filters.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CalendarBody(calendar: Calendar, filters: Filters) -> impl IntoView {
    let Calendar {
        programs,
        branches,
        from,
        to,
    } = calendar;
    let branch_options = branches
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let q = filters.query();
    let feed = if q.is_empty() {
        "/programs.ics".to_string()
    } else {
        format!("/programs.ics?{q}")
    };
    let sep = if q.is_empty() { "" } else { "&" };
    let list_href = format!("/programs?{q}");
    let month_href = format!(
        "/programs?{q}{sep}view=month&from={}",
        &from[..7.min(from.len())]
    );
    let count = programs.len();
    let body = if filters.month {
        view! { <MonthGrid programs=programs from=from.clone() /> }.into_any()
    } else if programs.is_empty() {
        view! { <Empty>"No programs match these filters in these dates. Try fewer filters or later dates."</Empty> }.into_any()
    } else {
        view! { <DayList programs=programs /> }.into_any()
    };
    view! {
        <form method="get" action="/programs" class="filters" role="search" aria-label="Filter programs">
            <VocabSelect name="audience" label="For" empty="Everyone" choices={Choices::from_slugs::<Audience>(std::slice::from_ref(&filters.audience))} />
            <VocabSelect name="goal" label="Topic" empty="Any topic" choices={Choices::from_slugs::<Goal>(std::slice::from_ref(&filters.goal))} />
            <PlainSelect name="branch" label="Branch" empty="Every branch" options=branch_options chosen=filters.branch.clone() error=None />
            {if filters.month {
                view! {
                    <input type="hidden" name="view" value="month" />
                    <TextField name="from" label="Month" kind="month" value=from[..7.min(from.len())].to_string() />
                }.into_any()
            } else {
                view! {
                    <TextField name="from" label="From" kind="date" value=from.clone() />
                    <TextField name="to" label="To" kind="date" value=to.clone() />
                }.into_any()
            }}
            <button type="submit">"Show programs"</button>
        </form>
        <p class="view-switch">
            <a href=list_href aria-current=(!filters.month).then_some("page")>"List"</a>
            " · "
            <a href=month_href aria-current=filters.month.then_some("page")>"Month"</a>
            " · "
            <a href=feed>"Subscribe (iCalendar)"</a>
        </p>
        <p class="muted" role="status">{format!("{count} {} from {} to {}", if count == 1 { "program" } else { "programs" }, day(&from), day(&to))}</p>
        {body}
    }
}

fn seats(p: &ProgramCard) -> String {
    use crate::programs::model::Registration;
    match (p.status, p.registration) {
        (ProgramStatus::Cancelled, _) => "Cancelled".into(),
        (_, Registration::Open) => "Drop in: no registration".into(),
        _ if p.seats_left > 0 => format!(
            "{} {} left",
            p.seats_left,
            if p.seats_left == 1 { "seat" } else { "seats" }
        ),
        _ => format!("Full: waitlist of {}", p.waiting),
    }
}

#[component]
fn DayList(programs: Vec<ProgramCard>) -> impl IntoView {
    let mut days: Vec<(String, Vec<ProgramCard>)> = Vec::new();
    for p in programs {
        match days.last_mut() {
            Some((d, list)) if *d == p.day => list.push(p),
            _ => days.push((p.day.clone(), vec![p])),
        }
    }
    view! {
        <div class="program-days">
            {days.into_iter().map(|(d, list)| view! {
                <section class="program-day" aria-label=day(&d)>
                    <h2>{day(&d)}</h2>
                    <ul class="program-list">
                        {list.into_iter().map(|p| view! { <li><ProgramLine program=p /></li> }).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn ProgramLine(program: ProgramCard) -> impl IntoView {
    let href = format!("/programs/{}", program.id);
    let cancelled = program.status == ProgramStatus::Cancelled;
    let credits = program
        .presenters
        .iter()
        .map(|p| p.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let seats = seats(&program);
    view! {
        <article class="program-line" class:cancelled=cancelled>
            <h3><a href=href>{program.title.clone()}</a></h3>
            <p>{program.when.clone()}</p>
            <p class="muted">{program.place.clone()}</p>
            {(!program.audiences.is_empty()).then(|| view! { <p class="muted">{format!("For {}", labels(&program.audiences).to_lowercase())}</p> })}
            {(!credits.is_empty()).then(|| view! { <p>{format!("With {credits}")}</p> })}
            <p class="seats"><strong>{seats}</strong></p>
        </article>
    }
}

#[component]
fn MonthGrid(programs: Vec<ProgramCard>, from: String) -> impl IntoView {
    let Some(first) = crate::when::parse_iso_date(&from) else {
        return view! { <p>"Choose a month."</p> }.into_any();
    };
    let weeks = month_weeks(first);
    let month = first.month();
    view! {
        <table class="month">
            <caption>{format!("{} {}", crate::when::month_name(month), first.year())}</caption>
            <thead><tr>{crate::vocab::Weekday::ALL.iter().map(|d| view! { <th scope="col" abbr=d.label()>{&d.label()[..3]}</th> }).collect_view()}</tr></thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|d| {
                            let iso = d.to_string();
                            let here: Vec<ProgramCard> = programs.iter().filter(|p| p.day == iso).cloned().collect();
                            let other = d.month() != month;
                            view! {
                                <td class:other-month=other>
                                    <span class="daynum">{d.day()}</span>
                                    <ul>
                                        {here.into_iter().map(|p| {
                                            let href = format!("/programs/{}", p.id);
                                            let cancelled = p.status == ProgramStatus::Cancelled;
                                            view! { <li class:cancelled=cancelled><a href=href>{p.title}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                </td>
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}
