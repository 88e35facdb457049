//! `/staff/needs` (list), `/staff/needs/new`, `/staff/needs/:id` (the need and its matches)
//! and `/staff/needs/:id/edit`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::error::AppError;
use crate::matching::api::{
    get_need, list_branches, list_needs, load_need_matches, SaveNeed, SetNeedStatus,
};
use crate::matching::engine::{Factor, LeftOut, Suggestion};
use crate::matching::model::{
    BranchRecord, NeedForm, NeedMatches, NeedStatus, NeedSummary, TimeOfDay,
};
use crate::ui::fields::{
    field_id, Choices, FormStatus, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{labels, Audience, Goal, Offering, Vocab};

/// The list of needs, open ones first by default.
#[component]
pub fn NeedsPage() -> impl IntoView {
    let query = use_query_map();
    let status =
        Memo::new(move |_| query.with(|q| q.get_str("status").unwrap_or("open").to_string()));
    let needs = Resource::new(move || status.get(), list_needs);
    let tab = move |slug: &'static str, label: &'static str| {
        view! {
            <li>
                <a href=format!("/staff/needs?status={slug}") aria-current=move || (status.get() == slug).then_some("page")>{label}</a>
            </li>
        }
    };
    view! {
        <Title text="Needs" />
        <div class="page-head">
            <h1>"Needs"</h1>
            <a class="button" href="/staff/needs/new">"Record a need"</a>
        </div>
        <nav aria-label="Needs by state">
            <ul class="tabs">
                {tab("open", "Open")}
                {tab("filled", "Filled")}
                {tab("cancelled", "Cancelled")}
                {tab("all", "All")}
            </ul>
        </nav>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match needs.await {
                    Ok(list) if list.is_empty() => view! {
                        <Empty><p>"No needs here. Record what the library is looking for: refreshments for a meeting, a storytime reader, a sponsor for teen supplies."</p></Empty>
                    }.into_any(),
                    Ok(list) => view! { <NeedTable needs=list /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NeedTable(needs: Vec<NeedSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Needs, soonest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Need"</th>
                        <th scope="col">"Offering wanted"</th>
                        <th scope="col">"Branch"</th>
                        <th scope="col">"When"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>
                    {needs.into_iter().map(|n| view! {
                        <tr>
                            <td><a href=format!("/staff/needs/{}", n.id)>{n.title}</a></td>
                            <td>{n.offering.label()}</td>
                            <td>{n.branch_name}</td>
                            <td>{n.when}</td>
                            <td><span class="badge">{n.status.label()}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

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

fn need_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())))
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

/// A need, its state, and the partners to ask, with the reasons.
#[component]
pub fn NeedPage() -> impl IntoView {
    let id = need_id();
    let set_status = ServerAction::<SetNeedStatus>::new();
    let matches = Resource::new(
        move || (id.get(), set_status.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_need_matches(id).await,
                None => Err(AppError::NotFound("That need".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match matches.await {
                    Ok(m) => view! { <NeedBody data=m set_status /> }.into_any(),
                    Err(e) => view! { <Title text="Need" /> <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NeedBody(data: NeedMatches, set_status: ServerAction<SetNeedStatus>) -> impl IntoView {
    let NeedMatches {
        record,
        ranking,
        weights,
    } = data;
    let suggested = ranking.suggested;
    let id = record.id;
    let need = record.need.clone();
    let status = record.status;
    let shown = ranking.suggestions.len();
    let status_button = move |to: NeedStatus, label: &'static str| {
        view! {
            <ActionForm action=set_status attr:class="inline">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value=to.slug() />
                <button type="submit" class="secondary">{label}</button>
            </ActionForm>
        }
    };
    view! {
        <Title text=need.title.clone() />
        <p class="crumbs"><a href="/staff/needs">"Needs"</a></p>
        <h1>{need.title.clone()}</h1>
        <p><span class="badge">{status.label()}</span>{format!(" {} · {} · {}", need.offering.label(), record.branch_name, need.when())}</p>
        <dl class="facts">
            <dt>"Goals"</dt><dd>{if need.goals.is_empty() { "None given".to_string() } else { labels(&need.goals) }}</dd>
            <dt>"Audience"</dt><dd>{if need.audiences.is_empty() { "Anyone".to_string() } else { labels(&need.audiences) }}</dd>
            {need.notes.clone().map(|n| view! { <dt>"Notes"</dt><dd class="prose">{n}</dd> })}
            {record.poll_question.clone().zip(need.poll_id).map(|(q, pid)| view! {
                <dt>"Came from"</dt><dd><a href=format!("/staff/polls/{pid}")>{format!("the poll “{q}”")}</a></dd>
            })}
            {record.created_by.clone().map(|by| view! { <dt>"Recorded by"</dt><dd>{by}</dd> })}
        </dl>
        <div class="actions">
            <a class="button secondary" href=format!("/staff/needs/{id}/edit")>"Edit"</a>
            <FormStatus error=action_error(set_status.value()) />
            {match status {
                NeedStatus::Open => view! {
                    {status_button(NeedStatus::Filled, "Mark as filled")}
                    {status_button(NeedStatus::Cancelled, "Cancel this need")}
                }.into_any(),
                _ => status_button(NeedStatus::Open, "Reopen").into_any(),
            }}
        </div>
        <section aria-labelledby="matches-heading">
            <h2 id="matches-heading">"Partners to ask"</h2>
            {if ranking.suggestions.is_empty() {
                view! { <Empty><p>"No partner in the directory can be suggested for this need yet."</p></Empty> }.into_any()
            } else {
                view! {
                    <p>{if suggested > shown { format!("The best {shown} of {suggested} partners, best first. Each line says what counted.") } else { format!("{suggested} partners, best first. Each line says what counted.") }}</p>
                    <details class="how">
                        <summary>"How scores are made"</summary>
                        <p>{format!(
                            "Out of 100, in proportion to the weights an admin set: offering {}, goals {}, audience {}, availability {}, distance {}, track record {}. A missing fact earns half its points. Each ask in the last {} days takes {} points off; partners with {} or more open asks, and ended or paused partners, are not suggested.",
                            weights.offering, weights.goals, weights.audience, weights.availability, weights.distance,
                            weights.track_record, weights.fatigue_days, weights.fatigue_per_ask, weights.open_ask_cap
                        )}</p>
                    </details>
                    <ol class="matches">
                        {ranking.suggestions.into_iter().map(|s| view! { <MatchCard s need_id=Some(id) /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(!ranking.left_out.is_empty()).then(|| view! { <LeftOutList left_out=ranking.left_out total=ranking.left_out_count /> })}
        </section>
    }
}

#[component]
pub fn MatchCard(s: Suggestion, need_id: Option<i64>) -> impl IntoView {
    let heading = format!("match-{}", s.partner_id);
    let draft = format!(
        "/staff/asks/new?partner={}{}",
        s.partner_id,
        need_id.map(|n| format!("&need={n}")).unwrap_or_default()
    );
    let name = s.name.clone();
    view! {
        <li class="match" aria-labelledby=format!("match-{}", s.partner_id)>
            <div class="match-head">
                <h3 id=heading><a href=format!("/staff/partners/{}", s.partner_id)>{s.name.clone()}</a></h3>
                <p class="score"><strong>{s.score}</strong><span>" / 100"</span></p>
            </div>
            <meter class="score-bar" min="0" max="100" low="40" high="70" optimum="100" value=s.score
                aria-label=format!("Score of {name}: {} out of 100", s.score)>{format!("{} / 100", s.score)}</meter>
            <FactorList factors=s.factors />
            <p class="match-actions"><a class="button small" href=draft aria-label=format!("Draft ask to {name}")>"Draft ask"</a></p>
        </li>
    }
}

/// The per-factor explanation: points and the reason, in words.
#[component]
pub fn FactorList(factors: Vec<Factor>) -> impl IntoView {
    view! {
        <ul class="factors">
            {factors.into_iter().map(|f| {
                let points = if f.points > 0 { format!("+{}", f.points) } else { f.points.to_string() };
                let class = if f.points < 0 { "factor minus" } else if f.points == 0 { "factor zero" } else { "factor" };
                view! {
                    <li class=class>
                        <span class="points" title=f.kind.label()>{points}</span>
                        " "
                        <span class="reason">{f.reason}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn LeftOutList(left_out: Vec<LeftOut>, total: usize) -> impl IntoView {
    let shown = left_out.len();
    view! {
        <details class="left-out">
            <summary>{format!("Not suggested ({total})")}</summary>
            {(total > shown).then(|| view! { <p>{format!("The first {shown} by name:")}</p> })}
            <ul>
                {left_out.into_iter().map(|l| view! {
                    <li><a href=format!("/staff/partners/{}", l.partner_id)>{l.name}</a>{format!(": {}", l.reason)}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}
