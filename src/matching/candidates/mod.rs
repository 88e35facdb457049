//! Candidates: every partner as the matching engine sees it, with its record of asks (and of
//! programs presented) and its recent asks.

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
