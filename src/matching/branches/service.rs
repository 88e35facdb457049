//! Saving a branch: what a refused write means to the admin.

use super::model::{Branch, BranchRecord};
use super::repo;
use crate::error::AppError;
use crate::server::db::{Db, Refusals, Violation};

/// Every branch, by name.
pub async fn all(db: &Db) -> Result<Vec<BranchRecord>, AppError> {
    Ok(repo::all(db).await?)
}

/// Adds a branch (no `id`) or changes one; names are unique, whatever their case.
pub async fn save(db: &Db, id: Option<i64>, b: &Branch) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let saved = repo::save(&mut tx, id, b, db.now())
        .await
        .refused_as([(
            Violation::Unique,
            AppError::field("name", "Another branch already has this name."),
        )])?
        .ok_or_else(|| AppError::NotFound("That branch".into()))?;
    crate::server::db::commit(tx).await?;
    Ok(saved)
}
