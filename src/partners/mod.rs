//! The partner directory: organizations, their contacts and the history of working with them.

pub mod api;
pub mod directory;
pub mod log;
pub mod merge;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod search;
pub mod site;
