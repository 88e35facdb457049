//! The home pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{HomePage, StaffHome};

crate::pages! {
    "/" => HomePage, Anyone;
    "/staff" => StaffHome lazy StaffHomeRoute, Staff, nav(Staff, 10, "Home");
}
