//! Plain HTTP endpoints of polls: the live results stream and the CSV exports.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::stream::{self, Stream};

use super::service::{may_watch, Visitor};
use super::{repo, voter};
use crate::error::AppError;
use crate::identity::StaffUser;
use crate::server::state::AppState;

pub fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        e.to_string(),
    )
        .into_response()
}

/// The plain routes polls serve beside their pages: the live-results stream and the CSV files.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/polls/{slug}/live", get(live))
        .route("/staff/polls/{id}/results.csv", get(results_csv))
        .route("/staff/polls/{id}/ballots.csv", get(ballots_csv))
}

/// `GET /polls/{slug}/live`: the poll's counts as server-sent events, first at once and then
/// after every vote, for as long as the visitor may see them.
pub async fn live(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    staff: Option<Extension<StaffUser>>,
    headers: HeaderMap,
) -> Response {
    let poll = match repo::by_slug(&state.db, &slug).await {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    let visitor = Visitor {
        addr: String::new(),
        voter_cookie: voter::cookie_value(&headers),
        is_staff: staff.is_some(),
    };
    match may_watch(&state, &poll, &visitor).await {
        Ok(true) => {}
        Ok(false) => {
            return refuse(AppError::Forbidden);
        }
        Err(e) => return refuse(e),
    }
    let live = match state.features.get::<super::live::LiveResults>() {
        Ok(live) => live,
        Err(e) => return refuse(e),
    };
    let rx = match live.watch(&state.db, &state.changes, poll.id).await {
        Ok(rx) => rx,
        Err(e) => return refuse(e),
    };
    let life = tokio::time::sleep(STREAM_LIFE);
    Sse::new(futures::StreamExt::take_until(events(rx), life))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}

/// How long one live-results stream lasts. The browser's EventSource opens a new one by
/// itself (and gets the current results first), so an abandoned tab or a client that never
/// reads holds a stream and its watcher for this long at most.
pub const STREAM_LIFE: Duration = Duration::from_secs(30 * 60);

fn events(
    rx: tokio::sync::watch::Receiver<std::sync::Arc<super::rules::Results>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let results = rx.borrow_and_update().clone();
        let data = serde_json::to_string(&*results).unwrap_or_default();
        // Reconnect after 3 s when the stream ends (its life is up, or the server restarted).
        Some((
            Ok(Event::default()
                .event("message")
                .retry(Duration::from_secs(3))
                .data(data)),
            (rx, false),
        ))
    })
}

/// A CSV field: quoted when needed, and never read as a formula by a spreadsheet.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

pub fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /staff/polls/{id}/results.csv`: votes per option.
pub async fn results_csv(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let result = async {
        let poll = repo::by_id(&state.db, id).await?;
        let results = repo::results(&state.db, id).await?;
        let mut out = String::from("option,votes,percent of voters\r\n");
        for t in &results.options {
            out.push_str(&format!(
                "{},{},{}\r\n",
                csv_field(&t.label),
                t.votes,
                t.percent
            ));
        }
        out.push_str(&format!("voters,{},\r\n", results.ballots));
        Ok::<_, AppError>(csv_response(&format!("{}-results.csv", poll.slug), out))
    };
    result.await.unwrap_or_else(refuse)
}

/// `GET /staff/polls/{id}/ballots.csv`: each ballot's time and choices; never who cast it.
pub async fn ballots_csv(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let result = async {
        let poll = repo::by_id(&state.db, id).await?;
        let labels: std::collections::HashMap<i64, String> = poll
            .options
            .iter()
            .map(|o| (o.id, o.label.clone()))
            .collect();
        let mut out = String::from("time (UTC),choices\r\n");
        for repo::BallotRow {
            changed_at,
            choices,
        } in repo::ballots(&state.db, id).await?
        {
            let when = time::OffsetDateTime::from_unix_timestamp(changed_at)
                .map(|t| {
                    format!(
                        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                        t.year(),
                        u8::from(t.month()),
                        t.day(),
                        t.hour(),
                        t.minute(),
                        t.second()
                    )
                })
                .unwrap_or_default();
            let chosen = choices
                .split(',')
                .filter_map(|c| c.parse::<i64>().ok())
                .filter_map(|c| labels.get(&c).cloned())
                .collect::<Vec<_>>()
                .join("; ");
            out.push_str(&format!("{when},{}\r\n", csv_field(&chosen)));
        }
        Ok::<_, AppError>(csv_response(&format!("{}-ballots.csv", poll.slug), out))
    };
    result.await.unwrap_or_else(refuse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads one CSV field back as a spreadsheet would (RFC 4180 quoting).
    fn read_back(field: &str) -> Option<String> {
        match field.strip_prefix('"') {
            Some(rest) => {
                let inner = rest.strip_suffix('"')?;
                let mut out = String::new();
                let mut chars = inner.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '"' {
                        // Inside a quoted field a quote only comes doubled.
                        if chars.next() != Some('"') {
                            return None;
                        }
                    }
                    out.push(c);
                }
                Some(out)
            }
            None => (!field.contains([',', '"', '\n', '\r'])).then(|| field.to_string()),
        }
    }

    proptest::proptest! {
        /// Any text is one CSV field that reads back as itself (a leading formula character
        /// behind an apostrophe), so no value can add a column or a row, or run as a formula.
        #[test]
        fn any_text_is_one_safe_csv_field(value in "\\PC{0,40}|[=+@\\-\t\r][^\n]{0,10}|.{0,5}[\",\n\r].{0,5}") {
            let field = csv_field(&value);
            let back = read_back(&field);
            proptest::prop_assert!(back.is_some(), "{:?} is not one field", field);
            let back = back.unwrap();
            let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let expected = if formula { format!("'{value}") } else { value.clone() };
            proptest::prop_assert_eq!(&back, &expected);
            proptest::prop_assert!(!back.starts_with(['=', '+', '-', '@']));
        }
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Trust"), "Trust");
        assert_eq!(csv_field("Trust, mostly"), "\"Trust, mostly\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
    }
}
