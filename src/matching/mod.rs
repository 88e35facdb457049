//! Matching: the needs a library records, its branches, and the engine that says which
//! partner to ask for a need and why.

pub mod api;
pub mod engine;
pub mod find;
pub mod model;
pub mod pages;
mod reasons;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod site;
