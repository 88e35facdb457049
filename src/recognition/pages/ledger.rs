//! `/staff/recognition`: what the library promised partners, overdue items first to catch the eye.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::{
    list_recognition, partner_recognition, AddRecognition, FulfilRecognition,
};
use crate::recognition::model::{RecognitionItem, RecognitionKind};
use crate::ui::fields::{Choices, FormStatus, TextField, VocabSelect};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::day;

/// The whole ledger.
#[component]
pub fn RecognitionPage() -> impl IntoView {
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|q| q.get_str("show").unwrap_or("open").to_string()));
    let fulfil = ServerAction::<FulfilRecognition>::new();
    let items = Resource::new(
        move || (filter.get(), fulfil.version().get()),
        |(f, _)| list_recognition(f),
    );
    let tab = move |slug: &'static str, label: &'static str| {
        view! {
            <li><a href=format!("/staff/recognition?show={slug}") aria-current=move || (filter.get() == slug).then_some("page")>{label}</a></li>
        }
    };
    view! {
        <Title text="Recognition" />
        <div class="page-head">
            <h1>"Recognition"</h1>
            <a class="button secondary" href="/sponsors">"Sponsor wall"</a>
            <a class="button secondary" href="/flyer">"This month's flyer"</a>
        </div>
        <p>"What the library promised partners in return. Items appear when a partner accepts an ask; add others from a partner's page."</p>
        <nav aria-label="Recognition by state">
            <ul class="tabs">
                {tab("open", "To do")}
                {tab("overdue", "Overdue")}
                {tab("fulfilled", "Fulfilled")}
                {tab("all", "All")}
            </ul>
        </nav>
        <FormStatus error=action_error(fulfil.value()) />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match items.await {
                    Ok((list, _)) if list.is_empty() => view! { <Empty><p>"Nothing here."</p></Empty> }.into_any(),
                    Ok((list, today)) => view! { <LedgerTable items=list today fulfil show_partner=true /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LedgerTable(
    items: Vec<RecognitionItem>,
    today: String,
    fulfil: ServerAction<FulfilRecognition>,
    show_partner: bool,
) -> impl IntoView {
    let columns = [
        Some(col("Recognition")),
        show_partner.then_some(col("Partner")),
        Some(col("For")),
        Some(col("Due")),
        Some(col("State")),
    ]
    .into_iter()
    .flatten()
    .collect();
    view! {
        <ListTable caption="Recognition items" columns class="ledger">
                    {items.into_iter().map(|r| {
                        let overdue = r.overdue(&today);
                        let label = format!("Mark fulfilled: {} for {}", r.kind.label(), r.partner_name);
                        let state = match &r.fulfilled_on {
                            Some(d) => view! { <span class="badge">{format!("Fulfilled {}", day(d))}</span> }.into_any(),
                            None => view! {
                                {overdue.then(|| view! { <span class="badge overdue">"Overdue"</span>" " })}
                                <ActionForm action=fulfil attr:class="inline">
                                    <input type="hidden" name="id" value=r.id />
                                    <button type="submit" class="small" aria-label=label>"Mark fulfilled"</button>
                                </ActionForm>
                            }.into_any(),
                        };
                        let what = match (r.ask_id, r.ask_subject.clone()) {
                            (Some(id), Some(s)) => view! { <a href=format!("/staff/asks/{id}")>{s}</a> }.into_any(),
                            _ => view! { {r.note.clone().unwrap_or_default()} }.into_any(),
                        };
                        view! {
                            <tr class:overdue=overdue>
                                <td>{r.kind.label()}</td>
                                {show_partner.then(|| view! { <td><a href=format!("/staff/partners/{}", r.partner_id)>{r.partner_name.clone()}</a></td> })}
                                <td>{what}</td>
                                <td>{day(&r.due_on)}</td>
                                <td>{state}</td>
                            </tr>
                        }
                    }).collect_view()}
        </ListTable>
    }
}

/// A partner's ledger items and a form to add one, on the partner's page.
#[component]
pub fn PartnerRecognitionSection(partner_id: i64) -> impl IntoView {
    let fulfil = ServerAction::<FulfilRecognition>::new();
    let add = ServerAction::<AddRecognition>::new();
    let items = Resource::new(
        move || (partner_id, fulfil.version().get(), add.version().get()),
        |(id, _, _)| partner_recognition(id),
    );
    let errors = FormErrors::new(add.value());
    view! {
        <section aria-labelledby="recognition-heading">
            <h2 id="recognition-heading">"Recognition"</h2>
            <FormStatus error=action_error(fulfil.value()) />
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok((list, _)) if list.is_empty() => view! { <p>"Nothing promised yet."</p> }.into_any(),
                        Ok((list, today)) => view! { <LedgerTable items=list today fulfil show_partner=false /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
            <details>
                <summary>"Promise a recognition"</summary>
                <ActionForm action=add attr:class="stacked narrow" attr:aria-label="Promise a recognition">
                    <input type="hidden" name="partner_id" value=partner_id />
                    <FormStatus error=action_error(add.value()) />
                    <VocabSelect name="recognition" label="Recognition" choices={Choices::of::<RecognitionKind>(&[])} empty="Choose…" required=true error=errors.signal("recognition") />
                    <TextField name="due_on" label="Due" kind="date" required=true error=errors.signal("due_on") />
                    <TextField name="recognition_note" label="What it is for" maxlength=500 error=errors.signal("recognition_note") />
                    <button type="submit">"Add to the ledger"</button>
                </ActionForm>
            </details>
        </section>
    }
}
