//! Integration tests: the real router and real databases, through the HTTP endpoints the
//! browser uses. Every test runs on SQLite and on PostgreSQL.

mod common;
mod faults;
mod smtp_sink;

mod asks;
mod assets;
mod auth;
mod caching;
mod hardening;
mod hostile;
mod mail;
mod merging;
mod needs;
mod partners;
mod polls;
mod programs;
mod schema;
mod security;
mod signups;
