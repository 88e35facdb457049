//! Answers in the database: the ask behind a link, the conditional write of an answer, and
//! marking an ask delivered.

use super::model::NewAnswer;
use crate::asks::model::AskStatus;
use crate::asks::repo::token_hash;
use crate::server::db::{Db, Tx};
use crate::vocab::Vocab;

/// An ask as its link shows it, with its id.
#[derive(sqlx::FromRow)]
pub struct LinkedAsk {
    pub id: i64,
    pub partner_name: String,
    pub contact_name: String,
    pub kind: String,
    pub subject: String,
    pub message: String,
    pub in_return: String,
    pub reply_by: String,
    pub status: String,
    pub answer_note: Option<String>,
    pub proposed_on: Option<String>,
    pub expires_at: i64,
    pub listed_publicly: i64,
}

/// The sent ask a link's token opens; `None` for a token that opens none.
pub async fn by_token(db: &Db, token: &str) -> Result<Option<LinkedAsk>, sqlx::Error> {
    sqlx::query_as(
        "select a.id, p.name as partner_name, a.contact_name, a.kind, a.subject, a.message, a.in_return, \
         a.reply_by, a.status, a.answer_note, a.proposed_on, a.expires_at, p.listed_publicly \
         from asks a join partners p on p.id = a.partner_id where a.token_hash = $1 and a.status <> 'draft'",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await
}

/// What answering an ask needs to know of it, read in the answer's transaction.
#[derive(sqlx::FromRow)]
pub struct Answering {
    pub id: i64,
    pub partner_id: i64,
    pub subject: String,
    pub status: String,
    pub in_return: String,
    pub expires_at: i64,
    /// How many answers came before.
    pub answers: i64,
    /// The last day of the ask's need, when it is for one.
    pub need_ends: Option<String>,
}

/// The sent ask a link's token opens, for answering it.
pub async fn answering(tx: &mut Tx, token: &str) -> Result<Option<Answering>, sqlx::Error> {
    sqlx::query_as(
        "select a.id, a.partner_id, a.subject, a.status, a.in_return, a.expires_at, a.answers, n.ends_on as need_ends \
         from asks a left join needs n on n.id = a.need_id where a.token_hash = $1 and a.status <> 'draft'",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut **tx)
    .await
}

/// Records an answer, if the ask is still as it was read (`answers` answers before, in
/// state `before`); whether it was. A second answer that crossed this one changes nothing.
pub async fn record(
    tx: &mut Tx,
    id: i64,
    answers: i64,
    before: AskStatus,
    a: &NewAnswer,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "update asks set status = $1, answer_note = $2, proposed_on = $3, answered_at = $4, answers = answers + 1, \
         updated_at = $4 where id = $5 and answers = $6 and status = $7",
    )
    .bind(a.answer.status().slug())
    .bind(&a.note)
    .bind(&a.proposed_on)
    .bind(at)
    .bind(id)
    .bind(answers)
    .bind(before.slug())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// Whether the partner may be named in public, as it said in its answer.
pub async fn set_listed(tx: &mut Tx, partner_id: i64, listed: bool) -> Result<(), sqlx::Error> {
    sqlx::query("update partners set listed_publicly = $1 where id = $2")
        .bind(i64::from(listed))
        .bind(partner_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An ask marked delivered: its partner and subject, for the log.
#[derive(sqlx::FromRow)]
pub struct Delivered {
    pub partner_id: i64,
    pub subject: String,
}

/// Marks an accepted (or date-proposed) ask delivered at `at`; `None` when it is not one.
pub async fn mark_fulfilled(
    tx: &mut Tx,
    id: i64,
    at: i64,
) -> Result<Option<Delivered>, sqlx::Error> {
    sqlx::query_as(
        "update asks set status = 'fulfilled', fulfilled_at = $1, updated_at = $1 \
         where id = $2 and status in ('accepted', 'proposed') returning partner_id, subject",
    )
    .bind(at)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}
