//! `/staff/outbox` and `/staff/outbox/:id`: every e-mail Commonplace sends, and its state.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_outbox_message, list_outbox, OutboxView, RetryMessage};
use super::model::{OutboxMessage, OutboxState, MAX_ATTEMPTS};
use crate::ui::fields::FormStatus;
use crate::ui::form_state::action_error;
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::date_time;

/// The outbox, newest first, by state.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| query.with(|q| q.get_str("show").unwrap_or("").to_string()));
    let outbox = Resource::new(move || state.get(), list_outbox);
    let tab = move |slug: &'static str, label: &'static str| {
        view! {
            <li>
                <a href=if slug.is_empty() { "/staff/outbox".to_string() } else { format!("/staff/outbox?show={slug}") }
                    aria-current=move || (state.get() == slug).then_some("page")>{label}</a>
            </li>
        }
    };
    view! {
        <Title text="Outbox" />
        <h1>"Outbox"</h1>
        <nav aria-label="Messages by state">
            <ul class="tabs">
                {tab("", "All")}
                {tab("queued", "Queued")}
                {tab("sent", "Sent")}
                {tab("logged", "Logged")}
                {tab("failed", "Failed")}
                {tab("withheld", "Withheld")}
            </ul>
        </nav>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match outbox.await {
                    Ok(view) => view! { <OutboxList view /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OutboxList(view: OutboxView) -> impl IntoView {
    let count = |s: OutboxState| {
        view.counts
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let summary = format!(
        "{} queued, {} sent, {} logged, {} failed, {} withheld.",
        count(OutboxState::Queued),
        count(OutboxState::Sent),
        count(OutboxState::Logged),
        count(OutboxState::Failed),
        count(OutboxState::Withheld)
    );
    let how = if view.smtp {
        "Messages are sent through the library's SMTP server; a failed try is retried with growing waits."
    } else {
        "No SMTP server is configured: messages are written to the server log instead of being sent."
    };
    let messages = view.messages;
    view! {
        <p>{how}" "{summary}</p>
        {if messages.is_empty() {
            view! { <Empty><p>"No messages here."</p></Empty> }.into_any()
        } else {
            view! {
                <ListTable caption="Messages, newest first" columns=vec![col("Subject"), col("To"), col("Queued"), col("State"), col("Tries")]>
                            {messages.into_iter().map(|m| view! {
                                <tr>
                                    <td><a href=format!("/staff/outbox/{}", m.id)>{m.subject}</a></td>
                                    <td>{m.to_address}</td>
                                    <td>{date_time(m.created_at)}</td>
                                    <td><span class=format!("badge state-{}", m.state.slug())>{m.state.label()}</span></td>
                                    <td>{m.attempts}</td>
                                </tr>
                            }).collect_view()}
                </ListTable>
            }.into_any()
        }}
    }
}

/// One message: its text, its state and why it failed.
#[component]
pub fn OutboxMessagePage() -> impl IntoView {
    let params = use_params_map();
    let retry = ServerAction::<RetryMessage>::new();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let message = Resource::new(
        move || (id(), retry.version().get()),
        |(id, _)| get_outbox_message(id),
    );
    view! {
        <Title text="Message" />
        <p class="crumbs"><a href="/staff/outbox">"← Outbox"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match message.await {
                    Ok(m) => view! { <MessageView m retry /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MessageView(m: OutboxMessage, retry: ServerAction<RetryMessage>) -> impl IntoView {
    let to = match &m.to_name {
        Some(n) => format!("{n} <{}>", m.to_address),
        None => m.to_address.clone(),
    };
    let when = match (m.state, m.sent_at) {
        (OutboxState::Queued, _) if m.attempts > 0 => format!(
            "Try {} of {MAX_ATTEMPTS} failed; next try {}.",
            m.attempts,
            date_time(m.next_attempt_at)
        ),
        (OutboxState::Queued, _) => "Waiting to be sent.".to_string(),
        (OutboxState::Sent, Some(t)) => format!("Sent {}.", date_time(t)),
        (OutboxState::Logged, Some(t)) => format!("Written to the server log {}.", date_time(t)),
        (OutboxState::Failed, _) => format!("Gave up after {} tries.", m.attempts),
        (OutboxState::Withheld, _) => {
            "Not sent: see why below. Send it anyway if it is wanted.".to_string()
        }
        _ => String::new(),
    };
    let withheld = m.state == OutboxState::Withheld;
    let failed = m.state == OutboxState::Failed || withheld;
    view! {
        <h1>{m.subject.clone()}</h1>
        <dl class="facts">
            <dt>"To"</dt><dd>{to}</dd>
            <dt>"About"</dt><dd>{m.topic.clone()}</dd>
            <dt>"Queued"</dt><dd>{date_time(m.created_at)}</dd>
            <dt>"State"</dt><dd><span class=format!("badge state-{}", m.state.slug())>{m.state.label()}</span>" "{when}</dd>
            {m.last_error.clone().map(|e| {
                let label = if withheld { "Why it was not sent" } else { "Last error" };
                view! { <dt>{label}</dt><dd><code>{e}</code></dd> }
            })}
        </dl>
        {failed.then(|| view! {
            <ActionForm action=retry>
                <input type="hidden" name="id" value=m.id />
                <FormStatus error=action_error(retry.value()) />
                <button type="submit">{if withheld { "Send it anyway" } else { "Try again" }}</button>
            </ActionForm>
        })}
        <h2>"Message"</h2>
        <pre class="mail-body">{m.body.clone()}</pre>
    }
}
