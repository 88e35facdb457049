//! The outbox table. A message is queued inside the transaction of the action that causes it,
//! so an action and its e-mail are written together or not at all.

use super::model::{Attachment, Email, OutboxMessage, OutboxState};
use crate::error::AppError;
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::vocab::Vocab;

const COLUMNS: &str = "id, to_address, to_name, subject, body, topic, state, attempts, \
                       next_attempt_at, last_error, created_at, sent_at, attachment_name, \
                       attachment_type, attachment_body";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    to_address: String,
    to_name: Option<String>,
    subject: String,
    body: String,
    topic: String,
    state: String,
    attempts: i64,
    next_attempt_at: i64,
    last_error: Option<String>,
    created_at: i64,
    sent_at: Option<i64>,
    attachment_name: Option<String>,
    attachment_type: Option<String>,
    attachment_body: Option<String>,
}

impl Row {
    fn message(self) -> OutboxMessage {
        OutboxMessage {
            id: self.id,
            to_address: self.to_address,
            to_name: self.to_name,
            subject: self.subject,
            body: self.body,
            topic: self.topic,
            state: OutboxState::from_slug(&self.state).unwrap_or(OutboxState::Queued),
            attempts: self.attempts,
            next_attempt_at: self.next_attempt_at,
            last_error: self.last_error,
            created_at: self.created_at,
            sent_at: self.sent_at,
            attachment: match (
                self.attachment_name,
                self.attachment_type,
                self.attachment_body,
            ) {
                (Some(filename), Some(content_type), Some(body)) => Some(Attachment {
                    filename,
                    content_type,
                    body,
                }),
                _ => None,
            },
        }
    }
}

/// Queues a message inside the caller's transaction.
pub async fn enqueue(tx: &mut Tx, clock: &Clock, e: &Email) -> Result<i64, AppError> {
    insert(tx, clock, e, None).await
}

/// Keeps a message back (state `withheld`, with the reason staff see) inside the caller's
/// transaction: the worker never sends it; staff may send it anyway.
pub async fn withhold(
    tx: &mut Tx,
    clock: &Clock,
    e: &Email,
    reason: &str,
) -> Result<i64, AppError> {
    insert(tx, clock, e, Some(reason)).await
}

/// How many messages about `topic` went (or are going) to `address` since `since`; withheld
/// ones do not count.
pub async fn sent_to_since(
    tx: &mut Tx,
    address: &str,
    topic: &str,
    since: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select count(*) from outbox where to_address = $1 and topic = $2 and created_at > $3 \
         and state <> 'withheld'",
    )
    .bind(address)
    .bind(topic)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}

async fn insert(
    tx: &mut Tx,
    clock: &Clock,
    e: &Email,
    withheld: Option<&str>,
) -> Result<i64, AppError> {
    let t = clock.now();
    let id = sqlx::query_scalar(
        "insert into outbox (to_address, to_name, subject, body, topic, state, next_attempt_at, created_at, \
         attachment_name, attachment_type, attachment_body, last_error) \
         values ($1, $2, $3, $4, $5, $11, $6, $7, $8, $9, $10, $12) returning id",
    )
    .bind(&e.to_address)
    .bind(&e.to_name)
    .bind(&e.subject)
    .bind(&e.body)
    .bind(&e.topic)
    .bind(t)
    .bind(t)
    .bind(e.attachment.as_ref().map(|a| a.filename.clone()))
    .bind(e.attachment.as_ref().map(|a| a.content_type.clone()))
    .bind(e.attachment.as_ref().map(|a| a.body.clone()))
    .bind(if withheld.is_some() { "withheld" } else { "queued" })
    .bind(withheld)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Messages due for a try now, oldest first.
pub async fn due(db: &Db, at: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from outbox where state = 'queued' and next_attempt_at <= $1 \
         and (lease_until is null or lease_until < $1) order by id limit $2",
    )
    .bind(at)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// When the next queued message falls due, if any is queued.
pub async fn next_due(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select min(case when lease_until is not null and lease_until > next_attempt_at \
         then lease_until else next_attempt_at end) from outbox where state = 'queued'",
    )
    .fetch_one(&db.pool)
    .await
}

/// Takes a due message for one try: only one worker of all the app servers gets it, and it
/// holds it until `lease_until` (after which another may try again, should this one die).
pub async fn claim(
    db: &Db,
    id: i64,
    at: i64,
    lease_until: i64,
) -> Result<Option<OutboxMessage>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "update outbox set lease_until = $1, attempts = attempts + 1 \
         where id = $2 and state = 'queued' and next_attempt_at <= $3 \
         and (lease_until is null or lease_until < $3) returning {COLUMNS}"
    ))
    .bind(lease_until)
    .bind(id)
    .bind(at)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(Row::message))
}

/// Records a message as handed to the SMTP server (`Sent`) or written to the log (`Logged`).
pub async fn delivered(db: &Db, id: i64, state: OutboxState) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update outbox set state = $1, sent_at = $2, lease_until = null, last_error = null where id = $3",
    )
    .bind(state.slug())
    .bind(db.now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records a failed try: queued again for `retry_at`, or failed for good when `None`.
pub async fn failed(
    db: &Db,
    id: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    let q = match retry_at {
        Some(at) => sqlx::query(
            "update outbox set next_attempt_at = $1, lease_until = null, last_error = $2 where id = $3",
        )
        .bind(at),
        None => sqlx::query(
            "update outbox set state = 'failed', lease_until = null, last_error = $1 where id = $2",
        ),
    };
    q.bind(error).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// The most recent messages (in one state, or all), newest first.
pub async fn list(
    db: &Db,
    only: Option<OutboxState>,
    limit: i64,
) -> Result<Vec<OutboxMessage>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from outbox where ($1 = '' or state = $1) order by created_at desc, id desc limit $2"
    ))
    .bind(only.map(|s| s.slug()).unwrap_or_default())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(Row::message).collect())
}

/// How many messages are in each state.
pub async fn counts(db: &Db) -> Result<Vec<(OutboxState, i64)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct StateCount {
        state: String,
        n: i64,
    }
    let rows: Vec<StateCount> =
        sqlx::query_as("select state, count(*) as n from outbox group by state")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| OutboxState::from_slug(&c.state).map(|s| (s, c.n)))
        .collect())
}

/// One message.
pub async fn get(db: &Db, id: i64) -> Result<OutboxMessage, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("select {COLUMNS} from outbox where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(Row::message)
        .ok_or_else(|| AppError::NotFound("That message".into()))
}

/// Queues a failed message for another round of tries.
pub async fn retry(db: &Db, id: i64) -> Result<(), AppError> {
    let q = sqlx::query(
        "update outbox set state = 'queued', attempts = 0, next_attempt_at = $1, lease_until = null \
         where id = $2 and state in ('failed', 'withheld')",
    )
    .bind(db.now())
    .bind(id);
    if !crate::server::db::changed(db, q).await? {
        get(db, id).await?;
        return Err(AppError::Conflict(
            "Only a failed or withheld message can be sent again.".into(),
        ));
    }
    Ok(())
}
