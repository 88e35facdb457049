//! Matching pages: needs (the list, the form, one need and its partners to ask), branches
//! and weights (admin), "Find partners", and the needs a partner fits (on the partner's page).

mod admin;
mod find;
mod fits;
mod matches;
mod need;
mod need_form;
mod needs;

pub use admin::{BranchesPage, MatchingSettingsPage};
pub use find::FindPartnersPage;
pub use fits::PartnerFitsSection;
pub use matches::FactorList;
pub use need::NeedPage;
pub use need_form::{EditNeedPage, NewNeedPage};
pub use needs::NeedsPage;
