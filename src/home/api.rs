//! The numbers on the staff start page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::vocab::{InteractionKind, Stage};

/// A recent interaction, with the partner it concerns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentInteraction {
    pub partner_id: i64,
    pub partner_name: String,
    pub occurred_on: String,
    pub kind: InteractionKind,
    pub note: String,
    pub staff_name: Option<String>,
}

/// A partnership that needs attention, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtRisk {
    pub partner_id: i64,
    pub name: String,
    pub score: Option<i64>,
    pub risks: String,
}

/// What the staff start page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub by_stage: Vec<(Stage, i64)>,
    pub pending_signups: i64,
    pub recent: Vec<RecentInteraction>,
    /// Partnerships at risk, weakest first.
    pub at_risk: Vec<AtRisk>,
    /// Sent asks waiting longer than the follow-up delay.
    pub follow_ups: i64,
    /// Recognition the library owes and is late with.
    pub overdue_recognition: i64,
    /// E-mails that could not be sent.
    pub failed_mail: i64,
}

/// The staff start page's numbers.
#[server(endpoint = "staff/home/summary")]
pub async fn summary() -> Result<StaffSummary, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let today = st.clock.today();
        super::repo::summary(&st.db, today).await
    })
    .await
}
