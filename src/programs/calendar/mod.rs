//! The calendar: the public listing and a program's page, partners' credits, and the
//! iCalendar file and feed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
