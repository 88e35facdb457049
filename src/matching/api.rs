//! Server functions of needs, branches and matching.

use leptos::prelude::*;

use super::branches::model::{BranchForm, BranchRecord};
use super::engine::Weights;
use super::model::{NeedMatches, PartnerFits};
use super::needs::model::{NeedForm, NeedRecord, NeedSummary};
use super::weights::model::WeightsForm;
use crate::error::AppError;

/// Needs in one state (`""` for every state), soonest first.
#[server(endpoint = "staff/needs/list")]
pub async fn list_needs(#[server(default)] status: String) -> Result<Vec<NeedSummary>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let only = super::needs::model::NeedStatus::parse_filter(&status)?;
        Ok(super::needs::repo::needs(&state()?.db, only).await?)
    })
    .await
}

/// One need, for its edit form.
#[server(endpoint = "staff/needs/get")]
pub async fn get_need(id: i64) -> Result<NeedRecord, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::needs::service::need(&state()?.db, id).await
    })
    .await
}

/// A need with the partners suggested for it and why.
#[server(endpoint = "staff/needs/matches")]
pub async fn load_need_matches(id: i64) -> Result<NeedMatches, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let candidates = super::candidates::service::kept_candidates(&st).await?;
        super::service::matches(&st.db, id, &candidates).await
    })
    .await
}

/// Records a need (no `id`) or changes one, then shows its matches.
#[server(endpoint = "staff/needs/save")]
pub async fn save_need(
    #[server(default)] id: Option<i64>,
    #[server(flatten)] form: NeedForm,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let need = form.parse()?;
        let id = super::needs::service::save(&state()?.db, id, &need, staff.id).await?;
        leptos_axum::redirect(&format!("/staff/needs/{id}"));
        Ok(id)
    })
    .await
}

/// Marks a need open, filled or cancelled.
#[server(endpoint = "staff/needs/set_status")]
pub async fn set_need_status(id: i64, status: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let status = super::needs::model::NeedStatus::parse(&status)?;
        super::needs::service::set_status(&state()?.db, id, status).await
    })
    .await
}

/// Every branch, by name.
#[server(endpoint = "staff/branches/list")]
pub async fn list_branches() -> Result<Vec<BranchRecord>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::branches::service::all(&state()?.db).await
    })
    .await
}

/// Adds a branch (no `id`) or changes one.
#[server(endpoint = "admin/branches/save")]
pub async fn save_branch(
    #[server(default)] id: Option<i64>,
    #[server(flatten)] form: BranchForm,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let branch = form.parse()?;
        let id = super::branches::service::save(&state()?.db, id, &branch).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/admin/branches?saved={id}"));
        }
        Ok(id)
    })
    .await
}

/// The matching weights in force.
#[server(endpoint = "staff/matching/weights")]
pub async fn load_weights() -> Result<Weights, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::weights::repo::weights(&state()?.db).await
    })
    .await
}

/// Changes the matching weights; every match explained after this uses them.
#[server(endpoint = "admin/matching/save_weights")]
pub async fn save_weights(#[server(flatten)] form: WeightsForm) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let weights = form.parse()?;
        super::weights::repo::save(&state()?.db, &weights).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect("/admin/matching?saved=1");
        }
        Ok(())
    })
    .await
}

/// The open needs a partner fits best.
#[server(endpoint = "staff/partners/fits")]
pub async fn load_partner_fits(partner_id: i64) -> Result<PartnerFits, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::fits(&state()?.db, partner_id).await
    })
    .await
}

/// "Find partners": the open needs and branches for the form, and (once the form names a
/// need or an offering) the partners to ask, best first, within the filters.
#[server(endpoint = "staff/matching/find")]
pub async fn find_partners(
    #[server(flatten)] form: super::find::FindForm,
) -> Result<super::find::FindView, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::find_view(&state()?, &form).await
    })
    .await
}
