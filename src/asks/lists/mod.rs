//! The staff side of asks: the lists by state (with the follow-ups waiting too long), a
//! partner's asks, and one ask read whole.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
