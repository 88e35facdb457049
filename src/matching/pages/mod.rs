//! Matching pages: needs and their partners to ask, branches and weights (admin), and the
//! needs a partner fits (on the partner's page).

mod admin;
mod find;
mod fits;
mod needs;

pub use admin::{BranchesPage, MatchingSettingsPage};
pub use find::FindPartnersPage;
pub use fits::PartnerFitsSection;
pub use needs::{EditNeedPage, FactorList, NeedPage, NeedsPage, NewNeedPage};
