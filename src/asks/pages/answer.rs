//! `/answer/:token`: the page a partner opens from the e-mail, without an account, to accept,
//! decline or propose another date.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::asks::answers::model::{Answer, PartnerAsk};
use crate::asks::api::{view_ask, AnswerAsk};
use crate::asks::model::{in_return_text, AskStatus};
use crate::ui::fields::{field_id, FormStatus, TextArea, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::{date, day};

#[component]
pub fn AnswerPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let answer = ServerAction::<AnswerAsk>::new();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let ask = Resource::new(
        move || (token.get(), answer.version().get()),
        |(t, _)| view_ask(t),
    );
    let answered = Signal::derive(move || {
        answer.value().get().is_some_and(|r| r.is_ok())
            || query.with(|q| q.get_str("answered").is_some())
    });
    view! {
        <Title text="An ask from the library" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match ask.await {
                    Ok(a) => view! { <AnswerBody ask=a token=token.get_untracked() answer answered /> }.into_any(),
                    Err(crate::error::AppError::NotFound(_)) => view! {
                        <h1>"This link does not open an ask"</h1>
                        <ErrorView error=crate::error::AppError::NotFound("That link".into()) />
                        <p>"Please check that the whole link from the e-mail was copied, or contact the library."</p>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AnswerBody(
    ask: PartnerAsk,
    token: String,
    answer: ServerAction<AnswerAsk>,
    answered: Signal<bool>,
) -> impl IntoView {
    let errors = FormErrors::new(answer.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let current = match ask.status {
        AskStatus::Accepted => Some(Answer::Accept),
        AskStatus::Declined => Some(Answer::Decline),
        AskStatus::Proposed => Some(Answer::Propose),
        _ => None,
    };
    let status_line = current.map(|a| match a {
        Answer::Propose => format!(
            "Your answer: another date, {}.",
            ask.proposed_on.as_deref().map(day).unwrap_or_default()
        ),
        a => format!("Your answer: {}.", a.label()),
    });
    let state = if ask.status == AskStatus::Fulfilled {
        view! { <p class="notice success" role="status">"The library marked this done. Thank you for being a good neighbour!"</p> }.into_any()
    } else if ask.expired {
        view! {
            <div class="notice error" role="alert">
                <p><strong>{format!("This link expired on {}.", date(ask.expires_at))}</strong></p>
                <p>{format!("It can no longer take an answer. If {} would still like to help, please contact {} directly; we would be glad to hear from you.", ask.partner_name, ask.library)}</p>
            </div>
        }.into_any()
    } else {
        let thanks = move || {
            answered.get().then(|| view! {
            <p class="notice success" role="status">"Thank you! Your answer is recorded. You can change it below while the link works."</p>
        })
        };
        let answer_error = e("answer");
        let answer_err_id = format!("{}-error", field_id("answer"));
        let described = answer_err_id.clone();
        view! {
            {thanks}
            {status_line.map(|s| view! { <p class="lead">{s}</p> })}
            <h2 id="answer-heading">{if current.is_some() { "Change your answer" } else { "Your answer" }}</h2>
            <ActionForm action=answer attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="answer-heading">
                <input type="hidden" name="token" value=token />
                <FormStatus error=action_error(answer.value()) />
                <fieldset class="checks" class:has-error=move || answer_error.get().is_some()
                    aria-describedby=move || answer_error.get().is_some().then(|| described.clone())>
                    <legend>"Can you help?" <span class="req">" (required)"</span></legend>
                    {Answer::ALL.iter().map(|a| {
                        let id = format!("f-answer-{}", a.slug());
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="radio" id=id name="answer" value=a.slug() checked=current == Some(*a) />
                                {a.label()}
                            </label>
                        }
                    }).collect_view()}
                    <p class="field-error" id=answer_err_id hidden=move || answer_error.get().is_none()>
                        {move || answer_error.get().unwrap_or_default()}
                    </p>
                </fieldset>
                <TextField name="proposed_on" label="The date that would suit you" kind="date" value=ask.proposed_on.clone().unwrap_or_default()
                    hint="Only if you chose another date." error=e("proposed_on") />
                <TextArea name="note" label="A note for the library" value=ask.answer_note.clone().unwrap_or_default() rows=4 error=e("note")
                    hint="Optional: quantities, who will come, anything we should know." />
                <label class="check" for="f-listed">
                    <input type="checkbox" id="f-listed" name="listed" value="on" checked=ask.listed_publicly />
                    {format!("The library may thank {} by name in public (the sponsor wall and the flyer).", ask.partner_name)}
                </label>
                <button type="submit">"Send my answer"</button>
            </ActionForm>
        }.into_any()
    };
    view! {
        <p class="muted">{format!("From {}, for {}", ask.library, ask.contact_name)}</p>
        <h1>{ask.subject.clone()}</h1>
        <div class="ask-message"><pre class="mail-body">{ask.message.clone()}</pre></div>
        <dl class="facts">
            <dt>"What we ask"</dt><dd>{ask.kind.label()}</dd>
            <dt>"What the library offers"</dt><dd>{in_return_text(&ask.in_return)}</dd>
            <dt>"Please answer by"</dt><dd>{day(&ask.reply_by)}</dd>
        </dl>
        {state}
    }
}
