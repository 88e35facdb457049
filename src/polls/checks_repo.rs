//! Library cards and one-time codes in the database: the admin's card rules and list (by
//! keyed hash), and the codes a poll hands out. The pure checks are [`super::checks`].

use crate::error::AppError;
use crate::server::db::Db;

/// The admin's card rules, in one read: the card-number patterns ("" when none are set) and
/// whether a card they match must also end in a mod-10 check digit.
pub async fn card_rules(db: &Db) -> Result<(String, bool), AppError> {
    #[derive(sqlx::FromRow)]
    struct Setting {
        key: String,
        value: String,
    }
    let rows: Vec<Setting> =
        sqlx::query_as("select key, value from settings where key in ($1, $2)")
            .bind(super::voter::CARD_PATTERN_SETTING)
            .bind(super::voter::CARD_CHECK_DIGIT_SETTING)
            .fetch_all(&db.pool)
            .await?;
    let value = |key: &str| rows.iter().find(|s| s.key == key).map(|s| s.value.as_str());
    Ok((
        value(super::voter::CARD_PATTERN_SETTING)
            .unwrap_or_default()
            .to_string(),
        value(super::voter::CARD_CHECK_DIGIT_SETTING) == Some("mod10"),
    ))
}

/// Whether a card (by its keyed hash) is in the imported list.
pub async fn card_listed(db: &Db, card_hash: &str) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar("select count(*) from library_cards where card_hash = $1")
        .bind(card_hash)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// How many cards the imported list holds.
pub async fn cards_listed(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from library_cards")
        .fetch_one(&db.pool)
        .await?)
}

/// Stores a batch of one-time codes (by keyed hash); returns the batch number.
pub async fn add_codes(db: &Db, poll_id: i64, hashes: &[String]) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let batch: i64 =
        sqlx::query_scalar("select coalesce(max(batch), 0) + 1 from poll_codes where poll_id = $1")
            .bind(poll_id)
            .fetch_one(&mut *tx)
            .await?;
    for h in hashes {
        sqlx::query(
            "insert into poll_codes (code_hash, poll_id, batch, used_at) values ($1, $2, $3, null)",
        )
        .bind(h)
        .bind(poll_id)
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(batch)
}

/// `(codes issued, codes used)` of a poll.
pub async fn code_counts(db: &Db, poll_id: i64) -> Result<(i64, i64), AppError> {
    #[derive(sqlx::FromRow)]
    struct Counts {
        issued: i64,
        used: i64,
    }
    let c: Counts = sqlx::query_as(
        "select count(*) as issued, count(used_at) as used from poll_codes where poll_id = $1",
    )
    .bind(poll_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((c.issued, c.used))
}

/// Whether a code (by keyed hash) of this poll has voted already.
pub async fn code_used(db: &Db, poll_id: i64, code_hash: &str) -> Result<Option<bool>, AppError> {
    let used: Option<Option<i64>> =
        sqlx::query_scalar("select used_at from poll_codes where poll_id = $1 and code_hash = $2")
            .bind(poll_id)
            .bind(code_hash)
            .fetch_optional(&db.pool)
            .await?;
    Ok(used.map(|u| u.is_some()))
}
