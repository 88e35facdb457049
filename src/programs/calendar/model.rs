//! What the calendar and a program's page receive from the server, and the month grid. Times
//! arrive already in words, in the library's time zone, so the browser needs no time-zone rules.

use serde::{Deserialize, Serialize};

use crate::programs::model::{ProgramStatus, RegisterFor, Registration};
use crate::vocab::{Audience, Goal};
use crate::when::first_of_month;

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

/// The public calendar: programs matching the filters, and the branches to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub programs: Vec<ProgramCard>,
    pub branches: Vec<(i64, String)>,
    /// The first and last day shown, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::{calendar_range, month_span, to_local, to_utc, when_words};
    use proptest::prelude::*;
    use time::macros::{date, time};

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
    }
}
