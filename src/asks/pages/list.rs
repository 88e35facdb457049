//! `/staff/asks`: every ask by state, and the follow-up list.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::asks::api::{list_asks, partner_asks, SaveFollowUpDays};
use crate::asks::lists::model::AsksView;
use crate::asks::model::AskSummary;
use crate::ui::fields::{FormStatus, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::{date, day};

const TABS: [(&str, &str); 9] = [
    ("follow_up", "Follow up"),
    ("draft", "Drafts"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("proposed", "Other date proposed"),
    ("declined", "Declined"),
    ("expired", "Expired"),
    ("fulfilled", "Fulfilled"),
    ("all", "All"),
];

/// Asks by state; the follow-up list first.
#[component]
pub fn AsksPage() -> impl IntoView {
    let query = use_query_map();
    let status =
        Memo::new(move |_| query.with(|q| q.get_str("status").unwrap_or("follow_up").to_string()));
    let save_days = ServerAction::<SaveFollowUpDays>::new();
    let asks = Resource::new(
        move || (status.get(), save_days.version().get()),
        |(s, _)| list_asks(s),
    );
    view! {
        <Title text="Asks" />
        <div class="page-head">
            <h1>"Asks"</h1>
            <a class="button secondary" href="/staff/asks/templates">"Message templates"</a>
        </div>
        <p>"Draft an ask from a need's matches or a partner's page. Partners answer through the link in their e-mail."</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match asks.await {
                    Ok(v) => view! { <AsksBody view=v status=status.get_untracked() save_days /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AsksBody(
    view: AsksView,
    status: String,
    save_days: ServerAction<SaveFollowUpDays>,
) -> impl IntoView {
    let count = |slug: &str| -> i64 {
        match slug {
            "all" => view
                .counts
                .iter()
                .filter(|(s, _)| s != "follow_up")
                .map(|(_, n)| n)
                .sum(),
            s => view
                .counts
                .iter()
                .find(|(k, _)| k == s)
                .map(|(_, n)| *n)
                .unwrap_or(0),
        }
    };
    let tabs = TABS
        .iter()
        .map(|(slug, label)| {
            let current = status == *slug;
            view! {
                <li>
                    <a href=format!("/staff/asks?status={slug}") aria-current=current.then_some("page")>
                        {*label}" "<span class="count">{format!("({})", count(slug))}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let follow_up = status == "follow_up";
    let days = view.follow_up_days;
    let errors = FormErrors::new(save_days.value());
    let empty = if follow_up {
        format!("Nothing to chase: every ask sent more than {days} days ago has an answer.")
    } else {
        "No asks here.".to_string()
    };
    view! {
        <nav aria-label="Asks by state"><ul class="tabs">{tabs}</ul></nav>
        {follow_up.then(|| view! {
            <p>{format!("Sent more than {days} days ago and still unanswered, the longest waiting first. A call or a visit often helps.")}</p>
            <details class="settings">
                <summary>"Change the follow-up delay (admins)"</summary>
                <ActionForm action=save_days attr:class="inline">
                    <FormStatus error=action_error(save_days.value()) />
                    <TextField name="days" label="Days before an ask needs a follow-up" kind="number" value=days.to_string() error=errors.signal("days") />
                    <button type="submit">"Save"</button>
                </ActionForm>
            </details>
        })}
        {if view.asks.is_empty() {
            view! { <Empty><p>{empty}</p></Empty> }.into_any()
        } else {
            view! { <AskTable asks=view.asks caption="Asks" /> }.into_any()
        }}
    }
}

/// A table of asks.
#[component]
fn AskTable(asks: Vec<AskSummary>, caption: &'static str) -> impl IntoView {
    view! {
        <ListTable caption columns=vec![col("Ask"), col("Partner"), col("Kind"), col("Sent"), col("Reply by"), col("State")]>
                    {asks.into_iter().map(|a| view! {
                        <tr>
                            <td>
                                <a href=format!("/staff/asks/{}", a.id)>{a.subject}</a>
                                {a.need_title.map(|t| view! { <br /><span class="muted">{format!("For {t}")}</span> })}
                            </td>
                            <td><a href=format!("/staff/partners/{}", a.partner_id)>{a.partner_name}</a></td>
                            <td>{a.kind.label()}</td>
                            <td>{a.sent_at.map(date).unwrap_or_else(|| "Not yet".into())}</td>
                            <td>{day(&a.reply_by)}</td>
                            <td><span class=format!("badge ask-{}", a.status.slug())>{a.status.label()}</span></td>
                        </tr>
                    }).collect_view()}
        </ListTable>
    }
}

/// The asks section of a partner's page.
#[component]
pub fn PartnerAsksSection(partner_id: i64) -> impl IntoView {
    let asks = Resource::new(move || partner_id, partner_asks);
    view! {
        <section aria-labelledby="asks-heading">
            <div class="page-head">
                <h2 id="asks-heading">"Asks"</h2>
                <a class="button secondary" href=format!("/staff/asks/new?partner={partner_id}")>"Draft an ask"</a>
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match asks.await {
                        Ok(list) if list.is_empty() => view! { <p>"No asks yet."</p> }.into_any(),
                        Ok(list) => view! { <AskTable asks=list caption="Asks to this partner" /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
