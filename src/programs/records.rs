//! What program pages receive from the server. Times arrive already in words, in the
//! library's time zone, so the browser needs no time-zone rules.

use serde::{Deserialize, Serialize};

use super::model::{Attendance, ProgramStatus, RegState, RegisterFor, Registration};
use crate::vocab::{Audience, Goal};

/// A room at a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomRecord {
    pub id: i64,
    pub branch_id: i64,
    pub branch: String,
    pub name: String,
    pub capacity: i64,
    pub accessibility: Option<String>,
}

/// A partner credited on a program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presenter {
    pub partner_id: i64,
    pub name: String,
    /// The partner's own website, where it has one: public credits link there.
    pub website: Option<String>,
}

/// A program in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramCard {
    pub id: i64,
    pub title: String,
    /// "Saturday, December 5, 2026, 10:30 AM–11:15 AM".
    pub when: String,
    /// The local day, `YYYY-MM-DD` (for the month view).
    pub day: String,
    pub place: String,
    pub audiences: Vec<Audience>,
    pub status: ProgramStatus,
    pub registration: Registration,
    pub capacity: i64,
    pub seats_left: i64,
    pub waiting: i64,
    pub presenters: Vec<Presenter>,
    pub series_id: Option<i64>,
    pub register_for: RegisterFor,
}

/// One session of a series, for the program page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: i64,
    pub when: String,
    pub status: ProgramStatus,
}

/// Everything the program page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDetail {
    pub card: ProgramCard,
    pub description: String,
    pub goals: Vec<Goal>,
    pub other_presenters: Option<String>,
    pub party_limit: i64,
    pub accessibility: Option<String>,
    /// RFC 3339 with the local offset, for schema.org.
    pub starts_iso: String,
    pub ends_iso: String,
    pub address: Option<String>,
    pub sessions: Vec<Session>,
    /// The session registrations are taken on (the first one, for a series booked as one).
    pub booking_id: i64,
    /// Whether the program is over (no more registrations).
    pub past: bool,
}

/// What a registration attempt came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub state: RegState,
    /// Place on the waitlist, from 1.
    pub position: Option<i64>,
    /// The manage link's token (only ever shown to the person who registered).
    pub token: String,
}

/// A patron's registration, seen through the manage link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageView {
    pub program: ProgramCard,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub party_limit: i64,
    pub needs: Option<String>,
    pub state: RegState,
    pub position: Option<i64>,
    pub past: bool,
}

/// One line of a roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
    pub state: RegState,
    pub position: Option<i64>,
    pub attendance: Option<Attendance>,
    pub registered_at: i64,
}

/// A program's roster for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub program: ProgramDetail,
    pub entries: Vec<RosterEntry>,
    pub confirmed_people: i64,
    pub attended_people: i64,
    /// Polls asking for feedback on this program: (id, question).
    pub polls: Vec<(i64, String)>,
    /// Many live registrations from one client address or e-mail domain in a short time.
    pub bursts: Vec<super::bursts::Burst>,
}

/// A program a partner presented, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentedProgram {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub status: ProgramStatus,
    pub past: bool,
    pub confirmed: i64,
    pub attended: i64,
}

/// The choices the schedule form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleChoices {
    pub rooms: Vec<RoomRecord>,
    pub branches: Vec<(i64, String)>,
    pub partners: Vec<Presenter>,
}
