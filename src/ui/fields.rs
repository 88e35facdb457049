//! Form fields with visible labels and errors tied to the input (`aria-describedby`).

use leptos::prelude::*;

use super::draft::{ticked_or, typed_or};
use crate::error::AppError;
use crate::vocab::Vocab;

/// The element id for a field name (`contacts[0][name]` becomes `f-contacts-0-name`).
pub fn field_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

#[component]
fn Help(id: String, hint: Option<&'static str>, error: Signal<Option<String>>) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    view! {
        {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        <p class="field-error" id=err_id hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </p>
    }
}

fn described_by(id: &str, hint: bool, error: &Option<String>) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error.is_some() {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled single-line input.
#[component]
pub fn TextField(
    #[prop(into)] name: String,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let id = field_id(&name);
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let value = if kind == "password" {
        value
    } else {
        typed_or(&name, value)
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label} {required.then(|| view! { <span class="req">" (required)"</span> })}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(&id2, has_hint, &error.get())
            />
            <Help id=id hint=hint error=error />
        </div>
    }
}

/// A labelled multi-line input.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    label: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let value = typed_or(&name, value);
    let id = field_id(&name);
    let has_hint = hint.is_some();
    let id2 = id.clone();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label} {required.then(|| view! { <span class="req">" (required)"</span> })}</label>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(&id2, has_hint, &error.get())
            >
                {value}
            </textarea>
            <Help id=id hint=hint error=error />
        </div>
    }
}

/// The options of a select or checkbox group, as (value, label) pairs, and which are chosen.
/// Components take this rather than a vocabulary type, so their view code exists once in
/// the wasm instead of once per vocabulary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub options: Vec<(&'static str, &'static str)>,
    pub chosen: Vec<&'static str>,
}

impl Choices {
    /// Every value of a vocabulary, with `chosen` selected.
    pub fn of<T: Vocab>(chosen: &[T]) -> Self {
        Choices {
            options: T::ALL.iter().map(|v| (v.slug(), v.label())).collect(),
            chosen: chosen.iter().map(|v| v.slug()).collect(),
        }
    }

    /// Every value of a vocabulary, with the valid ones among `slugs` selected.
    pub fn from_slugs<T: Vocab>(slugs: &[String]) -> Self {
        let chosen: Vec<T> = slugs.iter().filter_map(|s| T::from_slug(s)).collect();
        Self::of(&chosen)
    }
}

/// A labelled select, with an optional empty first choice.
#[component]
pub fn VocabSelect(
    #[prop(into)] name: String,
    label: &'static str,
    choices: Choices,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(&name);
    let id2 = id.clone();
    let has_hint = hint.is_some();
    let Choices { options, chosen } = choices;
    let values: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
    let chosen = ticked_or(&name, chosen, &values);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label} {required.then(|| view! { <span class="req">" (required)"</span> })}</label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(&id2, has_hint, &error.get())
            >
                {empty.map(|e| view! { <option value="">{e}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=chosen.contains(&value)>{text}</option> })
                    .collect_view()}
            </select>
            <Help id=id hint=hint error=error />
        </div>
    }
}

/// A fieldset of checkboxes (`name[]`, so the server reads a list).
#[component]
pub fn VocabChecks(
    #[prop(into)] name: String,
    legend: &'static str,
    choices: Choices,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(&name);
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let field = format!("{name}[]");
    let Choices { options, chosen } = choices;
    let values: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
    let chosen = ticked_or(&field, chosen, &values);
    view! {
        <fieldset
            class="checks"
            class:has-error=move || error.get().is_some()
            aria-describedby=move || described_by(&id2, has_hint, &error.get())
        >
            <legend>{legend}</legend>
            <div class="check-grid">
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let cid = format!("{id}-{value}");
                        let for_id = cid.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=cid name=field.clone() value=value checked=chosen.contains(&value) />
                                {text}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <Help id=id.clone() hint=hint error=error />
        </fieldset>
    }
}

/// A select built from (value, label) pairs, with an empty first choice.
#[component]
pub fn PlainSelect(
    name: &'static str,
    label: &'static str,
    empty: &'static str,
    options: Vec<(String, String)>,
    chosen: String,
    error: Option<String>,
) -> impl IntoView {
    let id = field_id(name);
    let err_id = format!("{id}-error");
    let has_error = error.is_some();
    let chosen = typed_or(name, chosen);
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-invalid=has_error.then_some("true") aria-describedby=has_error.then(|| err_id.clone())>
                <option value="">{empty}</option>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            {error.map(|e| view! { <p class="field-error" id=err_id>{e}</p> })}
        </div>
    }
}

/// A form-level message: the summary of field errors, or any other failure.
#[component]
pub fn FormStatus(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let list = e.fields().map(|f| {
                f.0.iter()
                    .map(|fe| {
                        let href = format!("#{}", field_id(&fe.field));
                        view! { <li><a href=href>{fe.message.clone()}</a></li> }
                    })
                    .collect_view()
            });
            view! {
                <div class="notice error" role="alert">
                    <p><strong>{e.to_string()}</strong></p>
                    {list.map(|l| view! { <ul>{l}</ul> })}
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_stable() {
        assert_eq!(field_id("contacts[0][name]"), "f-contacts-0-name");
        assert_eq!(field_id("org_name"), "f-org_name");
    }
}
