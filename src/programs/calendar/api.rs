//! Server functions of the calendar: the public listing and a program's page, the staff's
//! list, recent programs for linking a poll, and a partner's programs.

use leptos::prelude::*;

use super::model::{Calendar, PresentedProgram, ProgramCard, ProgramDetail};
use crate::error::AppError;

/// Programs from `from` (default today) to `to` (default 60 days on), filtered.
#[server(endpoint = "public/programs/list")]
pub async fn list_programs(
    #[server(default)] audience: String,
    #[server(default)] goal: String,
    #[server(default)] branch: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<Calendar, AppError> {
    use crate::server::api::*;
    use crate::vocab::{Audience, Goal, Vocab};
    respond(async move {
        let st = state()?;
        let offset = st.zone;
        let today = st.clock.today();
        let range = crate::when::calendar_range(&from, &to, today);
        let filter = super::repo::ListFilter {
            audience: Audience::from_slug(audience.trim()),
            goal: Goal::from_slug(goal.trim()),
            branch: branch.trim().parse().ok(),
            partner: None,
            from: offset.to_utc(range.0, time::Time::MIDNIGHT),
            to: Some(offset.to_utc(range.1.next_day().unwrap_or(range.1), time::Time::MIDNIGHT)),
            drafts: false,
            limit: 500,
        };
        let programs = super::service::list(&st.db, &filter, offset).await?;
        let branches = crate::programs::schedule::repo::branches(&st.db).await?;
        Ok(Calendar {
            programs,
            branches,
            from: range.0.to_string(),
            to: range.1.to_string(),
        })
    })
    .await
}

/// A program's page (drafts only for staff).
#[server(endpoint = "public/programs/detail")]
pub async fn load_program(id: i64) -> Result<ProgramDetail, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let staff = current_staff().await?.is_some();
        super::service::detail(&st.db, id, st.zone, staff).await
    })
    .await
}

/// Every program from today on, drafts included, for staff.
#[server(endpoint = "staff/programs/list")]
pub async fn staff_programs(#[server(default)] past: bool) -> Result<Vec<ProgramCard>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let offset = st.zone;
        let today = offset.to_utc(st.clock.today(), time::Time::MIDNIGHT);
        let filter = super::repo::ListFilter {
            from: if past { today - 90 * 86_400 } else { today },
            to: past.then_some(today),
            drafts: true,
            limit: 500,
            ..Default::default()
        };
        super::service::list(&st.db, &filter, offset).await
    })
    .await
}

/// Programs from 90 days ago to 90 days on, as (id, "title — when"), for linking a poll.
#[server(endpoint = "staff/programs/recent")]
pub async fn recent_programs() -> Result<Vec<(i64, String)>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let offset = st.zone;
        let now = st.clock.now();
        let filter = super::repo::ListFilter {
            from: now - 90 * 86_400,
            to: Some(now + 90 * 86_400),
            drafts: false,
            limit: 500,
            ..Default::default()
        };
        Ok(super::service::list(&st.db, &filter, offset)
            .await?
            .into_iter()
            .map(|p| (p.id, format!("{} — {}", p.title, p.when)))
            .collect())
    })
    .await
}

/// The programs a partner presented, for its page.
#[server(endpoint = "staff/partners/programs")]
pub async fn partner_programs(partner: i64) -> Result<Vec<PresentedProgram>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        super::service::presented(&st.db, partner, st.zone).await
    })
    .await
}
