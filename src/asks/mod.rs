//! Asks: a librarian asks a partner for something (refreshments, a talk, a donation); the
//! partner answers through a personal link, without an account.

pub mod api;
pub mod model;
pub mod pages;
pub mod records;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod site;
