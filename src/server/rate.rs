//! Rate limits kept in the database, so every app server counts the same events.

use crate::error::AppError;
use crate::server::db::{Db, Tx};

/// How many events a bucket had in the last `window_secs` seconds.
pub async fn recent_events(db: &Db, bucket: &str, window_secs: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select count(*) from rate_events where bucket = $1 and at > $2")
            .bind(bucket)
            .bind(db.now() - window_secs)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Records one event in a bucket.
pub async fn record_event(db: &Db, bucket: &str) -> Result<(), AppError> {
    sqlx::query("insert into rate_events (bucket, at) values ($1, $2)")
        .bind(bucket)
        .bind(db.now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets a bucket's events (after a successful sign-in).
pub async fn clear_events(db: &Db, bucket: &str) -> Result<(), AppError> {
    sqlx::query("delete from rate_events where bucket = $1")
        .bind(bucket)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Refuses with `message` when a bucket already had `max` events in the window.
pub async fn check(
    db: &Db,
    bucket: &str,
    max: i64,
    window_secs: i64,
    message: &str,
) -> Result<(), AppError> {
    if recent_events(db, bucket, window_secs).await? >= max {
        tracing::warn!(bucket, "rate limit reached");
        return Err(AppError::TooManyRequests(message.into()));
    }
    Ok(())
}

/// Counts one event in a bucket unless it already had `max` in the window, as one decision:
/// parallel requests cannot all slip under the limit (SQLite's write lock, a PostgreSQL
/// advisory lock per bucket). `max = 0` means no limit.
pub async fn take(
    db: &Db,
    bucket: &str,
    max: i64,
    window_secs: i64,
    message: &str,
) -> Result<(), AppError> {
    if max <= 0 {
        return Ok(());
    }
    // While the window holds `max`, every next one is told to wait.
    attempt(db, bucket, window_secs, |n| {
        if n >= max {
            window_secs
        } else {
            0
        }
    })
    .await?
    .map_err(|_| {
        tracing::warn!(bucket, "rate limit reached");
        AppError::TooManyRequests(message.into())
    })
}

/// Records an attempt in a bucket unless the bucket must still wait: with `n` attempts in the
/// window, the next may come `delay(n)` seconds after the last one. Decided in one transaction,
/// so a parallel burst cannot all pass before any is counted. `Ok(Err(seconds))` says how long
/// to wait; nothing is recorded then.
pub async fn attempt(
    db: &Db,
    bucket: &str,
    window_secs: i64,
    delay: impl Fn(i64) -> i64,
) -> Result<Result<(), i64>, AppError> {
    let mut tx = db.begin().await?;
    serialize(&mut tx, bucket).await?;
    let now = db.now();
    let (n, last): (i64, Option<i64>) =
        sqlx::query_as("select count(*), max(at) from rate_events where bucket = $1 and at > $2")
            .bind(bucket)
            .bind(now - window_secs)
            .fetch_one(&mut *tx)
            .await?;
    let wait = last.map_or(0, |last| last + delay(n) - now);
    if wait > 0 {
        return Ok(Err(wait));
    }
    sqlx::query("insert into rate_events (bucket, at) values ($1, $2)")
        .bind(bucket)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Makes transactions that name the same `key` take turns until they end (PostgreSQL: an
/// advisory lock; SQLite's transactions already hold the one write lock from their start).
pub async fn serialize(tx: &mut Tx, key: &str) -> Result<(), AppError> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query(
            "select 1 from (select pg_advisory_xact_lock(hashtextextended($1, 0))) as locked",
        )
        .bind(key)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
