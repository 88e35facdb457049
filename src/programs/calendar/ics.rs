//! iCalendar (RFC 5545, written by the `icalendar` crate): one program's `.ics` and the
//! subscribable feed `/programs.ics`, which takes the calendar's filters as query parameters.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use serde::Deserialize;

use super::repo::{self, ListFilter, Row};
use super::service;
use crate::programs::model::ProgramStatus;
use crate::server::state::AppState;
use crate::vocab::{Audience, Goal, Vocab};

/// Text as an iCalendar TEXT value may hold it: line breaks of any kind become `\n` (which the
/// writer escapes), other control characters are dropped. A bare carriage return would
/// otherwise start a new line in the file, where it could pass for a property of its own.
fn ics_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn utc(ts: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// One program as a calendar event; its UID stays the same however often it is fetched.
fn event(r: &Row, place: &str, base: &str, host: &str, stamp: i64) -> Event {
    let mut e = Event::new();
    e.uid(&format!("program-{}@{host}", r.id))
        .summary(&ics_text(&r.title))
        .starts(utc(r.starts_at))
        .ends(utc(r.ends_at))
        .url(&format!("{base}/programs/{}", r.id))
        .timestamp(utc(stamp));
    if !r.description.is_empty() {
        e.description(&ics_text(&r.description));
    }
    if !place.is_empty() {
        e.location(&ics_text(place));
    }
    match r.status() {
        ProgramStatus::Cancelled => e.status(EventStatus::Cancelled),
        _ => e.status(EventStatus::Confirmed),
    };
    e.done()
}

fn host(base: &str) -> String {
    base.split("://")
        .nth(1)
        .unwrap_or(base)
        .split(['/', ':'])
        .next()
        .unwrap_or("commonplace")
        .to_string()
}

fn calendar_response(cal: Calendar, file: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_string()),
        ],
        cal.to_string(),
    )
        .into_response()
}

/// The sessions of one booking as a whole iCalendar file (for e-mail attachments): one
/// event for a single program, one per session for a series booked as one.
pub(crate) fn calendar_text(sessions: &[Row], base: &str, library: &str, now: i64) -> String {
    let host = host(base);
    let mut cal = Calendar::new();
    cal.name(library);
    for r in sessions {
        cal.push(event(r, &r.place(), base, &host, now));
    }
    cal.done().to_string()
}

/// `/programs/{id}/ics`: one published program.
pub async fn one(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.trim_end_matches(".ics").parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row = match service::row(&st.db, id).await {
        Ok(r) if r.status() != ProgramStatus::Draft => r,
        Ok(_) | Err(crate::error::AppError::NotFound(_)) => {
            return StatusCode::NOT_FOUND.into_response()
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let base = st.config.base_url();
    let place = row.place();
    let mut cal = Calendar::new();
    cal.name(&st.config.library_name).push(event(
        &row,
        &place,
        &base,
        &host(&base),
        st.clock.now(),
    ));
    calendar_response(cal.done(), &format!("program-{id}.ics"))
}

/// The feed's filters (the same names as the calendar page's).
#[derive(Debug, Default, Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub branch: String,
    #[serde(default)]
    pub partner: String,
}

/// `/programs.ics`: programs from a week ago to a year on, filtered; cancelled ones stay in
/// the feed marked cancelled, so subscribed calendars drop them.
pub async fn feed(State(st): State<AppState>, Query(q): Query<FeedQuery>) -> Response {
    let filter = ListFilter {
        audience: Audience::from_slug(q.audience.trim()),
        goal: Goal::from_slug(q.goal.trim()),
        branch: q.branch.trim().parse().ok(),
        partner: q.partner.trim().parse().ok(),
        from: st.clock.now() - 7 * 86_400,
        to: Some(st.clock.now() + 366 * 86_400),
        drafts: false,
        limit: 2000,
    };
    let rows = match repo::rows(&st.db, &filter).await {
        Ok(r) => r,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let base = st.config.base_url();
    let host = host(&base);
    let mut cal = Calendar::new();
    cal.name(&format!("{} programs", st.config.library_name));
    for r in &rows {
        cal.push(event(r, &r.place(), &base, &host, st.clock.now()));
    }
    calendar_response(cal.done(), "programs.ics")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_come_from_the_public_address() {
        assert_eq!(
            host("https://library.example.org/app"),
            "library.example.org"
        );
        assert_eq!(host("http://127.0.0.1:3000"), "127.0.0.1");
    }

    #[test]
    fn typed_text_cannot_add_lines_to_the_file() {
        let mut e = Event::new();
        e.uid("program-1@library.example")
            .summary(&ics_text(
                "Storytime\rSTATUS:CANCELLED\r\nX-EVIL:1\u{0}\u{7}",
            ))
            .description(&ics_text("Line one\rLine two"));
        let text = Calendar::new().push(e.done()).done().to_string();
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR in {text:?}");
            }
        }
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("STATUS:CANCELLED") || l.starts_with("X-EVIL")),
            "{text}"
        );
        assert!(
            text.contains("Storytime\\nSTATUS:CANCELLED\\nX-EVIL:1"),
            "{text}"
        );
    }
}
