//! The partners pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{DirectoryPage, EditPartnerPage, MergePage, NewPartnerPage, PartnerPage};

crate::pages! {
    "/staff/partners" => DirectoryPage lazy DirectoryRoute, Staff, nav(Staff, 20, "Partners");
    "/staff/partners/new" => NewPartnerPage lazy NewPartnerRoute, Staff;
    "/staff/partners/:id" => PartnerPage lazy PartnerRoute, Staff;
    "/staff/partners/:id/edit" => EditPartnerPage lazy EditPartnerRoute, Staff;
    "/staff/partners/:id/merge" => MergePage lazy MergePartnerRoute, Staff;
}
