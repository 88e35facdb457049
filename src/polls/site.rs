//! The polls pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{
    EditPollPage, EmbedPollPage, NewPollPage, PollPage, PollSettingsPage, PollsPage,
    PublicPollsPage, StaffPollPage,
};

crate::pages! {
    "/polls" => PublicPollsPage, Anyone, nav(Public, 20, "Polls");
    "/polls/:slug" => PollPage, Anyone;
    "/embed/polls/:slug" => EmbedPollPage, Anyone;
    "/staff/polls" => PollsPage lazy PollsRoute, Staff, nav(Staff, 90, "Polls");
    "/staff/polls/new" => NewPollPage lazy NewPollRoute, Staff;
    "/staff/polls/:id" => StaffPollPage lazy StaffPollRoute, Staff;
    "/staff/polls/:id/edit" => EditPollPage lazy EditPollRoute, Staff;
    "/admin/polls" => PollSettingsPage lazy PollSettingsRoute, Admin, nav(Admin, 20, "Poll settings");
}
