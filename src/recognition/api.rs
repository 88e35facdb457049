//! Server functions of the recognition ledger, the sponsor wall and the flyer.

use leptos::prelude::*;

use super::model::{Flyer, RecognitionForm, RecognitionItem, Sponsor};
use crate::error::AppError;

/// Ledger items: `open` (default), `overdue`, `fulfilled` or `all`; with today's date, so the
/// page can mark overdue ones.
#[server(endpoint = "staff/recognition/list")]
pub async fn list_recognition(
    #[server(default)] filter: String,
) -> Result<(Vec<RecognitionItem>, String), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let f = super::repo::LedgerFilter::parse(&filter)?;
        let today = st.clock.today().to_string();
        Ok((super::repo::list(&st.db, f, &today).await?, today))
    })
    .await
}

/// One partner's ledger items, with today's date.
#[server(endpoint = "staff/recognition/for_partner")]
pub async fn partner_recognition(
    partner_id: i64,
) -> Result<(Vec<RecognitionItem>, String), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let today = st.clock.today().to_string();
        Ok((super::repo::for_partner(&st.db, partner_id).await?, today))
    })
    .await
}

/// Adds a ledger item by hand.
#[server(endpoint = "staff/recognition/add")]
pub async fn add_recognition(#[server(flatten)] form: RecognitionForm) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let r = form.parse()?;
        let id = super::repo::add(&state()?.db, &r).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!(
                "/staff/partners/{}#recognition-heading",
                r.partner_id
            ));
        }
        Ok(id)
    })
    .await
}

/// Marks a ledger item fulfilled.
#[server(endpoint = "staff/recognition/fulfil")]
pub async fn fulfil_recognition(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let st = state()?;
        let today = st.clock.today().to_string();
        super::repo::fulfil(&st.db, id, &today, staff.id).await?;
        if is_form_post(&parts()?) {
            let back = parts()?
                .headers
                .get(http::header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|r| r.find("/staff").map(|i| r[i..].to_string()))
                .unwrap_or_else(|| "/staff/recognition".into());
            leptos_axum::redirect(&back);
        }
        Ok(())
    })
    .await
}

/// The public sponsor wall.
#[server(endpoint = "public/sponsors")]
pub async fn load_sponsors() -> Result<(String, Vec<Sponsor>), AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let today = st.clock.today();
        Ok((
            st.config.library_name.clone(),
            super::repo::sponsors(&st.db, today).await?,
        ))
    })
    .await
}

/// A month's flyer (`YYYY-MM`; this month when empty).
#[server(endpoint = "public/flyer")]
pub async fn load_flyer(#[server(default)] month: String) -> Result<Flyer, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let today = st.clock.today();
        let first = super::model::flyer_month(&month, today)?;
        let month_end = first + time::Duration::days(27);
        Ok(Flyer {
            library: st.config.library_name.clone(),
            month: format!("{}-{:02}", first.year(), u8::from(first.month())),
            month_label: crate::when::month_label(first),
            highlights: super::repo::highlights(&st.db, first).await?,
            sponsors: super::repo::sponsors(&st.db, month_end).await?,
        })
    })
    .await
}
