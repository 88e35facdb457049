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

/// What the staff start page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub by_stage: Vec<(Stage, i64)>,
    pub pending_signups: i64,
    pub recent: Vec<RecentInteraction>,
}

/// The staff start page's numbers.
#[server(endpoint = "staff/home/summary")]
pub async fn summary() -> Result<StaffSummary, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::summary(&state()?.db).await
    })
    .await
}
