//! The auth pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{AccountPage, SignInPage, StaffAdminPage};

crate::pages! {
    "/signin" => SignInPage, Anyone, nav(Public, 40, "Staff sign in");
    "/staff/account" => AccountPage lazy AccountRoute, Staff;
    "/admin/staff" => StaffAdminPage lazy StaffAdminRoute, Admin, nav(Admin, 10, "Staff accounts");
}
