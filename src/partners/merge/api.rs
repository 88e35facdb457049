//! Server functions for duplicates (all staff-only).

use leptos::prelude::*;

use super::model::{Likeness, MergePreview};
use crate::error::AppError;

/// Partners that are probably the same organization as partner `id`.
#[server(endpoint = "staff/partners/likely_duplicates")]
pub async fn likely_duplicates(id: i64) -> Result<Vec<Likeness>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::likely_for(&state()?.db, id).await
    })
    .await
}

/// What merging partner `other` into partner `kept` would move.
#[server(endpoint = "staff/partners/merge_preview")]
pub async fn preview_merge(kept: i64, other: i64) -> Result<MergePreview, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::preview(&state()?.db, kept, other).await
    })
    .await
}

/// Merges partner `other` into partner `kept`, then shows the kept partner's page.
#[server(endpoint = "staff/partners/merge")]
pub async fn merge_partners(kept: i64, other: i64) -> Result<MergePreview, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let moved = super::repo::merge(&state()?.db, kept, other, staff.id).await?;
        leptos_axum::redirect(&format!("/staff/partners/{kept}?merged={other}"));
        Ok(moved)
    })
    .await
}
