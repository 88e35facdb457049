//! `/staff/asks/new?partner=ID&need=ID&template=ID` and `/staff/asks/:id/edit`: the draft form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::asks::api::{load_ask_draft, load_ask_for_edit, SaveAsk};
use crate::asks::drafts::model::{AskDraft, AskForm};
use crate::asks::model::AskKind;
use crate::recognition::model::RecognitionKind;
use crate::ui::fields::{
    field_id, Choices, FormStatus, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;
use crate::when::date;

fn number(q: &leptos_router::params::ParamsMap, key: &str) -> Option<i64> {
    q.get_str(key).and_then(|v| v.parse().ok())
}

/// A new ask, from a match ("Draft ask") or from a partner's page.
#[component]
pub fn NewAskPage() -> impl IntoView {
    let query = use_query_map();
    let draft = Resource::new(
        move || {
            query.with(|q| {
                (
                    number(q, "partner"),
                    number(q, "need"),
                    number(q, "template"),
                )
            })
        },
        |(partner, need, template)| async move {
            match partner {
                Some(p) => load_ask_draft(p, need, template).await,
                None => Err(crate::error::AppError::BadRequest(
                    "Choose a partner first: open a need's matches or a partner's page and draft the ask from there.".into(),
                )),
            }
        },
    );
    view! {
        <Title text="Draft an ask" />
        <p class="crumbs"><a href="/staff/asks">"← Asks"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(d) => view! { <AskEditor draft=d /> }.into_any(),
                    Err(e) => view! { <h1>"Draft an ask"</h1><ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Changes a draft before it is sent.
#[component]
pub fn EditAskPage() -> impl IntoView {
    let params = use_params_map();
    let draft = Resource::new(
        move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)),
        load_ask_for_edit,
    );
    view! {
        <Title text="Change a draft ask" />
        <p class="crumbs"><a href="/staff/asks?status=draft">"← Drafts"</a></p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(d) => view! { <AskEditor draft=d /> }.into_any(),
                    Err(e) => view! { <h1>"Change a draft ask"</h1><ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AskEditor(draft: AskDraft) -> impl IntoView {
    let save = ServerAction::<SaveAsk>::new();
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let AskDraft {
        id,
        partner_name,
        need_title,
        contacts,
        templates,
        template_id,
        recent,
        form,
    } = draft;
    let heading = match id {
        Some(_) => format!("Change the ask to {partner_name}"),
        None => format!("Ask {partner_name}"),
    };
    let warn = (!recent.is_empty()).then(|| {
        view! {
            <div class="notice" role="note">
                <p><strong>"Asked before:"</strong></p>
                <ul>
                    {recent.into_iter().map(|a| view! {
                        <li>
                            <a href=format!("/staff/asks/{}", a.id)>{a.subject}</a>
                            {format!(" — {}, sent {}", a.status.label().to_lowercase(), a.sent_at.map(date).unwrap_or_default())}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let switcher = (id.is_none() && !templates.is_empty()).then(|| {
        let AskForm { partner_id, need_id, .. } = form.clone();
        view! {
            <form method="get" action="/staff/asks/new" class="inline template-switch" aria-label="Start from a template">
                <input type="hidden" name="partner" value=partner_id />
                {(!need_id.is_empty()).then(|| view! { <input type="hidden" name="need" value=need_id /> })}
                <div class="field">
                    <label for="f-template">"Start from a template"</label>
                    <select id="f-template" name="template">
                        {templates.into_iter().map(|t| view! {
                            <option value=t.id selected=Some(t.id) == template_id>{t.template.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="secondary">"Use this template"</button>
                <p class="hint">"Replaces the subject and message below."</p>
            </form>
        }
    });
    let no_email = contacts.iter().all(|c| c.email.is_none());
    let contact_error = e("contact");
    let contact_id = field_id("contact");
    let contact_err_id = format!("{contact_id}-error");
    let chosen_contact = form.contact.clone();
    view! {
        <h1 id="ask-form-heading">{heading}</h1>
        {need_title.map(|t| view! { <p>{format!("For the need “{t}”.")}</p> })}
        {warn}
        {switcher}
        {no_email.then(|| view! {
            <p class="notice error" role="alert">"No contact of this partner has an e-mail address. Add one on the partner's page before asking."</p>
        })}
        <ActionForm action=save attr:class="stacked" attr:novalidate=true attr:aria-labelledby="ask-form-heading"
            on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &AskForm| f.validate(None))>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <input type="hidden" name="partner_id" value=form.partner_id.clone() />
            <input type="hidden" name="need_id" value=form.need_id.clone() />
            <FormStatus error=action_error(save.value()) />
            <div class="field" class:has-error=move || contact_error.get().is_some()>
                <label for=contact_id.clone()>"To" <span class="req">" (required)"</span></label>
                <select id=contact_id name="contact" required=true
                    aria-invalid=move || contact_error.get().is_some().then_some("true")
                    aria-describedby=move || contact_error.get().is_some().then(|| contact_err_id.clone())>
                    {contacts.into_iter().map(|c| {
                        let text = match &c.email {
                            Some(m) => format!("{} — {m}", c.label),
                            None => format!("{} — no e-mail address", c.label),
                        };
                        let value = c.position.to_string();
                        let selected = crate::ui::draft::is_ticked("contact", &value, value == chosen_contact);
                        view! { <option value=value selected=selected disabled=c.email.is_none()>{text}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id=format!("{}-error", field_id("contact")) hidden=move || contact_error.get().is_none()>
                    {move || contact_error.get().unwrap_or_default()}
                </p>
            </div>
            <VocabSelect name="kind" label="Kind of ask" choices={Choices::from_slugs::<AskKind>(std::slice::from_ref(&form.kind))} required=true error=e("kind") />
            <TextField name="subject" label="Subject" value=form.subject.clone() required=true maxlength=150 error=e("subject") />
            <TextArea name="message" label="Message" value=form.message.clone() required=true rows=16 error=e("message")
                hint="The e-mail adds the partner's personal answer link below your message." />
            <VocabChecks name="in_return" legend="What the library offers in return" choices={Choices::from_slugs::<RecognitionKind>(&form.in_return)}
                hint="Each one becomes an item of the recognition ledger when the partner accepts. If you change them, change the message too." error=e("in_return") />
            <TextField name="reply_by" label="Reply by" kind="date" value=form.reply_by.clone() required=true error=e("reply_by")
                hint="Within the 30 days the answer link lasts." />
            <button type="submit">"Save draft"</button>
        </ActionForm>
    }
}
