//! Commonplace: the web app a public library uses to find, win and keep community partners.
// Deeply nested views make deep types; the release wasm build needs more room than the default.
#![recursion_limit = "256"]

pub mod app;
pub mod asks;
pub mod auth;
pub mod error;
pub mod health;
pub mod home;
pub mod mail;
pub mod matching;
pub mod partners;
pub mod polls;
pub mod programs;
pub mod recognition;
pub mod signups;
pub mod ui;
pub mod url;
pub mod validate;
pub mod vocab;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the browser build: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
