//! Letters: what patrons are told about their registrations (confirmations, waitlist
//! promotions, cancellations, reminders, links again), and the reminder jobs.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
