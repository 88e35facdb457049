//! Programs as rules: the vocabularies, the schedule form and its checks, weekly recurrence,
//! overlap with padding, the registration form, and local time. Pure, shared by both sides.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::{vocab, Audience, Goal, Set, Vocab, Weekday};
use crate::when::{first_of_month, parse_clock, weekday};

vocab! {
    /// Whether patrons register for a program.
    Registration {
        Required = "required", "Registration required";
        Optional = "optional", "Registration optional";
        Open = "none", "No registration: drop in";
    }
}

vocab! {
    /// Where a program stands.
    ProgramStatus {
        Draft = "draft", "Draft";
        Published = "published", "Published";
        Cancelled = "cancelled", "Cancelled";
    }
}

vocab! {
    /// How a weekly series is booked.
    RegisterFor {
        Series = "series", "Once for every session";
        Session = "session", "Each session on its own";
    }
}

vocab! {
    /// Where a registration stands.
    RegState {
        Confirmed = "confirmed", "Confirmed";
        Waiting = "waiting", "On the waitlist";
        Cancelled = "cancelled", "Cancelled";
    }
}

vocab! {
    /// Who came, marked at the door.
    Attendance {
        Attended = "attended", "Attended";
        NoShow = "no_show", "No-show";
    }
}

/// The largest party one registration may hold, whatever a program allows.
pub const MAX_PARTY: i64 = 20;
/// The most sessions one series may have.
pub const MAX_SESSIONS: usize = 104;
/// The longest padding before or after a program, in minutes.
pub const MAX_PADDING: i64 = 240;

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

fn whole(
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

impl ProgramForm {
    /// Checks every field against `today` (in the library's time zone), naming each problem.
    pub fn parse(&self, today: time::Date) -> Result<NewProgram, AppError> {
        let mut e = FieldErrors::default();
        let title = validate::text(&mut e, "title", "Title", &self.title, true, 120);
        let description = validate::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            4000,
        )
        .unwrap_or_default();
        let audiences = Set::of(&validate::slugs::<Audience>(
            &mut e,
            "audiences",
            &self.audiences,
        ));
        let goals = Set::of(&validate::slugs::<Goal>(&mut e, "goals", &self.goals));
        let venue = match self.room.trim() {
            "" => {
                let address =
                    validate::text(&mut e, "address", "Address", &self.address, false, 300);
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
        };
        let first_day = validate::date(&mut e, "day", &self.day);
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
        let capacity = whole(
            &mut e,
            "capacity",
            "Capacity",
            &self.capacity,
            None,
            1,
            10_000,
        );
        let registration = validate::one::<Registration>(
            &mut e,
            "registration",
            "Registration",
            &self.registration,
        );
        let party_limit = whole(
            &mut e,
            "party_limit",
            "Party size limit",
            &self.party_limit,
            Some(4),
            1,
            MAX_PARTY,
        );
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
        let other_presenters = validate::text(
            &mut e,
            "other_presenters",
            "Other presenters",
            &self.other_presenters,
            false,
            300,
        );
        let setup_minutes = whole(
            &mut e,
            "setup_minutes",
            "Setup time",
            &self.setup_minutes,
            Some(0),
            0,
            MAX_PADDING,
        );
        let teardown_minutes = whole(
            &mut e,
            "teardown_minutes",
            "Teardown time",
            &self.teardown_minutes,
            Some(0),
            0,
            MAX_PADDING,
        );
        let days = validate::slugs::<Weekday>(&mut e, "repeat_days", &self.repeat_days);
        let repeat = if days.is_empty() {
            if !self.repeat_weeks.trim().is_empty() || !self.repeat_until.trim().is_empty() {
                e.add("repeat_days", "Choose the days the program repeats on.");
            }
            None
        } else {
            self.repeat(&mut e, first_day, Set::of(&days))
        };
        let register_for = if self.register_for.trim().is_empty() {
            Some(RegisterFor::Session)
        } else {
            validate::one::<RegisterFor>(
                &mut e,
                "register_for",
                "Way to register",
                &self.register_for,
            )
        };
        if let (Some(c), Some(limit)) = (capacity, party_limit) {
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
            title,
            venue,
            first_day,
            starts,
            ends,
            capacity,
            registration,
            party_limit,
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
            description,
            audiences,
            goals,
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

/// The weeks (Monday first) that cover the month of `day`, for the month grid.
pub fn month_weeks(day: time::Date) -> Vec<Vec<time::Date>> {
    let first = first_of_month(day);
    let start = first - time::Duration::days(i64::from(first.weekday().number_days_from_monday()));
    let mut weeks = Vec::new();
    let mut d = start;
    while d.month() == first.month() || d < first {
        let week: Vec<time::Date> = (0..7).map(|i| d + time::Duration::days(i)).collect();
        d += time::Duration::days(7);
        weeks.push(week);
    }
    weeks
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

/// The registration form, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterForm {
    pub name: String,
    pub email: String,
    pub party_size: String,
    #[serde(default)]
    pub needs: String,
    /// The honeypot: people never see it, simple bots fill it in.
    #[serde(default)]
    pub fax_number: String,
}

/// A checked registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
}

impl RegisterForm {
    /// Whether a bot filled the hidden field.
    pub fn is_bot(&self) -> bool {
        !self.fax_number.trim().is_empty()
    }

    /// Checks the fields; the party size against the program's own limit.
    pub fn parse(&self, party_limit: i64) -> Result<NewRegistration, AppError> {
        let mut e = FieldErrors::default();
        let name = validate::text(&mut e, "name", "Name", &self.name, true, 120);
        let email = validate::email(&mut e, "email", &self.email, true);
        let party = party_size(&mut e, &self.party_size, party_limit);
        let needs = validate::text(
            &mut e,
            "needs",
            "Accessibility needs",
            &self.needs,
            false,
            1000,
        );
        e.into_result(())?;
        Ok(NewRegistration {
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            party_size: party.unwrap_or(1),
            needs,
        })
    }
}

/// A party size from 1 to `limit`, with a message that says the limit.
pub fn party_size(e: &mut FieldErrors, value: &str, limit: i64) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        e.add("party_size", "Say how many people are coming.");
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if n >= 1 && n <= limit => Some(n),
        Ok(n) if n > limit => {
            e.add(
                "party_size",
                format!(
                    "At most {limit} {} per registration for this program.",
                    if limit == 1 { "person" } else { "people" }
                ),
            );
            None
        }
        _ => {
            e.add(
                "party_size",
                "Party size must be a whole number, 1 or more.",
            );
            None
        }
    }
}

/// The entries a freed seat count promotes: in waitlist order, each whose party fits what is
/// left; those that do not fit keep their place. `waiting` is `(id, party)` in order.
pub fn promotions(free: i64, waiting: &[(i64, i64)]) -> Vec<i64> {
    let mut left = free;
    let mut out = Vec::new();
    for &(id, party) in waiting {
        if party <= left {
            left -= party;
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::{calendar_range, month_span, to_local, to_utc, when_words};
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
    fn local_times_round_trip_through_utc() {
        let ts = to_utc(date!(2026 - 12 - 05), time!(10:30), -360);
        assert_eq!(ts, 1796488200, "10:30 at UTC-6 is 16:30 UTC");
        let local = to_local(ts, -360);
        assert_eq!(local.date(), date!(2026 - 12 - 05));
        assert_eq!(local.time(), time!(10:30));
        assert_eq!(
            when_words(to_local(ts, -360), to_local(ts + 45 * 60, -360)),
            "Saturday, December 5, 2026, 10:30 AM–11:15 AM"
        );
    }

    #[test]
    fn party_sizes_say_the_limit() {
        let f = RegisterForm {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            party_size: "5".into(),
            needs: String::new(),
            ..Default::default()
        };
        match f.parse(4) {
            Err(AppError::Invalid(e)) => {
                assert_eq!(
                    e.get("party_size"),
                    Some("At most 4 people per registration for this program.")
                )
            }
            other => panic!("{other:?}"),
        }
        let f = RegisterForm {
            email: "not an address".into(),
            party_size: "0".into(),
            ..f
        };
        match f.parse(4) {
            Err(AppError::Invalid(e)) => {
                assert!(e.get("email").is_some());
                assert!(e.get("party_size").is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn promotion_skips_parties_that_do_not_fit_but_keeps_order() {
        assert_eq!(promotions(3, &[(1, 4), (2, 2), (3, 1), (4, 1)]), vec![2, 3]);
        assert_eq!(promotions(0, &[(1, 1)]), Vec::<i64>::new());
        assert_eq!(promotions(5, &[(1, 3), (2, 3), (3, 2)]), vec![1, 3]);
    }

    #[test]
    fn the_calendar_range_has_sane_defaults() {
        let today = date!(2026 - 11 - 29);
        assert_eq!(
            calendar_range("", "", today),
            (today, date!(2027 - 01 - 27))
        );
        assert_eq!(
            calendar_range("2026-12-01", "2026-12-31", today),
            (date!(2026 - 12 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(calendar_range("2020-01-01", "nonsense", today).0, today);
        assert_eq!(
            calendar_range("", "2030-01-01", today).1,
            date!(2027 - 11 - 30)
        );
    }

    #[test]
    fn month_grids_cover_the_month_in_whole_weeks() {
        assert_eq!(
            month_span("2026-12"),
            ("2026-12-01".to_string(), "2026-12-31".to_string())
        );
        assert_eq!(month_span("2027-02-14").1, "2027-02-28");
        assert_eq!(month_span("soon"), (String::new(), String::new()));
        let weeks = month_weeks(date!(2026 - 12 - 15));
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], date!(2026 - 11 - 30));
        assert_eq!(weeks[4][6], date!(2027 - 01 - 03));
        assert!(weeks
            .iter()
            .all(|w| w.len() == 7 && w[0].weekday() == time::Weekday::Monday));
    }

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

    #[test]
    fn far_dates_in_the_calendar_do_not_overflow() {
        let today = date!(2026 - 12 - 01);
        assert_eq!(calendar_range("9999-01-01", "", today).0, today);
        assert_eq!(
            calendar_range("2199-12-31", "", today),
            (date!(2199 - 12 - 31), date!(2200 - 02 - 28))
        );
        assert_eq!(month_span("9999-12"), (String::new(), String::new()));
        assert_eq!(
            month_span("2199-12"),
            ("2199-12-01".to_string(), "2199-12-31".to_string())
        );
        assert!(!month_weeks(date!(2199 - 12 - 31)).is_empty());
    }

    proptest! {
        /// The calendar's range is never empty, never before today and at most a year long,
        /// whatever the query says.
        #[test]
        fn calendar_ranges_are_sane(from in "\\PC{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}", to in "\\PC{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}", t in 0i64..100_000) {
            let today = date!(1900 - 01 - 01) + time::Duration::days(t);
            let (first, last) = calendar_range(&from, &to, today);
            prop_assert!(first >= today && last >= first);
            prop_assert!((last - first).whole_days() <= 366);
            let (a, b) = month_span(&from);
            prop_assert_eq!(a.is_empty(), b.is_empty());
        }

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

        /// A registration form: a checked party or field errors, never a panic.
        #[test]
        fn any_registration_form_parses_or_names_its_fields(
            name in "\\PC{0,30}", email in "\\PC{0,30}|[a-z]{1,8}@[a-z]{1,8}\\.org",
            party in "\\PC{0,6}|-?[0-9]{1,20}", limit in -3i64..12,
        ) {
            let f = RegisterForm { name, email, party_size: party, needs: String::new(), fax_number: String::new() };
            match f.parse(limit) {
                Ok(r) => prop_assert!(r.party_size >= 1 && !r.name.trim().is_empty() && r.email.contains('@')),
                Err(AppError::Invalid(e)) => prop_assert!(!e.is_empty()),
                Err(other) => prop_assert!(false, "not a field error: {other:?}"),
            }
        }

        #[test]
        fn promotions_never_exceed_the_free_seats(
            free in 0i64..30, parties in prop::collection::vec(1i64..8, 0..20)
        ) {
            let waiting: Vec<(i64, i64)> = parties.iter().enumerate().map(|(i, p)| (i as i64, *p)).collect();
            let chosen = promotions(free, &waiting);
            let used: i64 = chosen.iter().map(|id| waiting[*id as usize].1).sum();
            prop_assert!(used <= free);
            prop_assert!(chosen.windows(2).all(|w| w[0] < w[1]));
            // Whoever was passed over did not fit in what was left at their turn.
            let mut left = free;
            for (id, party) in &waiting {
                if chosen.contains(id) { left -= party; } else { prop_assert!(*party > left); }
            }
        }
    }
}
