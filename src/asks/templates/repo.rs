//! Ask templates in the database.

use super::model::{Template, TemplateRecord};
use crate::asks::repo::kind;
use crate::server::db::Db;
use crate::vocab::Vocab;

#[derive(sqlx::FromRow)]
struct TemplateRow {
    id: i64,
    name: String,
    kind: String,
    subject: String,
    body: String,
}

/// Every template, by name.
pub async fn all(db: &Db) -> Result<Vec<TemplateRecord>, sqlx::Error> {
    let rows: Vec<TemplateRow> =
        sqlx::query_as("select id, name, kind, subject, body from ask_templates order by name, id")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| TemplateRecord {
            id: r.id,
            template: Template {
                name: r.name,
                kind: kind(&r.kind),
                subject: r.subject,
                body: r.body,
            },
        })
        .collect())
}

/// Adds a template (no `id`) or changes one; `None` when the template to change is gone. A
/// name taken by another template comes back as the database's refusal.
pub async fn save(db: &Db, id: Option<i64>, t: &Template) -> Result<Option<i64>, sqlx::Error> {
    let q = match id {
        None => sqlx::query_scalar(
            "insert into ask_templates (name, kind, subject, body, updated_at) values ($1, $2, $3, $4, $5) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update ask_templates set name = $1, kind = $2, subject = $3, body = $4, updated_at = $5 where id = $6 returning id",
        ),
    };
    q.bind(&t.name)
        .bind(t.kind.slug())
        .bind(&t.subject)
        .bind(&t.body)
        .bind(db.now())
        .bind(id.unwrap_or_default())
        .fetch_optional(&db.pool)
        .await
}
