//! The program pages: the public calendar, a program's page, the manage link, and the staff's
//! schedule, rosters and rooms.

mod calendar;
mod manage;
mod program;
mod rooms;
mod roster;
mod schedule;
mod staff;

pub use calendar::CalendarPage;
pub use manage::ManagePage;
pub use program::ProgramPage;
pub use rooms::RoomsPage;
pub use roster::StaffProgramPage;
pub use schedule::ScheduleProgramPage;
pub use staff::{PartnerProgramsSection, StaffProgramsPage};
