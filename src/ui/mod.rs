//! Shared presentational pieces: page frame, form fields, small widgets.

pub mod draft;
pub mod fields;
pub mod form_state;
pub mod layout;
pub mod table;
pub mod widgets;
