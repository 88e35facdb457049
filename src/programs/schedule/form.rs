//! The schedule form and its checks, one small function per part of the form (what, where,
//! when, seats, presenters, padding, repeats), each naming its own fields' problems.

use serde::{Deserialize, Serialize};

use super::model::{
    session_days, whole, NewProgram, Repeat, Venue, MAX_PADDING, MAX_PARTY, MAX_SESSIONS,
};
use crate::error::{AppError, FieldErrors};
use crate::programs::model::{RegisterFor, Registration};
use crate::validate;
use crate::vocab::{Audience, Goal, Set, Vocab, Weekday};
use crate::when::{parse_clock, weekday};

/// The schedule form, as posted (every field a string, so a bad value can be named).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramForm {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    /// A room's id, or empty for an off-site program.
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub branch: String,
    #[serde(default)]
    pub address: String,
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub capacity: String,
    pub registration: String,
    #[serde(default)]
    pub party_limit: String,
    /// Partner ids.
    #[serde(default)]
    pub presenters: Vec<String>,
    #[serde(default)]
    pub other_presenters: String,
    #[serde(default)]
    pub setup_minutes: String,
    #[serde(default)]
    pub teardown_minutes: String,
    /// Weekday slugs; empty for a single program.
    #[serde(default)]
    pub repeat_days: Vec<String>,
    #[serde(default)]
    pub repeat_weeks: String,
    #[serde(default)]
    pub repeat_until: String,
    #[serde(default)]
    pub register_for: String,
    /// "on" to publish at once; otherwise the program is saved as a draft.
    #[serde(default)]
    pub publish: Option<String>,
}

/// What a program is: its title, description, audiences and goals.
#[derive(Clone, Debug, PartialEq, Eq)]
struct About {
    title: Option<String>,
    description: String,
    audiences: Set<Audience>,
    goals: Set<Goal>,
}

/// When the first session runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Times {
    first_day: Option<time::Date>,
    starts: Option<time::Time>,
    ends: Option<time::Time>,
}

/// Seats: how many, whether patrons register, and how many one registration may bring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seats {
    capacity: Option<i64>,
    registration: Option<Registration>,
    party_limit: Option<i64>,
}

impl ProgramForm {
    /// Checks every field against `today` (in the library's time zone), naming each problem.
    pub fn parse(&self, today: time::Date) -> Result<NewProgram, AppError> {
        let mut e = FieldErrors::default();
        let about = self.about(&mut e);
        let venue = self.venue(&mut e);
        let times = self.times(&mut e, today);
        let seats = self.seats(&mut e);
        let (presenters, other_presenters) = self.presenters(&mut e);
        let (setup_minutes, teardown_minutes) = self.padding(&mut e);
        let repeat = self.recurrence(&mut e, times.first_day);
        let register_for = self.register_for(&mut e);
        if let (Some(c), Some(limit)) = (seats.capacity, seats.party_limit) {
            if limit > c {
                e.add(
                    "party_limit",
                    "The party size limit cannot be above the capacity.",
                );
            }
        }
        let (
            Some(title),
            Some(venue),
            Some(first_day),
            Some(starts),
            Some(ends),
            Some(capacity),
            Some(registration),
            Some(party_limit),
            Some(setup_minutes),
            Some(teardown_minutes),
            Some(register_for),
            true,
        ) = (
            about.title,
            venue,
            times.first_day,
            times.starts,
            times.ends,
            seats.capacity,
            seats.registration,
            seats.party_limit,
            setup_minutes,
            teardown_minutes,
            register_for,
            e.is_empty(),
        )
        else {
            return Err(AppError::Invalid(e));
        };
        Ok(NewProgram {
            title,
            description: about.description,
            audiences: about.audiences,
            goals: about.goals,
            venue,
            first_day,
            starts,
            ends,
            capacity,
            registration,
            party_limit,
            presenters,
            other_presenters,
            setup_minutes,
            teardown_minutes,
            repeat,
            register_for,
            publish: self
                .publish
                .as_deref()
                .is_some_and(|v| !v.is_empty() && v != "off"),
        })
    }

    /// The title (required), the description, and whom and what the program is for.
    fn about(&self, e: &mut FieldErrors) -> About {
        let title = validate::text(e, "title", "Title", &self.title, true, 120);
        let description = validate::text(
            e,
            "description",
            "Description",
            &self.description,
            false,
            4000,
        )
        .unwrap_or_default();
        let audiences = Set::of(&validate::slugs::<Audience>(
            e,
            "audiences",
            &self.audiences,
        ));
        let goals = Set::of(&validate::slugs::<Goal>(e, "goals", &self.goals));
        About {
            title,
            description,
            audiences,
            goals,
        }
    }

    /// A room from the list, or (with no room) an off-site address and perhaps a host branch.
    fn venue(&self, e: &mut FieldErrors) -> Option<Venue> {
        match self.room.trim() {
            "" => {
                let address = validate::text(e, "address", "Address", &self.address, false, 300);
                let branch = self.branch.trim().parse::<i64>().ok();
                match address {
                    Some(address) => Some(Venue::OffSite { branch, address }),
                    None => {
                        e.add(
                            "room",
                            "Choose a room, or give an address for an off-site program.",
                        );
                        None
                    }
                }
            }
            r => match r.parse::<i64>() {
                Ok(id) if id > 0 => Some(Venue::Room(id)),
                _ => {
                    e.add("room", "Choose a room from the list.");
                    None
                }
            },
        }
    }

    /// The first day (not before `today`) and the clock times, the end after the start.
    fn times(&self, e: &mut FieldErrors, today: time::Date) -> Times {
        let first_day = validate::date(e, "day", &self.day);
        if let Some(d) = first_day {
            if d < today {
                e.add("day", "The date is in the past.");
            }
        }
        let starts = parse_clock(&self.starts);
        if starts.is_none() {
            e.add("starts", "Enter a start time like 10:30.");
        }
        let ends = parse_clock(&self.ends);
        if ends.is_none() {
            e.add("ends", "Enter an end time like 11:15.");
        }
        if let (Some(s), Some(t)) = (starts, ends) {
            if t <= s {
                e.add("ends", "The program must end after it starts.");
            }
        }
        Times {
            first_day,
            starts,
            ends,
        }
    }

    /// The capacity, the way to register, and the party size limit (4 unless given).
    fn seats(&self, e: &mut FieldErrors) -> Seats {
        let capacity = whole(e, "capacity", "Capacity", &self.capacity, None, 1, 10_000);
        let registration =
            validate::one::<Registration>(e, "registration", "Registration", &self.registration);
        let party_limit = whole(
            e,
            "party_limit",
            "Party size limit",
            &self.party_limit,
            Some(4),
            1,
            MAX_PARTY,
        );
        Seats {
            capacity,
            registration,
            party_limit,
        }
    }

    /// Partner presenters (ids from the list, each once) and other presenters by name.
    fn presenters(&self, e: &mut FieldErrors) -> (Vec<i64>, Option<String>) {
        let mut presenters = Vec::new();
        for p in &self.presenters {
            match p.trim().parse::<i64>() {
                Ok(id) if id > 0 => {
                    if !presenters.contains(&id) {
                        presenters.push(id)
                    }
                }
                _ => e.add("presenters", "Choose presenters from the list."),
            }
        }
        let other = validate::text(
            e,
            "other_presenters",
            "Other presenters",
            &self.other_presenters,
            false,
            300,
        );
        (presenters, other)
    }

    /// Setup before and teardown after, in minutes (none unless given).
    fn padding(&self, e: &mut FieldErrors) -> (Option<i64>, Option<i64>) {
        let setup = whole(
            e,
            "setup_minutes",
            "Setup time",
            &self.setup_minutes,
            Some(0),
            0,
            MAX_PADDING,
        );
        let teardown = whole(
            e,
            "teardown_minutes",
            "Teardown time",
            &self.teardown_minutes,
            Some(0),
            0,
            MAX_PADDING,
        );
        (setup, teardown)
    }

    /// The weekly repeat, if days are chosen: `None` for a single program (or a bad repeat,
    /// which is named).
    fn recurrence(&self, e: &mut FieldErrors, first_day: Option<time::Date>) -> Option<Repeat> {
        let days = validate::slugs::<Weekday>(e, "repeat_days", &self.repeat_days);
        if days.is_empty() {
            if !self.repeat_weeks.trim().is_empty() || !self.repeat_until.trim().is_empty() {
                e.add("repeat_days", "Choose the days the program repeats on.");
            }
            return None;
        }
        self.repeat(e, first_day, Set::of(&days))
    }

    /// How patrons book a series: each session on its own unless chosen.
    fn register_for(&self, e: &mut FieldErrors) -> Option<RegisterFor> {
        if self.register_for.trim().is_empty() {
            Some(RegisterFor::Session)
        } else {
            validate::one::<RegisterFor>(e, "register_for", "Way to register", &self.register_for)
        }
    }

    /// The repeat on `days` from `first`: for a number of weeks or up to a last date (not
    /// both), at most a year and [`MAX_SESSIONS`] sessions.
    fn repeat(
        &self,
        e: &mut FieldErrors,
        first: Option<time::Date>,
        days: Set<Weekday>,
    ) -> Option<Repeat> {
        let first = first?;
        if !days.contains(weekday(first)) {
            e.add(
                "repeat_days",
                format!(
                    "The first date is a {}: include it in the days the program repeats on.",
                    weekday(first).label()
                ),
            );
            return None;
        }
        let weeks = self.repeat_weeks.trim();
        let until = self.repeat_until.trim();
        let last = match (weeks.is_empty(), until.is_empty()) {
            (true, true) | (false, false) => {
                e.add(
                    "repeat_weeks",
                    "Give either the number of weeks or the last date, not both.",
                );
                return None;
            }
            (false, true) => {
                let n = whole(e, "repeat_weeks", "Number of weeks", weeks, None, 1, 52)?;
                first + time::Duration::days(7 * n - 1)
            }
            (true, false) => {
                let d = validate::date(e, "repeat_until", until)?;
                if d < first {
                    e.add("repeat_until", "The last date is before the first.");
                    return None;
                }
                if d > first + time::Duration::days(366) {
                    e.add("repeat_until", "A series may run for a year at most.");
                    return None;
                }
                d
            }
        };
        let r = Repeat { days, until: last };
        if session_days(first, &r).len() > MAX_SESSIONS {
            e.add(
                "repeat_days",
                format!("A series may have at most {MAX_SESSIONS} sessions."),
            );
            return None;
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, time};

    fn form() -> ProgramForm {
        ProgramForm {
            title: "Storytime with Station 3".into(),
            room: "1".into(),
            day: "2026-12-05".into(),
            starts: "10:30".into(),
            ends: "11:15".into(),
            capacity: "25".into(),
            registration: "required".into(),
            ..Default::default()
        }
    }

    fn errors(r: Result<NewProgram, AppError>) -> FieldErrors {
        match r {
            Err(AppError::Invalid(e)) => e,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_plain_form_is_one_session() {
        let p = form().parse(date!(2026 - 11 - 29)).unwrap();
        assert_eq!(p.days(), vec![date!(2026 - 12 - 05)]);
        assert_eq!(p.party_limit, 4);
        assert!(!p.publish);
        assert_eq!(p.venue, Venue::Room(1));
    }

    #[test]
    fn bad_input_is_named_field_by_field() {
        let mut f = form();
        f.day = "2026-11-01".into();
        f.ends = "10:00".into();
        f.capacity = "0".into();
        f.party_limit = "30".into();
        let e = errors(f.parse(date!(2026 - 11 - 29)));
        assert_eq!(e.get("day"), Some("The date is in the past."));
        assert_eq!(e.get("ends"), Some("The program must end after it starts."));
        assert!(e.get("capacity").unwrap().contains("from 1"));
        assert!(e.get("party_limit").unwrap().contains("from 1 to 20"));
        let mut f = form();
        f.room = String::new();
        assert!(errors(f.parse(date!(2026 - 11 - 29))).get("room").is_some());
    }

    #[test]
    fn a_weekly_series_for_n_weeks() {
        let mut f = form();
        f.repeat_days = vec!["sat".into(), "wed".into()];
        f.repeat_weeks = "3".into();
        let p = f.parse(date!(2026 - 11 - 29)).unwrap();
        assert_eq!(
            p.days(),
            vec![
                date!(2026 - 12 - 05),
                date!(2026 - 12 - 09),
                date!(2026 - 12 - 12),
                date!(2026 - 12 - 16),
                date!(2026 - 12 - 19),
                date!(2026 - 12 - 23),
            ],
            "three weeks from a Saturday end on the Friday before the fourth"
        );
        f.repeat_days = vec!["wed".into()];
        let e = errors(f.parse(date!(2026 - 11 - 29)));
        assert!(e.get("repeat_days").unwrap().contains("Saturday"));
        f.repeat_days = vec!["sat".into()];
        f.repeat_until = "2026-12-31".into();
        assert!(errors(f.parse(date!(2026 - 11 - 29)))
            .get("repeat_weeks")
            .is_some());
    }

    #[test]
    fn the_title_is_required_and_the_rest_of_about_is_optional() {
        let mut e = FieldErrors::default();
        let mut f = form();
        f.title = "  ".into();
        f.audiences = vec!["families".into()];
        let a = f.about(&mut e);
        assert_eq!(a.title, None);
        assert!(e.get("title").is_some());
        assert_eq!(a.description, "");
        assert_eq!(a.audiences, Set::of(&[Audience::Families]));
    }

    #[test]
    fn a_venue_is_a_listed_room_or_an_address() {
        let mut e = FieldErrors::default();
        let mut f = form();
        f.room = "x".into();
        assert_eq!(f.venue(&mut e), None);
        assert_eq!(e.get("room"), Some("Choose a room from the list."));
        let mut e = FieldErrors::default();
        f.room = String::new();
        f.address = "12 Mill Road".into();
        f.branch = "3".into();
        assert_eq!(
            f.venue(&mut e),
            Some(Venue::OffSite {
                branch: Some(3),
                address: "12 Mill Road".into()
            })
        );
        assert!(e.is_empty());
    }

    #[test]
    fn times_name_each_bad_clock() {
        let mut e = FieldErrors::default();
        let mut f = form();
        f.starts = "soon".into();
        let t = f.times(&mut e, date!(2026 - 11 - 29));
        assert_eq!(t.first_day, Some(date!(2026 - 12 - 05)));
        assert_eq!((t.starts, t.ends), (None, Some(time!(11:15))));
        assert_eq!(e.get("starts"), Some("Enter a start time like 10:30."));
        assert_eq!(e.get("ends"), None);
    }

    #[test]
    fn seats_default_the_party_limit_and_presenters_come_once() {
        let mut e = FieldErrors::default();
        let mut f = form();
        let s = f.seats(&mut e);
        assert_eq!(
            (s.capacity, s.registration, s.party_limit),
            (Some(25), Some(Registration::Required), Some(4))
        );
        f.presenters = vec!["7".into(), "7".into(), "2".into()];
        assert_eq!(f.presenters(&mut e), (vec![7, 2], None));
        assert!(e.is_empty());
        f.presenters = vec!["-1".into()];
        f.presenters(&mut e);
        assert!(e.get("presenters").is_some());
    }

    #[test]
    fn padding_defaults_to_none_and_has_a_ceiling() {
        let mut e = FieldErrors::default();
        let mut f = form();
        assert_eq!(f.padding(&mut e), (Some(0), Some(0)));
        f.teardown_minutes = "241".into();
        assert_eq!(f.padding(&mut e), (Some(0), None));
        assert!(e.get("teardown_minutes").is_some());
    }

    #[test]
    fn a_repeat_needs_days_and_one_way_to_end() {
        let mut e = FieldErrors::default();
        let mut f = form();
        f.repeat_weeks = "2".into();
        assert_eq!(f.recurrence(&mut e, Some(date!(2026 - 12 - 05))), None);
        assert_eq!(
            e.get("repeat_days"),
            Some("Choose the days the program repeats on.")
        );
        let mut e = FieldErrors::default();
        f.repeat_days = vec!["sat".into()];
        let r = f.recurrence(&mut e, Some(date!(2026 - 12 - 05))).unwrap();
        assert_eq!(r.until, date!(2026 - 12 - 18));
        assert_eq!(f.register_for(&mut e), Some(RegisterFor::Session));
        f.register_for = "weekly".into();
        assert_eq!(f.register_for(&mut e), None);
        assert!(e.get("register_for").is_some());
    }

    proptest! {
        /// The whole schedule form, fuzzed field by field from a valid one: any text gives a
        /// checked program or field errors, never a panic, and a checked program is sane.
        #[test]
        fn any_schedule_form_parses_to_a_sane_program_or_field_errors(
            fields in prop::collection::vec((0usize..12, "\\PC{0,12}|-?[0-9]{1,6}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}"), 0..6),
            days in prop::collection::vec("[a-z]{0,9}", 0..3),
        ) {
            let mut f = form();
            for (i, v) in fields {
                let slot = match i {
                    0 => &mut f.title,
                    1 => &mut f.day,
                    2 => &mut f.starts,
                    3 => &mut f.ends,
                    4 => &mut f.capacity,
                    5 => &mut f.party_limit,
                    6 => &mut f.setup_minutes,
                    7 => &mut f.teardown_minutes,
                    8 => &mut f.repeat_weeks,
                    9 => &mut f.repeat_until,
                    10 => &mut f.room,
                    _ => &mut f.registration,
                };
                *slot = v;
            }
            f.repeat_days = days;
            let today = date!(2026 - 12 - 01);
            match f.parse(today) {
                Ok(p) => {
                    prop_assert!(p.ends > p.starts);
                    prop_assert!(p.capacity >= 1 && p.party_limit >= 1);
                    prop_assert!(p.setup_minutes >= 0 && p.teardown_minutes >= 0);
                    let all = p.days();
                    prop_assert!(!all.is_empty() && all.len() <= 7 * 53);
                    prop_assert!(all.iter().all(|d| d.year() >= 1900 && d.year() <= 2199));
                    prop_assert!(all.windows(2).all(|w| w[0] < w[1]));
                }
                Err(AppError::Invalid(e)) => prop_assert!(!e.is_empty()),
                Err(other) => prop_assert!(false, "not a field error: {other:?}"),
            }
        }
    }
}
