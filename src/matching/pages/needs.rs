//! `/staff/needs`: the needs, by state (open ones first).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::matching::api::list_needs;
use crate::matching::needs::model::NeedSummary;
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;

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
        <ListTable caption="Needs, soonest first" columns=vec![col("Need"), col("Offering wanted"), col("Branch"), col("When"), col("State")]>
                    {needs.into_iter().map(|n| view! {
                        <tr>
                            <td><a href=format!("/staff/needs/{}", n.id)>{n.title}</a></td>
                            <td>{n.offering.label()}</td>
                            <td>{n.branch_name}</td>
                            <td>{n.when}</td>
                            <td><span class="badge">{n.status.label()}</span></td>
                        </tr>
                    }).collect_view()}
        </ListTable>
    }
}
