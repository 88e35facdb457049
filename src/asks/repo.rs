//! What every ask sub-domain reads and writes alike: an ask's row and how its stored words
//! decode, the state an ask shows (expired is worked out, never stored), the link token's
//! stored form, and the entry an ask writes in its partner's interaction log.

use super::model::{AskKind, AskRecord, AskStatus};
use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::recognition::model::RecognitionKind;
use crate::server::clock::Clock;
use crate::server::db::Tx;
use crate::vocab::{InteractionKind, Vocab};

/// The state an ask shows, given the time as `$1`: a sent ask whose link ran out is expired.
pub(super) const STATUS: &str =
    "case when a.status = 'sent' and a.expires_at < $1 then 'expired' else a.status end";

/// A stored kind of ask (a damaged one reads as refreshments rather than failing the page).
pub(super) fn kind(s: &str) -> AskKind {
    AskKind::from_slug(s).unwrap_or(AskKind::Refreshments)
}

/// A stored state.
pub(super) fn status(s: &str) -> AskStatus {
    AskStatus::from_slug(s).unwrap_or(AskStatus::Draft)
}

/// What the library offers in return, stored as comma-separated slugs.
pub(super) fn in_return(s: &str) -> Vec<RecognitionKind> {
    s.split(',')
        .filter_map(RecognitionKind::from_slug)
        .collect()
}

/// The stored form of [`in_return`].
pub(super) fn join_in_return(items: &[RecognitionKind]) -> String {
    items.iter().map(|k| k.slug()).collect::<Vec<_>>().join(",")
}

/// A token's stored form: its SHA-256, so a leaked table opens no ask.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    crate::server::state::hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// An ask as stored, with its partner's and need's names and its author.
#[derive(sqlx::FromRow)]
struct AskRow {
    id: i64,
    partner_id: i64,
    partner_name: String,
    need_id: Option<i64>,
    need_title: Option<String>,
    contact_name: String,
    contact_email: String,
    kind: String,
    subject: String,
    message: String,
    in_return: String,
    reply_by: String,
    status: String,
    sent_at: Option<i64>,
    expires_at: Option<i64>,
    answer_note: Option<String>,
    proposed_on: Option<String>,
    answered_at: Option<i64>,
    answers: i64,
    fulfilled_at: Option<i64>,
    created_by: Option<String>,
}

impl AskRow {
    fn record(self) -> AskRecord {
        AskRecord {
            id: self.id,
            partner_id: self.partner_id,
            partner_name: self.partner_name,
            need_id: self.need_id,
            need_title: self.need_title,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            kind: kind(&self.kind),
            subject: self.subject,
            message: self.message,
            in_return: in_return(&self.in_return),
            reply_by: self.reply_by,
            status: status(&self.status),
            sent_at: self.sent_at,
            expires_at: self.expires_at,
            answer_note: self.answer_note,
            proposed_on: self.proposed_on,
            answered_at: self.answered_at,
            answers: self.answers,
            fulfilled_at: self.fulfilled_at,
            created_by: self.created_by,
        }
    }
}

fn ask_select() -> String {
    format!(
        "select a.id, a.partner_id, p.name as partner_name, a.need_id, n.title as need_title, a.contact_name, \
         a.contact_email, a.kind, a.subject, a.message, a.in_return, a.reply_by, {STATUS} as status, a.sent_at, \
         a.expires_at, a.answer_note, a.proposed_on, a.answered_at, a.answers, a.fulfilled_at, u.name as created_by \
         from asks a join partners p on p.id = a.partner_id left join needs n on n.id = a.need_id \
         left join users u on u.id = a.created_by"
    )
}

/// One ask as staff see it at time `at`, on the pool or inside a transaction.
pub async fn find<'e, E>(ex: E, id: i64, at: i64) -> Result<Option<AskRecord>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<AskRow> = sqlx::query_as(&format!("{} where a.id = $2", ask_select()))
        .bind(at)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(AskRow::record))
}

/// Writes an entry of kind "ask" in a partner's interaction log, in the ask's transaction.
pub async fn log(
    tx: &mut Tx,
    clock: &Clock,
    partner_id: i64,
    today: &str,
    note: String,
    staff_id: Option<i64>,
) -> Result<(), AppError> {
    let entry = NewInteraction {
        occurred_on: today.to_string(),
        kind: InteractionKind::Ask,
        note,
    };
    crate::partners::repo::add_interaction(tx, clock, partner_id, &entry, staff_id).await?;
    Ok(())
}
