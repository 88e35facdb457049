//! The partner directory's pages.

mod detail;
mod directory;
mod form;
mod merge;

pub use detail::PartnerPage;
pub use directory::DirectoryPage;
pub use form::{AvailabilityPicker, EditPartnerPage, NewPartnerPage};
pub use merge::MergePage;

use crate::vocab::{Stage, Vocab};
use leptos::prelude::*;

/// A partner's stage as a coloured label (the text carries the meaning, not the colour).
#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    view! { <span class=format!("badge stage-{}", stage.slug())>{stage.label()}</span> }
}

/// A list of vocabulary labels as small tags.
#[component]
pub fn TagList(
    #[prop(into)] items: Vec<String>,
    #[prop(default = "None yet")] empty: &'static str,
) -> impl IntoView {
    if items.is_empty() {
        view! { <p class="muted">{empty}</p> }.into_any()
    } else {
        view! { <ul class="tags">{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
    }
}

/// Labels of vocabulary values.
pub fn labels_of<T: Vocab>(values: &[T]) -> Vec<String> {
    values.iter().map(|v| v.label().to_string()).collect()
}
