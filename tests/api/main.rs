//! Integration tests: the real router and real databases, through the HTTP endpoints the
//! browser uses. Every test runs on SQLite and on PostgreSQL.

mod common;

mod auth;
mod caching;
mod needs;
mod partners;
mod polls;
mod security;
mod signups;
