//! The schedule: rooms, programs and weekly series, padding and overlap, and the rule that no
//! room or partner presenter is ever double-booked.

pub mod api;
pub mod form;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
