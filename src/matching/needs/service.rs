//! Recording needs and changing their state: what a refused write or a missing need means to
//! the librarian.

use super::model::{Need, NeedRecord, NeedStatus};
use super::repo;
use crate::error::AppError;
use crate::matching::engine::Place;
use crate::server::db::{Db, Refusals, Violation};

fn no_need() -> AppError {
    AppError::NotFound("That need".into())
}

/// Records a need (no `id`) or changes one. A branch that is gone is the branch field's
/// error; a poll that is gone is simply not linked.
pub async fn save(db: &Db, id: Option<i64>, n: &Need, staff_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let saved = repo::save(&mut tx, id, n, staff_id, db.now())
        .await
        .refused_as([(
            Violation::ForeignKey,
            AppError::field("branch_id", "That branch no longer exists. Choose another."),
        )])?
        .ok_or_else(no_need)?;
    crate::server::db::commit(tx).await?;
    Ok(saved)
}

/// One need with its branch, its author and the poll it came from.
pub async fn need(db: &Db, id: i64) -> Result<NeedRecord, AppError> {
    need_and_place(db, id).await.map(|(record, _)| record)
}

/// One need, and its branch as a place to measure from (when the branch has coordinates).
pub async fn need_and_place(db: &Db, id: i64) -> Result<(NeedRecord, Option<Place>), AppError> {
    repo::need_and_place(db, id).await?.ok_or_else(no_need)
}

/// Marks a need open, filled or cancelled.
pub async fn set_status(db: &Db, id: i64, s: NeedStatus) -> Result<(), AppError> {
    if !repo::set_status(db, id, s).await? {
        return Err(no_need());
    }
    Ok(())
}
