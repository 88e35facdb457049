//! `/staff/partners`: search, filter, sort and page through the directory. The URL carries the
//! filters, so a view can be bookmarked and the form works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{labels_of, StageBadge};
use crate::partners::api::search_partners;
use crate::partners::directory::DirectoryPage as Page;
use crate::partners::directory::{DirectoryQuery, Sort};
use crate::ui::fields::Choices;
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading, Pager};
use crate::vocab::{Audience, Goal, Offering, PartnerKind, Stage, Vocab};
use crate::when::date;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| DirectoryQuery::from_pairs(|k| p.get_str(k))));
    let results = Resource::new(move || query.get(), search_partners);
    view! {
        <Title text="Partners" />
        <div class="page-head">
            <h1>"Partners"</h1>
            <a class="button" href="/staff/partners/new">"Add a partner"</a>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(page) => view! { <Directory query=query.get_untracked() page /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn select(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    choices: Choices,
) -> impl IntoView {
    let id = format!("filter-{name}");
    let Choices { options, chosen } = choices;
    view! {
        <div class="field compact">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=chosen.contains(&value)>{text}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Directory(query: DirectoryQuery, page: Page) -> impl IntoView {
    let q = query.clone();
    let pager_query = query.clone();
    let total = page.total;
    let shown = page.rows.len();
    let pages = page.pages();
    let neighborhoods = page.neighborhoods.clone();
    view! {
        <Form method="GET" action="/staff/partners" attr:class="filters" attr:role="search" attr:aria-label="Filter partners">
            <div class="field search">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" name="q" value=q.q.clone() placeholder="Name, description, tag or contact" />
            </div>
            {select("kind", "Kind", "Any kind", Choices::of::<PartnerKind>(q.kind.as_slice()))}
            {select("offering", "Offers", "Any offering", Choices::of::<Offering>(q.offering.as_slice()))}
            {select("goal", "Goal", "Any goal", Choices::of::<Goal>(q.goal.as_slice()))}
            {select("audience", "Audience", "Any audience", Choices::of::<Audience>(q.audience.as_slice()))}
            {select("stage", "Stage", "Any stage", Choices::of::<Stage>(q.stage.as_slice()))}
            <div class="field compact">
                <label for="filter-neighborhood">"Neighborhood"</label>
                <select id="filter-neighborhood" name="neighborhood">
                    <option value="">"Any neighborhood"</option>
                    {neighborhoods
                        .into_iter()
                        .map(|n| {
                            let sel = q.neighborhood.as_deref() == Some(n.as_str());
                            view! { <option value=n.clone() selected=sel>{n.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field compact">
                <label for="filter-sort">"Sort by"</label>
                <select id="filter-sort" name="sort">
                    {Sort::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.slug() selected=s == q.sort>{s.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <label class="check" for="filter-archived">
                <input id="filter-archived" type="checkbox" name="archived" value="1" checked=q.archived />
                "Archived only"
            </label>
            <div class="filter-actions">
                <button type="submit">"Apply filters"</button>
                <a href="/staff/partners">"Clear"</a>
            </div>
        </Form>
        <p class="result-count" role="status">
            {if total == 0 { "No partners match.".to_string() } else if total as usize == shown { format!("{total} partners") } else { format!("Showing {shown} of {total} partners") }}
        </p>
        {if page.rows.is_empty() {
            view! {
                <Empty>
                    <p>"No partners match these filters."</p>
                    <p><a href="/staff/partners">"Clear the filters"</a> " or " <a href="/staff/partners/new">"add a partner"</a> "."</p>
                </Empty>
            }
            .into_any()
        } else {
            view! {
                <ListTable caption="Partners" columns=vec![col("Name"), col("Kind"), col("Neighborhood"), col("Stage"), col("Offers"), col("Health"), col("Updated")] class="directory">
                            {page
                                .rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/staff/partners/{}", r.id)>{r.name}</a></th>
                                            <td>{r.kind.label()}</td>
                                            <td>{r.neighborhood.unwrap_or_default()}</td>
                                            <td><StageBadge stage=r.stage /></td>
                                            <td class="offers">{labels_of(&r.offerings).join(", ")}</td>
                                            <td class="health"><HealthCell score=r.health reasons=r.health_reasons risks=r.health_risks /></td>
                                            <td class="nowrap">{date(r.updated_at)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                </ListTable>
            }
            .into_any()
        }}
        <Pager page=query.page.min(pages) pages href=Callback::new(move |p| format!("/staff/partners?{}", pager_query.to_query(p))) />
    }
}

/// A partner's health score with its reasons in words (risks first, marked).
#[component]
pub fn HealthCell(score: Option<i64>, reasons: String, risks: String) -> impl IntoView {
    let Some(score) = score else {
        return view! { <span class="muted">"Not scored yet"</span> }.into_any();
    };
    let band = if score >= 70 {
        "good"
    } else if score >= 40 {
        "fair"
    } else {
        "poor"
    };
    view! {
        <span class=format!("health-score {band}")>{score}</span>
        {(!risks.is_empty()).then(|| view! { <span class="health-risk">{format!("At risk: {risks}")}</span> })}
        <span class="health-reasons">{reasons}</span>
    }
    .into_any()
}
