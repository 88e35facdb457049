//! Poll pages: public voting, the embeddable widget, the staff list and new-poll form, one
//! poll for staff, and the admin's settings.

mod edit;
mod list;
mod manage;
mod open;
mod public;
mod results;
mod settings;

pub use edit::EditPollPage;
pub use list::{NewPollPage, PollsPage};
pub use manage::StaffPollPage;
pub use open::PublicPollsPage;
pub use public::{EmbedPollPage, PollPage};
pub use results::ResultsView;
pub use settings::PollSettingsPage;
