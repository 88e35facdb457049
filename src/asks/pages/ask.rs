//! `/staff/asks/:id`: one ask, its answer, and what can be done with it next.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::asks::api::{get_ask, DiscardAsk, FulfilAsk, SendAsk};
use crate::asks::model::{in_return_text, AskRecord, AskStatus};
use crate::ui::fields::FormStatus;
use crate::ui::form_state::action_error;
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::{date, date_time, day};

#[component]
pub fn AskPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let send = ServerAction::<SendAsk>::new();
    let fulfil = ServerAction::<FulfilAsk>::new();
    let discard = ServerAction::<DiscardAsk>::new();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let ask = Resource::new(
        move || (id(), send.version().get(), fulfil.version().get()),
        |(id, _, _)| get_ask(id),
    );
    let just_sent = move || {
        send.value().get().is_some_and(|r| r.is_ok()) || query.with(|q| q.get_str("sent").is_some())
    };
    view! {
        <Title text="Ask" />
        <p class="crumbs"><a href="/staff/asks">"← Asks"</a></p>
        {move || just_sent().then(|| view! {
            <p class="notice success" role="status">"Sent. The e-mail is in the outbox, with the partner's answer link."</p>
        })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match ask.await {
                    Ok(a) => view! { <AskBody ask=a send fulfil discard /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AskBody(
    ask: AskRecord,
    send: ServerAction<SendAsk>,
    fulfil: ServerAction<FulfilAsk>,
    discard: ServerAction<DiscardAsk>,
) -> impl IntoView {
    let id = ask.id;
    let status = ask.status;
    let answer = match status {
        AskStatus::Draft => "Not sent yet.".to_string(),
        AskStatus::Sent => format!(
            "Waiting for an answer. The link works until {}.",
            ask.expires_at.map(date).unwrap_or_default()
        ),
        AskStatus::Expired => "The link expired without an answer.".to_string(),
        AskStatus::Proposed => format!(
            "{} would rather do it on {}.",
            ask.partner_name,
            ask.proposed_on.as_deref().map(day).unwrap_or_default()
        ),
        AskStatus::Accepted => format!("{} said yes.", ask.partner_name),
        AskStatus::Declined => format!("{} declined.", ask.partner_name),
        AskStatus::Fulfilled => format!(
            "Delivered{}.",
            ask.fulfilled_at
                .map(|t| format!(" (marked {})", date(t)))
                .unwrap_or_default()
        ),
    };
    let changed = (ask.answers > 1).then(|| {
        format!(
            "The partner answered {} times; this is the latest answer.",
            ask.answers
        )
    });
    view! {
        <div class="page-head">
            <h1>{ask.subject.clone()}</h1>
            <span class=format!("badge ask-{}", status.slug())>{status.label()}</span>
        </div>
        <p class="lead" role="status">{answer}</p>
        {changed.map(|c| view! { <p class="muted">{c}</p> })}
        {ask.answer_note.clone().map(|n| view! {
            <blockquote class="answer-note"><p>{n}</p><footer>{format!("— {}, {}", ask.contact_name, ask.answered_at.map(date_time).unwrap_or_default())}</footer></blockquote>
        })}
        <dl class="facts">
            <dt>"Partner"</dt><dd><a href=format!("/staff/partners/{}", ask.partner_id)>{ask.partner_name.clone()}</a></dd>
            <dt>"To"</dt><dd>{format!("{} <{}>", ask.contact_name, ask.contact_email)}</dd>
            {ask.need_id.map(|n| view! {
                <dt>"For the need"</dt><dd><a href=format!("/staff/needs/{n}")>{ask.need_title.clone().unwrap_or_default()}</a></dd>
            })}
            <dt>"Kind"</dt><dd>{ask.kind.label()}</dd>
            <dt>"In return"</dt><dd>{in_return_text(&ask.in_return)}</dd>
            <dt>"Reply by"</dt><dd>{day(&ask.reply_by)}</dd>
            {ask.sent_at.map(|t| view! { <dt>"Sent"</dt><dd>{date_time(t)}</dd> })}
            {ask.created_by.clone().map(|u| view! { <dt>"Drafted by"</dt><dd>{u}</dd> })}
        </dl>
        <div class="actions">
            {(status == AskStatus::Draft).then(|| view! {
                <ActionForm action=send attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit">"Send the ask"</button>
                </ActionForm>
                <a class="button secondary" href=format!("/staff/asks/{id}/edit")>"Change the draft"</a>
                <ActionForm action=discard attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="secondary">"Discard the draft"</button>
                </ActionForm>
            })}
            {matches!(status, AskStatus::Accepted | AskStatus::Proposed).then(|| view! {
                <ActionForm action=fulfil attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit">"Mark delivered"</button>
                </ActionForm>
            })}
            {matches!(status, AskStatus::Sent | AskStatus::Expired | AskStatus::Declined).then(|| view! {
                <a class="button secondary" href=format!("/staff/asks/new?partner={}{}", ask.partner_id, ask.need_id.map(|n| format!("&need={n}")).unwrap_or_default())>"Ask again"</a>
            })}
        </div>
        <FormStatus error=action_error(send.value()) />
        <FormStatus error=action_error(fulfil.value()) />
        <FormStatus error=action_error(discard.value()) />
        <h2>"Message"</h2>
        <pre class="mail-body">{ask.message.clone()}</pre>
    }
}
