//! Branches: the library's buildings, where needs happen and distances are measured from.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
