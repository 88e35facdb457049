//! E-mail: an outbox table every message goes through, and a worker that sends it by SMTP
//! (or logs it where no SMTP server is configured), with retries and back-off.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod site;
#[cfg(feature = "ssr")]
pub mod worker;
