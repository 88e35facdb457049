//! Programs: storytimes, talks and workshops, often led by a partner, scheduled in rooms that
//! are never double-booked, and booked by patrons (with a waitlist) without an account.
//!
//! By sub-domain, each with its model (pure, both targets), service (rules and messages) and
//! repo (SQL): `schedule` (rooms, programs, series, conflicts), `booking` (registrations, the
//! waitlist, rosters), `calendar` (listing, a program's page, iCalendar) and `letters` (what
//! patrons are told, and the reminder jobs).

pub mod booking;
pub mod calendar;
pub mod letters;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod schedule;
pub mod site;
