//! Saving a template: what a refused write means to the librarian.

use super::model::{Template, TemplateRecord};
use super::repo;
use crate::error::AppError;
use crate::server::db::{Db, Refusals, Violation};

/// Every template, by name.
pub async fn all(db: &Db) -> Result<Vec<TemplateRecord>, AppError> {
    Ok(repo::all(db).await?)
}

/// Adds a template (no `id`) or changes one. Names are unique.
pub async fn save(db: &Db, id: Option<i64>, t: &Template) -> Result<i64, AppError> {
    repo::save(db, id, t)
        .await
        .refused_as([(
            Violation::Unique,
            AppError::field("name", "Another template has this name. Choose another."),
        )])?
        .ok_or_else(|| AppError::NotFound("That template".into()))
}
