//! The partner's answer through its link, and what follows from it: the promises the library
//! made go into the recognition ledger on a "yes", and staff mark a kept ask delivered.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
