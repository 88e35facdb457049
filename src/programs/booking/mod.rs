//! Booking: registrations and the waitlist, the manage link, the per-client and per-address
//! limits, bursts of suspicious registrations, rosters and check-in.

pub mod api;
pub mod bursts;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod staff;
