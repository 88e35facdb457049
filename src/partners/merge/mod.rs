//! Duplicate partners: spotting a sign-up or a partner that is probably one already in the
//! directory, and merging two partners into one with everything that belongs to them.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
