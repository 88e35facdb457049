//! What the staff lists show, and one ask read whole.

use super::model::{AskFilter, AsksView};
use super::repo;
use crate::asks::model::{AskRecord, AskSummary};
use crate::error::AppError;
use crate::server::db::Db;

/// One ask as staff see it now.
pub async fn get(db: &Db, id: i64) -> Result<AskRecord, AppError> {
    get_at(db, id, db.now()).await
}

/// One ask as staff see it at time `at` (a sent ask past its link's end shows expired).
pub async fn get_at(db: &Db, id: i64, at: i64) -> Result<AskRecord, AppError> {
    crate::asks::repo::find(&db.pool, id, at)
        .await?
        .ok_or_else(|| AppError::NotFound("That ask".into()))
}

/// The asks page: the asks the filter picks, how many each state holds (and how many wait
/// for a follow-up), and the follow-up delay.
pub async fn view(db: &Db, filter: AskFilter) -> Result<AsksView, AppError> {
    let days = repo::follow_up_days(db).await?;
    let at = db.now();
    let asks = repo::list(db, filter, days, at).await?;
    let mut counts: Vec<(String, i64)> = repo::state_counts(db, at)
        .await?
        .into_iter()
        .map(|c| (c.st, c.n))
        .collect();
    counts.push(("follow_up".into(), repo::follow_ups(db, days, at).await?));
    Ok(AsksView {
        asks,
        counts,
        follow_up_days: days,
    })
}

/// A partner's asks, newest first.
pub async fn for_partner(db: &Db, partner_id: i64) -> Result<Vec<AskSummary>, AppError> {
    Ok(repo::for_partner(db, partner_id, db.now()).await?)
}
