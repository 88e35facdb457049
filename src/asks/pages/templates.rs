//! `/staff/asks/templates`: the message templates asks start from.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::asks::api::{list_templates, SaveTemplate};
use crate::asks::model::AskKind;
use crate::asks::templates::model::{TemplateForm, PLACEHOLDERS};
use crate::ui::fields::{Choices, FormStatus, TextArea, TextField, VocabSelect};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::Vocab;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let query = use_query_map();
    let templates = Resource::new(move || save.version().get(), |_| list_templates());
    let editing =
        Memo::new(move |_| query.with(|q| q.get_str("edit").and_then(|v| v.parse::<i64>().ok())));
    let saved = move || {
        save.value().get().is_some_and(|r| r.is_ok())
            || query.with(|q| q.get_str("saved").is_some())
    };
    view! {
        <Title text="Ask templates" />
        <p class="crumbs"><a href="/staff/asks">"← Asks"</a></p>
        <h1>"Ask templates"</h1>
        <p>{format!("A new ask starts from one of these. Placeholders filled in from the need and the partner: {PLACEHOLDERS}.")}</p>
        {move || saved().then(|| view! { <p class="notice success" role="status">"Template saved."</p> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => {
                        let edit = editing.get().and_then(|id| list.iter().find(|t| t.id == id).cloned());
                        view! {
                            <ul class="plain-list">
                                {list.into_iter().map(|t| view! {
                                    <li>
                                        <a href=format!("/staff/asks/templates?edit={}", t.id)>{t.template.name.clone()}</a>
                                        {format!(" — {}: “{}”", t.template.kind.label(), t.template.subject)}
                                    </li>
                                }).collect_view()}
                            </ul>
                            {match edit {
                                Some(t) => view! {
                                    <h2 id="template-form-heading">{format!("Change “{}”", t.template.name)}</h2>
                                    <TemplateEditor save id=Some(t.id) initial=t.template.to_form() />
                                    <p><a href="/staff/asks/templates">"Add a new template instead"</a></p>
                                }.into_any(),
                                None => view! {
                                    <h2 id="template-form-heading">"Add a template"</h2>
                                    <TemplateEditor save id=None initial=TemplateForm { kind: AskKind::Refreshments.slug().into(), ..Default::default() } />
                                }.into_any(),
                            }}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TemplateEditor(
    save: ServerAction<SaveTemplate>,
    id: Option<i64>,
    initial: TemplateForm,
) -> impl IntoView {
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    view! {
        <ActionForm action=save attr:class="stacked" attr:novalidate=true attr:aria-labelledby="template-form-heading"
            on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &TemplateForm| f.validate())>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <FormStatus error=action_error(save.value()) />
            <TextField name="name" label="Name" value=initial.name required=true maxlength=80 error=e("name") />
            <VocabSelect name="kind" label="Kind of ask" choices={Choices::from_slugs::<AskKind>(std::slice::from_ref(&initial.kind))} required=true error=e("kind") />
            <TextField name="subject" label="Subject" value=initial.subject required=true maxlength=150 error=e("subject") />
            <TextArea name="body" label="Message" value=initial.body required=true rows=14 error=e("body") />
            <button type="submit">"Save template"</button>
        </ActionForm>
    }
}
