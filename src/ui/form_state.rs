//! What a form knows between renders: the errors to show, which fields were corrected,
//! and the small handlers that keep a hydrated form in step with the server's rules.

use leptos::prelude::*;

use crate::error::{AppError, FieldErrors};

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

/// The error of a server action's last result, for [`FormStatus`].
pub fn action_error<O, S>(value: S) -> Signal<Option<AppError>>
where
    O: Send + Sync + 'static,
    S: With<Value = Option<Result<O, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
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
