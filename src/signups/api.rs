//! Server functions for the public sign-up form and its review.

use leptos::prelude::*;

use super::model::{JoinForm, SignupRecord};
use crate::error::AppError;

/// Sends the public sign-up form. Bots that fill the hidden field are told "thank you" and
/// nothing is stored; each address may send a few per hour.
#[server(endpoint = "public/join")]
pub async fn join(#[server(flatten)] form: JoinForm) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        super::repo::submit(&state()?, &form, &client_addr()).await?;
        leptos_axum::redirect("/join/thanks");
        Ok(())
    })
    .await
}

/// Sign-ups in one state (`pending`, `approved` or `declined`).
#[server(endpoint = "staff/signups/list")]
pub async fn list_signups(status: String) -> Result<Vec<SignupRecord>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let status = super::model::Status::from_slug(&status)
            .ok_or_else(|| AppError::BadRequest("Unknown sign-up status.".into()))?;
        super::repo::list(&state()?.db, status).await
    })
    .await
}

/// How many sign-ups wait for review.
#[server(endpoint = "staff/signups/pending_count")]
pub async fn pending_signups() -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::pending_count(&state()?.db).await
    })
    .await
}

/// The partner an approval created.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Approved {
    pub partner_id: i64,
    pub name: String,
}

/// Approves a sign-up: its organization joins the directory.
#[server(endpoint = "staff/signups/approve")]
pub async fn approve_signup(id: i64) -> Result<Approved, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let (partner_id, name) = super::repo::approve(&state()?.db, id, staff.id).await?;
        Ok(Approved { partner_id, name })
    })
    .await
}

/// Approves a sign-up into a partner already in the directory (a likely duplicate) instead of
/// making a new one.
#[server(endpoint = "staff/signups/merge")]
pub async fn merge_signup(id: i64, partner_id: i64) -> Result<Approved, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let (partner_id, name) =
            super::repo::merge_into(&state()?.db, id, partner_id, staff.id).await?;
        Ok(Approved { partner_id, name })
    })
    .await
}

/// Declines a sign-up with a reason that is kept.
#[server(endpoint = "staff/signups/decline")]
pub async fn decline_signup(id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let reason = super::model::parse_reason(&reason)?;
        super::repo::decline(&state()?.db, id, staff.id, &reason).await
    })
    .await
}
