//! Commonplace: the web app a public library uses to find, win and keep community partners.
// Deeply nested views make deep types; the release wasm build needs more room than the default.
#![recursion_limit = "256"]

pub mod app;
pub mod asks;
pub mod auth;
pub mod error;
pub mod health;
pub mod home;
pub mod identity;
pub mod mail;
pub mod matching;
pub mod partners;
pub mod polls;
pub mod programs;
pub mod recognition;
pub mod signups;
pub mod site;
pub mod ui;
pub mod url;
pub mod validate;
pub mod vocab;
pub mod when;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod wiring;

/// Entry point of the browser build: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}

/// Room for the wasm splitter to hand each page its own text.
///
/// cargo-leptos's splitter (wasm_split_cli_support 0.2.3) lays each module's share of the
/// read-only data out again, with fresh alignment padding; when the shares add up to more than
/// the linker's segment (by 1,430 bytes here) it gives up and puts all of it — every page's text
/// and tables — in the first download. Nothing refers to these bytes, so no module carries them:
/// they only make the segment long enough for the padding.
#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
#[used]
static SPLIT_DATA_SLACK: [u8; 16 * 1024] = [0x5a; 16 * 1024];
