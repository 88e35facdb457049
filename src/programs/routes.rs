//! Plain HTTP routes of programs beside the iCalendar ones: the roster as CSV.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::error::AppError;
use crate::polls::routes::{csv_field, csv_response};
use crate::server::state::AppState;
use crate::vocab::Vocab;
use crate::when::date_time;

/// The plain routes programs serve beside their pages: the iCalendar feeds and the roster CSV.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/programs.ics", get(super::calendar::ics::feed))
        .route("/programs/{id}/ics", get(super::calendar::ics::one))
        .route("/staff/programs/{id}/roster.csv", get(roster_csv))
}

/// `GET /staff/programs/{id}/roster.csv` (staff only, as every `/staff` address): everyone
/// registered, waiting or cancelled, with attendance.
pub async fn roster_csv(State(st): State<AppState>, Path(id): Path<i64>) -> Response {
    let result = async {
        let r = super::booking::staff::roster(&st.db, id, st.zone).await?;
        let mut out = String::from(
            "name,e-mail,party size,state,waitlist place,attendance,accessibility needs,registered (UTC)\r\n",
        );
        for e in &r.entries {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\r\n",
                csv_field(&e.name),
                csv_field(&e.email),
                e.party_size,
                e.state.label(),
                e.position.map(|p| p.to_string()).unwrap_or_default(),
                e.attendance.map(|a| a.label()).unwrap_or_default(),
                csv_field(e.needs.as_deref().unwrap_or_default()),
                date_time(e.registered_at),
            ));
        }
        Ok::<_, AppError>(csv_response(&format!("program-{id}-roster.csv"), out))
    };
    result.await.unwrap_or_else(crate::polls::routes::refuse)
}
