//! The ask pages: the staff list, the draft form, one ask, the templates, and the partner's
//! answer page.

mod answer;
mod ask;
mod draft;
mod list;
mod templates;

pub use answer::AnswerPage;
pub use ask::AskPage;
pub use draft::{EditAskPage, NewAskPage};
pub use list::{AsksPage, PartnerAsksSection};
pub use templates::TemplatesPage;
