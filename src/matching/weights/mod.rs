//! The matching weights: how much each factor counts, as an admin sets them.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
