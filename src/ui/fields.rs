//! Form fields with visible labels and errors tied to the input (`aria-describedby`).

use leptos::prelude::*;

use crate::error::{AppError, FieldErrors};
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

/// The errors a form shows: what the server said, overridden by live checks in the browser.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub server: Signal<FieldErrors>,
    pub live: RwSignal<FieldErrors>,
    pub touched: RwSignal<Vec<String>>,
}

impl FormErrors {
    /// Errors from a server action's last result.
    pub fn new<O, S>(value: S) -> Self
    where
        O: Send + Sync + 'static,
        S: With<Value = Option<Result<O, AppError>>> + Clone + Send + Sync + 'static,
    {
        FormErrors {
            server: Signal::derive(move || {
                value.with(|v| match v {
                    Some(Err(AppError::Invalid(f))) => f.clone(),
                    _ => FieldErrors::default(),
                })
            }),
            live: RwSignal::new(FieldErrors::default()),
            touched: RwSignal::new(Vec::new()),
        }
    }

    /// The message to show for a field. New errors appear when the form is sent; while a
    /// person corrects a field, its message follows what they type (and goes when it is right).
    /// Messages never appear mid-way through filling the form, which would move the page under
    /// the pointer.
    pub fn get(&self, name: &str) -> Option<String> {
        let server = self.server.with(|s| s.get(name).map(String::from));
        let touched = self.touched.with(|t| t.iter().any(|n| n == name));
        if touched && server.is_some() {
            self.live.with(|l| l.get(name).map(String::from))
        } else {
            server
        }
    }

    /// A signal of one field's message.
    pub fn signal(self, name: impl Into<String>) -> Signal<Option<String>> {
        let name = name.into();
        Signal::derive(move || self.get(&name))
    }
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

/// A labelled select over a vocabulary, with an optional empty first choice.
#[component]
pub fn VocabSelect<T: Vocab + Send + Sync>(
    #[prop(into)] name: String,
    label: &'static str,
    #[prop(optional)] selected: Option<T>,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(&name);
    let id2 = id.clone();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label} {required.then(|| view! { <span class="req">" (required)"</span> })}</label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(&id2, false, &error.get())
            >
                {empty.map(|e| view! { <option value="">{e}</option> })}
                {T::ALL
                    .iter()
                    .map(|&v| view! { <option value=v.slug() selected=Some(v) == selected>{v.label()}</option> })
                    .collect_view()}
            </select>
            <Help id=id hint=None error=error />
        </div>
    }
}

/// A fieldset of checkboxes over a vocabulary (`name[]` so the server reads a list).
#[component]
pub fn VocabChecks<T: Vocab + Send + Sync>(
    #[prop(into)] name: String,
    legend: &'static str,
    #[prop(optional)] checked: Vec<T>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(&name);
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let field = format!("{name}[]");
    view! {
        <fieldset
            class="checks"
            class:has-error=move || error.get().is_some()
            aria-describedby=move || described_by(&id2, has_hint, &error.get())
        >
            <legend>{legend}</legend>
            <div class="check-grid">
                {T::ALL
                    .iter()
                    .map(|&v| {
                        let cid = format!("{id}-{}", v.slug());
                        let for_id = cid.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=cid name=field.clone() value=v.slug() checked=checked.contains(&v) />
                                {v.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <Help id=id.clone() hint=hint error=error />
        </fieldset>
    }
}

/// The error of a server action's last result, for [`FormStatus`].
pub fn action_error<O, S>(value: S) -> Signal<Option<AppError>>
where
    O: Send + Sync + 'static,
    S: With<Value = Option<Result<O, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
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

/// An `on:input` handler for a form: runs the same checks the server runs on what has been
/// typed so far, so a message at a field updates as the person corrects it.
pub fn live_validation<T, F>(
    errors: FormErrors,
    validate: F,
) -> impl Fn(leptos::ev::Event) + Clone + 'static
where
    T: serde::de::DeserializeOwned,
    F: Fn(&T) -> FieldErrors + Clone + 'static,
{
    move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let field = el
                .get_attribute("name")
                .unwrap_or_default()
                .trim_end_matches("[]")
                .to_string();
            let Some(form) = el.closest("form").ok().flatten() else {
                return;
            };
            let form: web_sys::HtmlFormElement = form.unchecked_into();
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
                return;
            };
            let qs: String = params.to_string().into();
            if let Ok(value) = serde_qs::Config::new(5, false).deserialize_str::<T>(&qs) {
                errors.live.set(validate(&value));
            }
            if !field.is_empty() {
                errors.touched.update(|t| {
                    if !t.contains(&field) {
                        t.push(field);
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&ev, &errors, &validate);
        }
    }
}

/// An `on:submit` handler: forget what was corrected, so the server's answer shows whole.
pub fn forget_touched(errors: FormErrors) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
    move |_| errors.touched.set(Vec::new())
}

/// Clears a form after its action succeeded (hydrated pages keep typed text otherwise).
pub fn reset_on_success<O, S>(value: S, form: NodeRef<leptos::html::Form>)
where
    O: Send + Sync + 'static,
    S: With<Value = Option<Result<O, AppError>>> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        let ok = value.with(|v| matches!(v, Some(Ok(_))));
        if ok {
            if let Some(f) = form.get() {
                f.reset();
            }
        }
    });
}
