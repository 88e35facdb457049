//! Programs: storytimes, talks and workshops, often led by a partner, scheduled in rooms that
//! are never double-booked, and booked by patrons (with a waitlist) without an account.

pub mod api;
#[cfg(feature = "ssr")]
pub mod booking;
pub mod bursts;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod letters;
pub mod model;
pub mod pages;
pub mod records;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod site;
