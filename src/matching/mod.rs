//! Matching: the needs a library records, its branches, and the engine that says which
//! partner to ask for a need and why.
//!
//! By sub-domain: `branches`, `needs` and `weights` (each a pure `model`, its `repo` and,
//! where a write can be refused, a `service`), and `candidates` (the partners as the engine
//! sees them, with their record of asks). `engine` is the pure core that scores and ranks;
//! `find` is the "Find partners" search; `model` and `service` here are what the matching
//! pages show, put together from the rest.

pub mod api;
pub mod branches;
pub mod candidates;
pub mod engine;
pub mod find;
pub mod model;
pub mod needs;
pub mod pages;
mod reasons;
#[cfg(feature = "ssr")]
pub mod service;
pub mod site;
pub mod weights;
