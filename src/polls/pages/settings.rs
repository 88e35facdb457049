//! `/admin/polls`: the admin's poll settings.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::polls::api::{load_poll_settings, SavePollSettings};
use crate::ui::fields::{FormStatus, TextArea};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};

/// The admin's poll settings: card-number rules, and the sites that may frame the poll widget.
#[component]
pub fn PollSettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePollSettings>::new();
    let query = use_query_map();
    let settings = Resource::new(move || save.version().get(), |_| load_poll_settings());
    let errors = FormErrors::new(save.value());
    view! {
        <Title text="Poll settings" />
        <h1>"Poll settings"</h1>
        {move || {
            // Hydrated: the action's answer; a plain form post comes back with `?saved=`.
            let saved = save.value().get().and_then(Result::ok).or_else(|| {
                query.with(|q| q.get_str("saved").and_then(|v| v.parse::<i64>().ok()))
            });
            saved.map(|n| view! {
                <p class="notice success" role="status">{format!("Saved. The card list holds {n} cards.")}</p>
            })
        }}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! {
                        <ActionForm action=save attr:class="stacked" attr:novalidate=true>
                            <FormStatus error=action_error(save.value()) />
                            <fieldset>
                                <legend>"Library cards"</legend>
                                <p>"Polls that ask for a library card accept a number that fits one of the patterns or is in the imported list. Card numbers are never stored: only a keyed scramble of each."</p>
                                <TextArea name="pattern" label="Card-number patterns" value=s.pattern rows=3
                                    hint="One per line. # is any digit, @ any letter, * any run of letters and digits; anything else must match as typed. Example: 2901#########"
                                    error=errors.signal("pattern") />
                                <div class="field" class:has-error=move || errors.get("check_digit").is_some()>
                                    <label class="check" for="f-check_digit">
                                        <input type="checkbox" id="f-check_digit" name="check_digit" value="on"
                                            checked=crate::ui::draft::is_ticked("check_digit", "on", s.check_digit)
                                            aria-describedby="f-check_digit-hint f-check_digit-error" />
                                        "The last digit is a check digit (mod 10)"
                                    </label>
                                    <p class="hint" id="f-check_digit-hint">"Many library cards end in a digit computed from the others (the Luhn rule, as on bank cards). With this on, a number that fits a pattern must also carry the right check digit, which stops most mistyped and made-up numbers. Cards in the imported list are accepted as listed."</p>
                                    <p class="field-error" id="f-check_digit-error" hidden=move || errors.get("check_digit").is_none()>{move || errors.get("check_digit").unwrap_or_default()}</p>
                                </div>
                                <TextArea name="cards" label="Valid card numbers (optional)" rows=6
                                    hint="Paste a list, one card per line, or a CSV whose first column is the card number. It replaces the current list; leave blank to keep it."
                                    error=errors.signal("cards") />
                                <p>{format!("The list now holds {} cards.", s.listed)}</p>
                            </fieldset>
                            <fieldset>
                                <legend>"The poll widget"</legend>
                                <TextArea name="embed_origins" label="Sites that may show the poll widget" value=s.embed_origins rows=3
                                    hint="One per line, like https://www.millbrooklibrary.org. Other sites cannot frame it."
                                    error=errors.signal("embed_origins") />
                            </fieldset>
                            <button type="submit">"Save poll settings"</button>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
