//! Server functions of the partner directory (all staff-only).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::directory::{DirectoryPage, DirectoryQuery};
use super::log::{Interaction, InteractionForm};
use super::model::{PartnerForm, PartnerRecord};
use crate::error::AppError;

/// One page of the directory.
#[server(endpoint = "staff/partners/search", input = Json)]
pub async fn search_partners(query: DirectoryQuery) -> Result<DirectoryPage, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::search::search(&state()?.db, &query).await
    })
    .await
}

/// One partner's profile and contacts.
#[server(endpoint = "staff/partners/get")]
pub async fn get_partner(id: i64) -> Result<PartnerRecord, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::get(&state()?.db, id).await
    })
    .await
}

/// Creates a partner (no `id`) or updates one, then shows its page.
#[server(endpoint = "staff/partners/save")]
pub async fn save_partner(
    #[server(default)] id: Option<i64>,
    #[server(flatten)] form: PartnerForm,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let partner = form.parse()?;
        let id = super::repo::save(&state()?.db, id, &partner).await?;
        leptos_axum::redirect(&format!("/staff/partners/{id}"));
        Ok(id)
    })
    .await
}

/// Archives (`archived = "true"`) or restores a partner.
#[server(endpoint = "staff/partners/archive")]
pub async fn archive_partner(id: i64, archived: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::set_archived(&state()?.db, id, archived == "true").await
    })
    .await
}

/// A partner's interaction log, newest first.
#[server(endpoint = "staff/partners/interactions")]
pub async fn list_interactions(partner_id: i64) -> Result<Vec<Interaction>, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        super::repo::interactions(&state()?.db, partner_id, &staff).await
    })
    .await
}

/// Adds an entry to a partner's interaction log, signed by the librarian.
#[server(endpoint = "staff/partners/log")]
pub async fn log_interaction(
    partner_id: i64,
    #[server(flatten)] form: InteractionForm,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let db = state()?.db;
        let entry = form.parse(super::log::latest_day(db.today()))?;
        super::repo::log(&db, partner_id, &entry, staff.id).await
    })
    .await
}

/// Corrects an entry of a partner's log (its author or an admin only); the entry then says it
/// was edited, when and by whom.
#[server(endpoint = "staff/partners/change_entry")]
pub async fn change_entry(
    partner_id: i64,
    id: i64,
    #[server(flatten)] form: InteractionForm,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let db = state()?.db;
        let entry = form.parse(super::log::latest_day(db.today()))?;
        super::repo::change_entry(&db, partner_id, id, &entry, &staff).await
    })
    .await
}

/// Deletes an entry of a partner's log (its author or an admin only).
#[server(endpoint = "staff/partners/delete_entry")]
pub async fn delete_entry(partner_id: i64, id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        super::repo::delete_entry(&state()?.db, partner_id, id, &staff).await
    })
    .await
}
