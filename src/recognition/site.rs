//! The recognition pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{FlyerPage, RecognitionPage, SponsorsPage};

crate::pages! {
    "/staff/recognition" => RecognitionPage lazy RecognitionRoute, Staff, nav(Staff, 70, "Recognition");
    "/sponsors" => SponsorsPage, Anyone, nav(Public, 20, "Our sponsors");
    "/flyer" => FlyerPage, Anyone;
}
