//! Poll pages: public voting, the embeddable widget, staff management and admin settings.

mod public;
mod results;
mod staff;

pub use public::{EmbedPollPage, PollPage};
pub use results::ResultsView;
pub use staff::{NewPollPage, PollSettingsPage, PollsPage, StaffPollPage};
