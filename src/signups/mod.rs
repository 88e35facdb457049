//! Public partner sign-up at `/join`, and the staff review queue.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod site;
