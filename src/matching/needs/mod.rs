//! Needs: what the library is looking for (an offering, at a branch, on some days), as staff
//! record them and as the matching engine reads them.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
