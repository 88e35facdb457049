//! Branches in the database.

use super::model::{Branch, BranchRecord};
use crate::partners::repo::coordinate;
use crate::server::db::{Db, Tx};

#[derive(sqlx::FromRow)]
struct BranchRow {
    id: i64,
    name: String,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// Every branch, by name.
pub async fn all(db: &Db) -> Result<Vec<BranchRecord>, sqlx::Error> {
    let rows: Vec<BranchRow> = sqlx::query_as(
        "select id, name, address, latitude, longitude from branches order by name_key, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BranchRecord {
            id: r.id,
            branch: Branch {
                name: r.name,
                address: r.address,
                latitude: r.latitude,
                longitude: r.longitude,
            },
        })
        .collect())
}

/// Adds a branch (no `id`) or changes one; `None` when the branch to change is gone. A name
/// taken by another branch, whatever its case, comes back as the database's refusal.
pub async fn save(
    tx: &mut Tx,
    id: Option<i64>,
    b: &Branch,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let q = match id {
        None => sqlx::query_scalar(
            "insert into branches (name, name_key, address, latitude, longitude, created_at, updated_at) \
             values ($1, $2, $3, cast($4 as double precision), cast($5 as double precision), $6, $6) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update branches set name = $1, name_key = $2, address = $3, latitude = cast($4 as double precision), \
             longitude = cast($5 as double precision), updated_at = $6 where id = $7 returning id",
        ),
    };
    let q = q
        .bind(&b.name)
        .bind(b.name.to_lowercase())
        .bind(&b.address)
        .bind(coordinate(b.latitude))
        .bind(coordinate(b.longitude))
        .bind(at);
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    q.fetch_optional(&mut **tx).await
}
