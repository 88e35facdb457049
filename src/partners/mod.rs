//! The partner directory: organizations, their contacts and the history of working with them.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
