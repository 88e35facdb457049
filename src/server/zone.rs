//! The library's time zone: an IANA name (`COMMONPLACE_TIME_ZONE`, daylight saving included,
//! from the time-zone database built into the binary) or, without one, the fixed
//! `COMMONPLACE_UTC_OFFSET_MINUTES`. Program times are typed and shown in it and stored in UTC.

/// A time zone, cheap to copy: a named zone is made once at start-up and kept for the life of
/// the process.
#[derive(Clone, Copy, Debug)]
pub struct Zone {
    named: Option<&'static jiff::tz::TimeZone>,
    fixed_minutes: i32,
}

impl Zone {
    /// A fixed offset from UTC, in minutes.
    pub const fn fixed(minutes: i32) -> Zone {
        Zone {
            named: None,
            fixed_minutes: minutes,
        }
    }

    /// The zone of an IANA name like `America/Chicago`; an empty name is the fixed offset.
    pub fn new(name: &str, fixed_minutes: i32) -> Result<Zone, String> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Zone::fixed(fixed_minutes));
        }
        let tz = jiff::tz::TimeZone::get(name)
            .map_err(|e| format!("COMMONPLACE_TIME_ZONE {name:?} is not a known time zone: {e}"))?;
        Ok(Zone {
            named: Some(Box::leak(Box::new(tz))),
            fixed_minutes,
        })
    }

    /// The offset from UTC in force at unix second `ts`, in minutes.
    pub fn offset_at(self, ts: i64) -> i32 {
        match self.named {
            None => self.fixed_minutes,
            Some(tz) => jiff::Timestamp::from_second(ts)
                .map(|t| tz.to_offset(t).seconds() / 60)
                .unwrap_or(self.fixed_minutes),
        }
    }

    /// Unix seconds of a local day and time. A time the clocks skip is moved forward by the
    /// gap and a time they repeat is its first occurrence (RFC 5545's rule).
    pub fn to_utc(self, day: time::Date, at: time::Time) -> i64 {
        let naive = crate::when::to_utc(day, at, 0);
        match self.named {
            None => naive - i64::from(self.fixed_minutes) * 60,
            Some(tz) => jiff::civil::DateTime::new(
                day.year() as i16,
                u8::from(day.month()) as i8,
                day.day() as i8,
                at.hour() as i8,
                at.minute() as i8,
                0,
                0,
            )
            .and_then(|dt| tz.to_timestamp(dt))
            .map(|t| t.as_second())
            .unwrap_or(naive - i64::from(self.offset_at(naive)) * 60),
        }
    }

    /// Unix seconds of a local moment given as seconds since 1970-01-01 00:00 on the local
    /// clock (how forms that parse dates without a zone count), by the same rules as
    /// [`Zone::to_utc`].
    pub fn naive_to_utc(self, local: i64) -> i64 {
        match time::OffsetDateTime::from_unix_timestamp(local) {
            Ok(t) => self.to_utc(t.date(), t.time()),
            Err(_) => local - i64::from(self.fixed_minutes) * 60,
        }
    }

    /// The local date and time of unix second `ts`.
    pub fn local(self, ts: i64) -> time::PrimitiveDateTime {
        crate::when::to_local(ts, self.offset_at(ts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    #[test]
    fn daylight_saving_moves_the_offset_not_the_wall_clock() {
        let chicago = Zone::new("America/Chicago", 0).unwrap();
        let winter = chicago.to_utc(date!(2026 - 12 - 05), time!(10:30));
        let summer = chicago.to_utc(date!(2026 - 07 - 04), time!(10:30));
        assert_eq!(chicago.offset_at(winter), -360);
        assert_eq!(chicago.offset_at(summer), -300);
        assert_eq!(chicago.local(winter).time(), time!(10:30));
        assert_eq!(chicago.local(summer).time(), time!(10:30));
        assert_eq!(winter % 86_400, 16 * 3600 + 1800);
        assert_eq!(summer % 86_400, 15 * 3600 + 1800);
        // 2:30 on the spring-forward night does not exist: it becomes 3:30 CDT.
        let gap = chicago.to_utc(date!(2026 - 03 - 08), time!(2:30));
        assert_eq!(chicago.local(gap).time(), time!(3:30));
    }

    #[test]
    fn naive_local_seconds_take_the_offset_of_their_own_day() {
        let chicago = Zone::new("America/Chicago", 0).unwrap();
        // 2026-03-01 09:00 and 2026-03-14 09:00 on the local clock, either side of the change.
        let before = date!(2026 - 03 - 01)
            .midnight()
            .assume_utc()
            .unix_timestamp()
            + 9 * 3600;
        let after = date!(2026 - 03 - 14)
            .midnight()
            .assume_utc()
            .unix_timestamp()
            + 9 * 3600;
        assert_eq!(chicago.naive_to_utc(before) - before, 6 * 3600);
        assert_eq!(chicago.naive_to_utc(after) - after, 5 * 3600);
        assert_eq!(Zone::fixed(-300).naive_to_utc(before) - before, 5 * 3600);
    }

    #[test]
    fn without_a_name_the_fixed_offset_is_used() {
        let z = Zone::new("", -300).unwrap();
        assert_eq!(z.offset_at(0), -300);
        assert_eq!(
            z.to_utc(date!(2026 - 12 - 05), time!(10:30)) % 86_400,
            15 * 3600 + 1800
        );
        assert!(Zone::new("Mars/Olympus_Mons", 0).is_err());
    }
}
