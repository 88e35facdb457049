//! Ask templates: the messages an ask starts from, with `{placeholders}` filled per ask.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
