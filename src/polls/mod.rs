//! Patron polls: questions, options, ballots and the rules that keep one vote per patron.
//!
//! By sub-domain: the poll's definition (`poll`: the vocabularies and the stored poll; `form`
//! and `slug`: the staff form that defines one), the ballot (`ballot`: what a vote holds;
//! `writer`: the one write that keeps one vote per voter), who may vote (`checks`: cards and
//! codes, with their SQL in `checks_repo`; `voter`: the browser cookie and keyed hashes), and
//! the results (`rules`: phases, visibility and counts; `live`: results as they change).
//! `repo` holds the polls, options, counts and settings in the database; `service` the rules
//! that need data.

pub mod api;
pub mod ballot;
pub mod checks;
pub mod edit;
pub mod form;
pub mod pages;
pub mod poll;
pub mod rules;
pub mod site;
pub mod slug;

#[cfg(feature = "ssr")]
pub mod checks_repo;
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
