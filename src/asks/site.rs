//! The asks pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{AnswerPage, AskPage, AsksPage, EditAskPage, NewAskPage, TemplatesPage};

crate::pages! {
    "/staff/asks" => AsksPage lazy AsksRoute, Staff, nav(Staff, 50, "Asks");
    "/staff/asks/new" => NewAskPage lazy NewAskRoute, Staff;
    "/staff/asks/templates" => TemplatesPage lazy TemplatesRoute, Staff;
    "/staff/asks/:id" => AskPage lazy AskRoute, Staff;
    "/staff/asks/:id/edit" => EditAskPage lazy EditAskRoute, Staff;
    "/answer/:token" => AnswerPage, Anyone;
}
