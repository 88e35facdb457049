//! Drafts and sending in the database: the partner and need a draft is for, the draft's
//! row, and the conditional writes that keep a sent ask from changing.

use super::model::{ContactChoice, NewAsk};
use crate::asks::repo::{join_in_return, token_hash};
use crate::server::db::{Db, Tx};
use crate::vocab::Vocab;

/// A partner as an ask needs it.
#[derive(sqlx::FromRow)]
pub struct PartnerBrief {
    pub name: String,
    pub archived: i64,
}

/// A partner's name and whether it is archived; `None` when there is no such partner.
pub async fn partner(db: &Db, partner_id: i64) -> Result<Option<PartnerBrief>, sqlx::Error> {
    sqlx::query_as("select name, archived from partners where id = $1")
        .bind(partner_id)
        .fetch_optional(&db.pool)
        .await
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    position: i64,
    name: String,
    role: Option<String>,
    email: Option<String>,
}

/// A partner's contacts, in the partner's order.
pub async fn contacts(db: &Db, partner_id: i64) -> Result<Vec<ContactChoice>, sqlx::Error> {
    let rows: Vec<ContactRow> = sqlx::query_as(
        "select position, name, role, email from contacts where partner_id = $1 order by position",
    )
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ContactChoice::new(r.position, r.name, r.role, r.email))
        .collect())
}

/// A need as a template fills it in: its title, branch, days and wanted offering.
#[derive(sqlx::FromRow)]
pub struct NeedBrief {
    pub title: String,
    pub branch: String,
    pub starts_on: String,
    pub ends_on: String,
    pub offering: String,
}

/// A need's brief; `None` when there is no such need.
pub async fn need_brief(db: &Db, id: i64) -> Result<Option<NeedBrief>, sqlx::Error> {
    sqlx::query_as(
        "select n.title, b.name as branch, n.starts_on, n.ends_on, n.offering \
         from needs n join branches b on b.id = n.branch_id where n.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The contact an ask goes to, as stored on the partner now.
#[derive(sqlx::FromRow)]
pub struct Addressee {
    pub name: String,
    pub email: Option<String>,
}

/// The contact at a position in a partner's list, read in the draft's transaction.
pub async fn addressee(
    tx: &mut Tx,
    partner_id: i64,
    position: i64,
) -> Result<Option<Addressee>, sqlx::Error> {
    sqlx::query_as("select name, email from contacts where partner_id = $1 and position = $2")
        .bind(partner_id)
        .bind(position)
        .fetch_optional(&mut **tx)
        .await
}

/// Inserts a draft (no `id`) or changes one that is still a draft. `None` when nothing was
/// changed: the ask is gone or was sent. A need that is gone comes back as the database's
/// refusal.
pub async fn write(
    tx: &mut Tx,
    id: Option<i64>,
    a: &NewAsk,
    to: (&str, &str),
    staff_id: i64,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let (contact_name, email) = to;
    let q = match id {
        None => sqlx::query_scalar(
            "insert into asks (partner_id, need_id, contact_name, contact_email, kind, subject, message, in_return, \
             reply_by, status, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update asks set partner_id = $1, need_id = $2, contact_name = $3, contact_email = $4, kind = $5, \
             subject = $6, message = $7, in_return = $8, reply_by = $9, updated_at = $11 \
             where id = $12 and status = 'draft' and $10 = $10 returning id",
        ),
    };
    let q = q
        .bind(a.partner_id)
        .bind(a.need_id)
        .bind(contact_name)
        .bind(email)
        .bind(a.kind.slug())
        .bind(&a.subject)
        .bind(&a.message)
        .bind(join_in_return(&a.in_return))
        .bind(&a.reply_by)
        .bind(staff_id)
        .bind(at);
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    q.fetch_optional(&mut **tx).await
}

/// Whether an ask exists, whatever its state.
pub async fn exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("select id from asks where id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

/// Deletes an ask if it is still a draft; whether it did.
pub async fn discard(db: &Db, id: i64) -> Result<bool, crate::error::AppError> {
    let q = sqlx::query("delete from asks where id = $1 and status = 'draft'").bind(id);
    crate::server::db::changed(db, q).await
}

/// Marks a draft sent at `at`, with its link's token (stored hashed) and expiry; whether it
/// was still a draft.
pub async fn mark_sent(
    tx: &mut Tx,
    id: i64,
    token: &str,
    at: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "update asks set status = 'sent', token_hash = $1, sent_at = $2, expires_at = $3, updated_at = $2 \
         where id = $4 and status = 'draft'",
    )
    .bind(token_hash(token))
    .bind(at)
    .bind(expires_at)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n > 0)
}
