//! Dates and times, in one place: what people type (`YYYY-MM-DD`, `YYYY-MM`, `HH:MM`), the
//! library's local time against the UTC seconds the database keeps, the ranges the calendar
//! and the flyer cover, and the words pages show. Pure and shared by the server and the
//! browser; "now" and "today" are not here, they belong to the server's one `Clock`
//! (`server::clock`).
//!
//! Every date read from input falls in [`YEARS`], so arithmetic on it stays far inside what
//! the calendar can count; where a range is computed, the arithmetic is checked.

use crate::vocab::{Vocab, Weekday};

// ---- reading ----

/// Parses `YYYY-MM-DD` into a date.
///
/// Only years in [`YEARS`] are dates here: everything the app computes from a date (a series,
/// a calendar's range, a month's weeks) then stays far inside what the calendar can count.
pub fn parse_iso_date(value: &str) -> Option<time::Date> {
    parse_iso_date_any_year(value).filter(|d| YEARS.contains(&d.year()))
}

/// The years a date typed or sent to the app may fall in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// `YYYY-MM-DD` in any year the calendar knows: for telling a far date from a malformed one.
pub fn parse_iso_date_any_year(value: &str) -> Option<time::Date> {
    let mut parts = value.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// `HH:MM` (24-hour; `H:MM` too) into a time of day; `HH:MM:SS` is accepted as well, as some
/// browsers send it. Digits only: anything else is not a time.
pub fn parse_clock(value: &str) -> Option<time::Time> {
    let mut parts = value.trim().split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next());
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(h, 1..=2) || !digits(m, 2..=2) {
        return None;
    }
    let sec = match s {
        Some(s) if digits(s, 2..=2) => s.parse().ok()?,
        Some(_) => return None,
        None => 0,
    };
    time::Time::from_hms(h.parse().ok()?, m.parse().ok()?, sec).ok()
}

/// Parses `YYYY-MM` into the month's first day; `None` for anything else.
pub fn parse_month(value: &str) -> Option<time::Date> {
    let (y, m) = value.trim().split_once('-')?;
    parse_iso_date(&format!("{y}-{m}-01")).filter(|_| !m.contains('-'))
}

// ---- local time and UTC ----

/// Unix seconds of a local day and time, at `offset_minutes` from UTC.
pub fn to_utc(day: time::Date, at: time::Time, offset_minutes: i32) -> i64 {
    day.with_time(at).assume_utc().unix_timestamp() - i64::from(offset_minutes) * 60
}

/// The local date and time of unix seconds.
pub fn to_local(ts: i64, offset_minutes: i32) -> time::PrimitiveDateTime {
    let t = time::OffsetDateTime::from_unix_timestamp(ts + i64::from(offset_minutes) * 60)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    time::PrimitiveDateTime::new(t.date(), t.time())
}

// ---- ranges ----

/// The days the calendar shows: from `from` (default today) to `to` (default 59 days on),
/// at most a year, never before today.
pub fn calendar_range(from: &str, to: &str, today: time::Date) -> (time::Date, time::Date) {
    let on = |d: time::Date, days: i64| d.checked_add(time::Duration::days(days)).unwrap_or(d);
    let first = parse_iso_date(from).unwrap_or(today).max(today);
    let last = parse_iso_date(to)
        .filter(|d| *d >= first)
        .unwrap_or(on(first, 59));
    (first, last.min(on(first, 366)))
}

/// The first and last day (`YYYY-MM-DD`) of the month `value` names (`YYYY-MM` or a date in
/// it); empty strings, so the calendar's defaults apply, when it names none.
pub fn month_span(value: &str) -> (String, String) {
    let v = value.trim();
    let day = if v.len() == 7 {
        parse_iso_date(&format!("{v}-01"))
    } else {
        parse_iso_date(v)
    };
    match day {
        Some(d) => {
            let first = first_of_month(d);
            let last = d
                .replace_day(first.month().length(first.year()))
                .unwrap_or(d);
            (first.to_string(), last.to_string())
        }
        None => (String::new(), String::new()),
    }
}

pub fn first_of_month(d: time::Date) -> time::Date {
    d.replace_day(1).unwrap_or(d)
}

// ---- words ----

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The vocabulary weekday of a date.
pub fn weekday(d: time::Date) -> Weekday {
    Weekday::ALL[d.weekday().number_days_from_monday() as usize]
}

pub fn month_name(m: time::Month) -> &'static str {
    use time::Month::*;
    match m {
        January => "January",
        February => "February",
        March => "March",
        April => "April",
        May => "May",
        June => "June",
        July => "July",
        August => "August",
        September => "September",
        October => "October",
        November => "November",
        December => "December",
    }
}

/// "10:30 AM".
pub fn clock(t: time::Time) -> String {
    let (h, m) = (t.hour(), t.minute());
    let (h12, half) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{h12}:{m:02} {half}")
}

pub fn short_date(d: time::Date) -> String {
    format!(
        "{} {}, {}",
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.day(),
        d.year()
    )
}

/// "Saturday, December 5, 2026, 10:30 AM–11:15 AM": a program's local start and end in words.
pub fn when_words(s: time::PrimitiveDateTime, t: time::PrimitiveDateTime) -> String {
    let day = format!(
        "{}, {} {}, {}",
        weekday(s.date()).label(),
        month_name(s.month()),
        s.day(),
        s.year()
    );
    if s.date() == t.date() {
        format!("{day}, {}–{}", clock(s.time()), clock(t.time()))
    } else {
        format!("{day}, {} to {}", clock(s.time()), when_words(t, t))
    }
}

/// "Mon, Mar 1, 2027, 9:00 AM": a moment in the library's local time (a poll's opening, say).
pub fn moment(local: time::PrimitiveDateTime) -> String {
    format!(
        "{}, {}, {}",
        &weekday(local.date()).label()[..3],
        short_date(local.date()),
        clock(local.time())
    )
}

/// "December 2026" for the month of a date.
pub fn month_label(d: time::Date) -> String {
    format!("{} {}", d.month(), d.year())
}

/// A date (from seconds since the epoch) like "Mar 14, 2026", the same on server and browser.
pub fn date(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| short_date(t.date()))
        .unwrap_or_default()
}

/// A moment (seconds since the epoch) like "Mar 14, 2026, 09:05 UTC".
pub fn date_time(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| format!("{}, {} UTC", short_date(t.date()), clock(t.time())))
        .unwrap_or_default()
}

/// A `YYYY-MM-DD` date as "Mar 14, 2026" (anything else is shown as it is).
pub fn day(iso: &str) -> String {
    parse_iso_date(iso)
        .map(short_date)
        .unwrap_or_else(|| iso.to_string())
}

/// A span of `YYYY-MM-DD` days: "Sat, Dec 5, 2026" for one day, "Dec 1, 2026 – Dec 20, 2026"
/// for several.
pub fn day_span(first: &str, last: &str) -> String {
    match parse_iso_date(first) {
        Some(d) if first == last => format!("{}, {}", &weekday(d).label()[..3], short_date(d)),
        _ => format!("{} – {}", day(first), day(last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_read_well() {
        assert_eq!(date(1_773_446_400), "Mar 14, 2026");
        assert_eq!(date_time(1_773_446_700), "Mar 14, 2026, 12:05 AM UTC");
        assert_eq!(day("2026-03-04"), "Mar 4, 2026");
        assert_eq!(day("garbage"), "garbage");
        assert_eq!(day_span("2026-12-05", "2026-12-05"), "Sat, Dec 5, 2026");
        assert_eq!(
            day_span("2026-12-01", "2026-12-20"),
            "Dec 1, 2026 – Dec 20, 2026"
        );
    }

    #[test]
    fn moments_read_like_program_times() {
        // 2026-12-05 23:30 UTC is 18:30 in UTC−05:00.
        assert_eq!(
            moment(to_local(1_796_513_400, -300)),
            "Sat, Dec 5, 2026, 6:30 PM"
        );
        assert_eq!(
            moment(to_local(1_796_513_400, 0)),
            "Sat, Dec 5, 2026, 11:30 PM"
        );
        assert_eq!(clock(time::Time::MIDNIGHT), "12:00 AM");
        assert_eq!(clock(time::Time::from_hms(12, 5, 0).unwrap()), "12:05 PM");
    }

    #[test]
    fn one_clock_rule_for_every_form() {
        let t = |h, m, s| time::Time::from_hms(h, m, s).ok();
        assert_eq!(parse_clock("09:30"), t(9, 30, 0));
        assert_eq!(parse_clock(" 9:30 "), t(9, 30, 0));
        assert_eq!(parse_clock("23:59:30"), t(23, 59, 30));
        for bad in [
            "",
            "9",
            "24:00",
            "12:60",
            "+9:30",
            "9:3",
            "123:00",
            "12:00:",
            "12:00:5",
            "12:00:00:00",
            "ab:cd",
            "١٢:٣٠",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Anything typed is a valid time or nothing, never a panic; a time read back from its
        /// own `HH:MM` is itself.
        #[test]
        fn clock_times_parse_or_refuse(s in "\\PC{0,9}|[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?", h in 0u8..24, m in 0u8..60) {
            if let Some(t) = parse_clock(&s) {
                prop_assert!(t.hour() < 24 && t.minute() < 60 && t.second() < 60);
            }
            let typed = format!("{h:02}:{m:02}");
            prop_assert_eq!(parse_clock(&typed), time::Time::from_hms(h, m, 0).ok());
        }
    }
}
