//! Drafting an ask and sending it: the form, the message filled from a template, the draft
//! kept while it is worked on, and the e-mail with the partner's link.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
