//! `/staff/polls/:id/edit`: before the first ballot every field of a poll, and deleting it;
//! after it the wording only, one field per option, in order.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::list::PollFields;
use crate::error::AppError;
use crate::polls::api::{poll_editor, DeletePoll, SavePoll};
use crate::polls::edit::PollEditor;
use crate::polls::form::{fixed_offset, PollForm};
use crate::ui::fields::{field_id, FormStatus, TextArea, TextField};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};

#[component]
pub fn EditPollPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())));
    let editor = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => poll_editor(id).await,
                None => Err(AppError::NotFound("That poll".into())),
            }
        },
    );
    view! {
        <Title text="Edit poll" />
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(e) => view! { <Editor editor=e /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(editor: PollEditor) -> impl IntoView {
    let save = ServerAction::<SavePoll>::new();
    let errors = FormErrors::new(save.value());
    let PollEditor {
        id,
        question,
        ballots,
        form,
        labels,
        program,
        ..
    } = editor;
    let back = format!("/staff/polls/{id}");
    let cancel = back.clone();
    let voted = ballots > 0;
    view! {
        <p class="crumbs"><a href=back>{format!("← {question}")}</a></p>
        <h1>"Edit poll"</h1>
        {if voted {
            view! {
                <p class="notice warn" id="wording-only">
                    {format!(
                        "{} voted already, so only the wording can change: the question, its description and each option's words. Each option keeps its ballots, so reword it without changing what it means; the poll's page notes that the wording was corrected.",
                        if ballots == 1 { "One person has".to_string() } else { format!("{ballots} people have") }
                    )}
                </p>
            }
            .into_any()
        } else {
            view! { <p class="lead">"Nobody has voted yet, so everything can change."</p> }.into_any()
        }}
        <ActionForm action=save attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors)
            on:input=live_validation(errors, move |f: &PollForm| if voted {
                crate::polls::edit::parse_wording(f, f.options.len()).err().unwrap_or_default()
            } else {
                f.parse(fixed_offset(0)).err().unwrap_or_default()
            })>
            <FormStatus error=action_error(save.value()) />
            <input type="hidden" name="id" value=id />
            {if voted {
                view! {
                    <input type="hidden" name="scope" value="wording" />
                    <Wording form labels errors />
                }
                .into_any()
            } else {
                view! { <PollFields initial=form errors program /> }.into_any()
            }}
            <div class="form-actions">
                <button type="submit">"Save changes"</button>
                <a href=cancel>"Cancel"</a>
            </div>
        </ActionForm>
        {(!voted).then(|| view! { <DeleteSection id /> })}
    }
}

/// The wording of a poll people have voted in: the question, the description, and one field
/// per option in its place (no rows to add, remove or move).
#[component]
fn Wording(form: PollForm, labels: Vec<String>, errors: FormErrors) -> impl IntoView {
    let e = move |name: &'static str| errors.signal(name);
    let error = e("options");
    let set_id = field_id("options");
    let err_id = format!("{set_id}-error");
    let described = err_id.clone();
    view! {
        <fieldset>
            <legend>"The question"</legend>
            <TextField name="question" label="Question" required=true maxlength=200 value=form.question.clone() error=e("question") />
            <TextArea name="description" label="More about it (optional)" rows=3 value=form.description.clone() error=e("description") />
        </fieldset>
        <fieldset class="options" id=set_id class:has-error=move || error.get().is_some()
            aria-describedby=move || error.get().is_some().then(|| described.clone())>
            <legend>"Options, in their order"</legend>
            <ol class="option-rows">
                {labels
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let input = format!("{}-{i}", field_id("options"));
                        view! {
                            <li>
                                <label for=input.clone()>{format!("Option {}", i + 1)}</label>
                                <input id=input type="text" name="options[]" maxlength="120" required=true value=label />
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="field-error" id=err_id hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </fieldset>
    }
}

/// Deleting a poll nobody has voted in, behind a confirmation box.
#[component]
fn DeleteSection(id: i64) -> impl IntoView {
    let delete = ServerAction::<DeletePoll>::new();
    view! {
        <section class="card" aria-labelledby="delete-poll">
            <h2 id="delete-poll">"Delete this poll"</h2>
            <p>"Nobody has voted, so the poll can be deleted, with its address and any one-time codes made for it. A need made from it stays."</p>
            <FormStatus error=action_error(delete.value()) />
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="id" value=id />
                <label class="check" for="confirm-delete">
                    <input id="confirm-delete" type="checkbox" name="confirm" value="yes" required=true />
                    "Yes, delete this poll"
                </label>
                <button type="submit" class="danger">"Delete the poll"</button>
            </ActionForm>
        </section>
    }
}
