//! The one owner of "now" and "today" on the server.
//!
//! Every time the app stores or compares (unix seconds) and every "today" it reasons with (the
//! library's date, in its zone) comes from a [`Clock`] handed down from the state, never from the
//! system directly. A clock runs with the system's, shifted by an offset that a test (or a
//! demonstration, `COMMONPLACE_CLOCK_START`) sets, so time still passes for workers, leases and
//! back-off while the calendar says what the test needs it to say.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use super::zone::Zone;

/// "Now" and "today" for one app server; cheap to clone (clones share the setting).
#[derive(Clone, Debug)]
pub struct Clock {
    zone: Zone,
    /// Seconds added to the system's time.
    shift: Arc<AtomicI64>,
    /// When stopped (by a test), the time it reads; `i64::MIN` while it runs.
    stopped: Arc<AtomicI64>,
}

/// Seconds since the Unix epoch, by the system.
fn system_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Clock {
    /// The system's time, read in `zone`.
    pub fn system(zone: Zone) -> Clock {
        Clock {
            zone,
            shift: Arc::new(AtomicI64::new(0)),
            stopped: Arc::new(AtomicI64::new(i64::MIN)),
        }
    }

    /// A clock that reads `at` (unix seconds) now and runs on from there.
    pub fn starting_at(zone: Zone, at: i64) -> Clock {
        let c = Clock::system(zone);
        c.set(at);
        c
    }

    /// Unix seconds now: how every time is stored.
    pub fn now(&self) -> i64 {
        match self.stopped.load(Ordering::Relaxed) {
            i64::MIN => system_now().saturating_add(self.shift.load(Ordering::Relaxed)),
            at => at,
        }
    }

    /// Stops this clock (and every clone of it) where it is: it moves only when set or
    /// advanced, so a test of waits in seconds does not depend on how fast the machine is.
    pub fn stop(&self) {
        self.stopped.store(self.now(), Ordering::Relaxed);
    }

    /// The library's date now.
    pub fn today(&self) -> time::Date {
        self.zone.local(self.now()).date()
    }

    /// The library's time zone.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Makes this clock (and every clone of it) read `at` now; it runs on from there.
    pub fn set(&self, at: i64) {
        self.shift
            .store(at.saturating_sub(system_now()), Ordering::Relaxed);
        if self.stopped.load(Ordering::Relaxed) != i64::MIN {
            self.stopped.store(at, Ordering::Relaxed);
        }
    }

    /// Moves this clock (and every clone of it) `seconds` on.
    pub fn advance(&self, seconds: i64) {
        self.shift.fetch_add(seconds, Ordering::Relaxed);
        if self.stopped.load(Ordering::Relaxed) != i64::MIN {
            self.stopped.fetch_add(seconds, Ordering::Relaxed);
        }
    }
}

/// Parses `COMMONPLACE_CLOCK_START`: `YYYY-MM-DD` (the library's midnight) or
/// `YYYY-MM-DDTHH:MM` (the library's local time), in `zone`.
pub fn parse_start(value: &str, zone: Zone) -> Result<i64, String> {
    let v = value.trim();
    let (day, at) = match v.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let bad = || {
        format!("COMMONPLACE_CLOCK_START {v:?} is not a date like 2026-12-01 or 2026-12-01T09:30")
    };
    let day = crate::when::parse_iso_date(day).ok_or_else(bad)?;
    let at = match at {
        Some(t) => crate::when::parse_clock(t).ok_or_else(bad)?,
        None => time::Time::MIDNIGHT,
    };
    Ok(zone.to_utc(day, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_set_clock_reads_the_set_day_and_keeps_running() {
        let c = Clock::system(Zone::fixed(-300));
        let at = parse_start("2030-06-01T09:30", Zone::fixed(-300)).unwrap();
        c.set(at);
        assert!((c.now() - at).abs() <= 1);
        assert_eq!(c.today(), date!(2030 - 06 - 01));
        let clone = c.clone();
        clone.advance(86_400);
        assert_eq!(c.today(), date!(2030 - 06 - 02), "clones share the setting");
        // 23:30 in the library is already tomorrow in UTC: today is the library's date.
        c.set(parse_start("2030-06-01T23:30", Zone::fixed(-300)).unwrap());
        assert_eq!(c.today(), date!(2030 - 06 - 01));
        c.stop();
        let t = c.now();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(c.now(), t, "a stopped clock stays");
        c.advance(5);
        assert_eq!(c.now(), t + 5);
    }

    #[test]
    fn clock_start_must_be_a_date() {
        for bad in [
            "",
            "tomorrow",
            "2030-13-01",
            "2030-06-01T25:00",
            "9999999-01-01",
        ] {
            assert!(parse_start(bad, Zone::fixed(0)).is_err(), "{bad}");
        }
        assert_eq!(parse_start("1970-01-02", Zone::fixed(0)).unwrap(), 86_400);
    }
}
