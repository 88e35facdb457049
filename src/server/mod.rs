//! Server-only wiring: configuration, database, state, security, routing, start-up.

pub mod api;
pub mod assets;
pub mod cache;
pub mod changes;
pub mod clock;
pub mod config;
pub mod cookies;
pub mod db;
pub mod drafts;
pub mod limiter;
pub mod naming;
pub mod proxy;
pub mod rate;
pub mod router;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod zone;
