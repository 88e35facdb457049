//! The matching weights in the database (one JSON setting).

use crate::error::AppError;
use crate::matching::engine::Weights;
use crate::server::db::Db;

/// The settings key of the matching weights (JSON).
pub const WEIGHTS_SETTING: &str = "match_weights";

/// The weights in force: the admin's, or the defaults.
pub async fn weights(db: &Db) -> Result<Weights, AppError> {
    let v: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(WEIGHTS_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Saves the weights.
pub async fn save(db: &Db, w: &Weights) -> Result<(), AppError> {
    let json = serde_json::to_string(w).map_err(|e| AppError::internal(&e.to_string()))?;
    sqlx::query(
        "insert into settings (key, value) values ($1, $2) \
         on conflict (key) do update set value = excluded.value",
    )
    .bind(WEIGHTS_SETTING)
    .bind(json)
    .execute(&db.pool)
    .await?;
    crate::server::db::wrote();
    Ok(())
}
