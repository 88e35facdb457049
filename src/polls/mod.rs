//! Patron polls: questions, options, ballots and the rules that keep one vote per patron.

pub mod api;
pub mod ballot;
pub mod checks;
pub mod form;
pub mod pages;
pub mod poll;
pub mod rules;
pub mod slug;

#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod voter;
#[cfg(feature = "ssr")]
pub mod writer;
