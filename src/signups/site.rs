//! The signups pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{JoinPage, JoinThanksPage, ReviewPage};

crate::pages! {
    "/join" => JoinPage, Anyone, nav(Public, 30, "Become a partner");
    "/join/thanks" => JoinThanksPage, Anyone;
    "/staff/signups" => ReviewPage lazy ReviewRoute, Staff, nav(Staff, 80, "Sign-ups");
}
