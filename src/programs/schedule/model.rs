//! A program as scheduled: where, when and how often, the padding around it, and the rooms it
//! can be held in. Pure rules, shared by both sides; the schedule form is in `form`.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::programs::calendar::model::Presenter;
use crate::programs::model::{RegisterFor, Registration};
use crate::validate;
use crate::vocab::{Audience, Goal, Set, Weekday};
use crate::when::weekday;

/// The largest party one registration may hold, whatever a program allows.
pub const MAX_PARTY: i64 = 20;
/// The most sessions one series may have.
pub const MAX_SESSIONS: usize = 104;
/// The longest padding before or after a program, in minutes.
pub const MAX_PADDING: i64 = 240;

/// How a series repeats: on these weekdays, up to and including `until`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub days: Set<Weekday>,
    pub until: time::Date,
}

/// Where a program happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Venue {
    Room(i64),
    OffSite {
        branch: Option<i64>,
        address: String,
    },
}

impl Venue {
    /// The room the program holds, if it is in one.
    pub fn room(&self) -> Option<i64> {
        match self {
            Venue::Room(r) => Some(*r),
            Venue::OffSite { .. } => None,
        }
    }
}

/// A checked schedule form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProgram {
    pub title: String,
    pub description: String,
    pub audiences: Set<Audience>,
    pub goals: Set<Goal>,
    pub venue: Venue,
    pub first_day: time::Date,
    pub starts: time::Time,
    pub ends: time::Time,
    pub capacity: i64,
    pub registration: Registration,
    pub party_limit: i64,
    pub presenters: Vec<i64>,
    pub other_presenters: Option<String>,
    pub setup_minutes: i64,
    pub teardown_minutes: i64,
    pub repeat: Option<Repeat>,
    pub register_for: RegisterFor,
    pub publish: bool,
}

impl NewProgram {
    /// Every session's day, in order.
    pub fn days(&self) -> Vec<time::Date> {
        match &self.repeat {
            None => vec![self.first_day],
            Some(r) => session_days(self.first_day, r),
        }
    }
}

/// A whole number from `min` to `max`; an empty value is `default`, or required without one.
pub(super) fn whole(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    default: Option<i64>,
    min: i64,
    max: i64,
) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        if default.is_none() {
            e.add(field, format!("{label} is required."));
        }
        return default;
    }
    match v.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            e.add(
                field,
                format!("{label} must be a whole number from {min} to {max}."),
            );
            None
        }
    }
}

/// Every day from `first` to `r.until` that falls on one of the chosen weekdays.
pub fn session_days(first: time::Date, r: &Repeat) -> Vec<time::Date> {
    let mut out = Vec::new();
    let mut d = first;
    while d <= r.until {
        if r.days.contains(weekday(d)) {
            out.push(d);
        }
        let Some(next) = d.next_day() else { break };
        d = next;
    }
    out
}

/// Whether two bookings overlap once each is widened by its padding (times in seconds).
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// A booking's span with setup before and teardown after.
pub fn padded(starts: i64, ends: i64, setup_minutes: i64, teardown_minutes: i64) -> (i64, i64) {
    (starts - setup_minutes * 60, ends + teardown_minutes * 60)
}

/// A room as typed by an admin: (name, capacity, accessibility notes). Field names carry
/// `prefix` (`""` for the add form, `"edit_"` for the change form, which share a page).
pub fn parse_room(
    prefix: &str,
    name: &str,
    capacity: &str,
    accessibility: &str,
) -> Result<(String, i64, Option<String>), AppError> {
    let mut e = FieldErrors::default();
    let field = |f: &str| format!("{prefix}{f}");
    let name = validate::text(&mut e, &field("name"), "Room name", name, true, 80);
    let capacity = whole(
        &mut e,
        &field("capacity"),
        "Capacity",
        capacity,
        None,
        1,
        10_000,
    );
    let notes = validate::text(
        &mut e,
        &field("accessibility"),
        "Accessibility notes",
        accessibility,
        false,
        500,
    );
    match (name, capacity, e.is_empty()) {
        (Some(n), Some(c), true) => Ok((n, c, notes)),
        _ => Err(AppError::Invalid(e)),
    }
}

/// A capacity typed on a program's page.
pub fn parse_capacity(value: &str) -> Result<i64, AppError> {
    let mut e = FieldErrors::default();
    whole(&mut e, "capacity", "Capacity", value, None, 1, 10_000).ok_or(AppError::Invalid(e))
}

/// The refusal of a room name another room of the same branch has (whatever the case).
pub const ROOM_NAME_TAKEN: &str = "That branch already has a room by this name.";
/// The refusal of a room for a branch that is not on the list.
pub const UNKNOWN_BRANCH: &str = "Choose a branch from the list.";

/// A room at a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RoomRecord {
    pub id: i64,
    pub branch_id: i64,
    pub branch: String,
    pub name: String,
    pub capacity: i64,
    pub accessibility: Option<String>,
}

/// The choices the schedule form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleChoices {
    pub rooms: Vec<RoomRecord>,
    pub branches: Vec<(i64, String)>,
    pub partners: Vec<Presenter>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocab;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn rooms_and_capacities_are_checked_field_by_field() {
        assert_eq!(
            parse_room("", " Story Room ", "30", "").unwrap(),
            ("Story Room".to_string(), 30, None)
        );
        match parse_room("edit_", "", "0", "") {
            Err(AppError::Invalid(e)) => {
                assert!(e.get("edit_name").is_some());
                assert!(e.get("edit_capacity").unwrap().contains("from 1 to 10000"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_capacity("12").unwrap(), 12);
        assert!(parse_capacity("-1").is_err());
    }

    #[test]
    fn padding_widens_overlap() {
        let a = padded(1000, 2000, 0, 0);
        let b = padded(2000, 3000, 0, 0);
        assert!(!overlaps(a, b), "back to back is fine");
        assert!(
            overlaps(padded(1000, 2000, 0, 1), b),
            "teardown runs into the next"
        );
    }

    proptest! {
        #[test]
        fn series_days_are_chosen_weekdays_in_range(
            start in 0i64..400, mask in 1i64..128, weeks in 1i64..20
        ) {
            let first = date!(2026 - 01 - 01) + time::Duration::days(start);
            let days = Set::<Weekday>::from_mask(mask | weekday(first).bit());
            let r = Repeat { days, until: first + time::Duration::days(7 * weeks - 1) };
            let out = session_days(first, &r);
            prop_assert_eq!(out.first().copied(), Some(first));
            prop_assert!(out.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(out.iter().all(|d| days.contains(weekday(*d)) && *d <= r.until));
            prop_assert_eq!(out.len() as i64, weeks * days.len() as i64);
        }
    }
}
