//! Server functions of the outbox.

use leptos::prelude::*;

use super::model::{OutboxMessage, OutboxState};
use crate::error::AppError;

/// What the outbox page shows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutboxView {
    pub messages: Vec<OutboxMessage>,
    pub counts: Vec<(OutboxState, i64)>,
    /// Whether this server sends by SMTP (otherwise it logs messages).
    pub smtp: bool,
}

/// The newest messages, in one state (`show`; `""` for all).
#[server(endpoint = "staff/outbox/list")]
pub async fn list_outbox(#[server(default)] show: String) -> Result<OutboxView, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let only = match show.trim() {
            "" | "all" => None,
            s => Some(
                <OutboxState as crate::vocab::Vocab>::from_slug(s).ok_or_else(|| {
                    AppError::BadRequest("There is no such message state.".into())
                })?,
            ),
        };
        let st = crate::server::api::state()?;
        Ok(OutboxView {
            messages: super::repo::list(&st.db, only, 200).await?,
            counts: super::repo::counts(&st.db).await?,
            smtp: st.config.smtp_url.is_some(),
        })
    })
    .await
}

/// One message, whole.
#[server(endpoint = "staff/outbox/get")]
pub async fn get_outbox_message(id: i64) -> Result<OutboxMessage, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::get(&state()?.db, id).await
    })
    .await
}

/// Gives a failed message another round of tries.
#[server(endpoint = "staff/outbox/retry")]
pub async fn retry_message(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        super::repo::retry(&st.db, id).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/outbox/{id}"));
        }
        Ok(())
    })
    .await
}
