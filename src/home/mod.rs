//! The public home page and the librarians' start page.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod site;

pub use pages::{HomePage, StaffHome};
