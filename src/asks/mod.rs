//! Asks: a librarian asks a partner for something (refreshments, a talk, a donation); the
//! partner answers through a personal link, without an account.
//!
//! By sub-domain, each with its pure `model`, its `service` (rules, messages, the
//! transaction) and its `repo` (SQL): `templates` (the messages asks start from), `drafts`
//! (drafting and sending), `answers` (the partner's answer and what follows from it), and
//! `lists` (the staff lists and one ask read whole). `model` and `repo` here hold what they
//! all share: the kinds and states of an ask, the ask itself, and how its row decodes.

pub mod answers;
pub mod api;
pub mod drafts;
pub mod lists;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod site;
pub mod templates;
