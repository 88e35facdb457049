//! The matching pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{
    BranchesPage, EditNeedPage, FindPartnersPage, MatchingSettingsPage, NeedPage, NeedsPage,
    NewNeedPage,
};

crate::pages! {
    "/staff/find" => FindPartnersPage lazy FindPartnersRoute, Staff, nav(Staff, 30, "Find partners");
    "/staff/needs" => NeedsPage lazy NeedsRoute, Staff, nav(Staff, 40, "Needs");
    "/staff/needs/new" => NewNeedPage lazy NewNeedRoute, Staff;
    "/staff/needs/:id" => NeedPage lazy NeedRoute, Staff;
    "/staff/needs/:id/edit" => EditNeedPage lazy EditNeedRoute, Staff;
    "/admin/branches" => BranchesPage lazy BranchesRoute, Admin, nav(Admin, 30, "Branches");
    "/admin/matching" => MatchingSettingsPage lazy MatchingSettingsRoute, Admin, nav(Admin, 50, "Matching");
}
