//! Who is due a reminder, and the conditional writes that claim each reminder once, even with
//! several app servers. SQL only.

use crate::error::AppError;
use crate::server::db::{Db, Tx};

/// A registered party as a letter addresses it.
#[derive(sqlx::FromRow)]
pub struct Addressee {
    pub name: String,
    pub email: String,
    pub party_size: i64,
    /// The nonce of the party's manage link.
    pub token_nonce: String,
}

/// A confirmed registration due a reminder before its program.
#[derive(sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub program_id: i64,
}

/// Confirmed registrations, not yet reminded, of published programs starting in
/// `(from, to]`, soonest first (at most 500).
pub async fn due_reminders(db: &Db, from: i64, to: i64) -> Result<Vec<Due>, AppError> {
    Ok(sqlx::query_as(
        "select g.id, g.program_id from registrations g join programs p on p.id = g.program_id \
         where g.state = 'confirmed' and g.reminded_at is null and p.status = 'published' \
         and p.starts_at > $1 and p.starts_at <= $2 order by p.starts_at, g.id limit 500",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?)
}

/// Marks a registration reminded, if it is still confirmed and was not yet: whom to write to,
/// when this call claimed it.
pub async fn claim_reminder(
    tx: &mut Tx,
    registration: i64,
    at: i64,
) -> Result<Option<Addressee>, AppError> {
    Ok(sqlx::query_as(
        "update registrations set reminded_at = $2 where id = $1 and reminded_at is null and state = 'confirmed' \
         returning name, email, party_size, token_nonce",
    )
    .bind(registration)
    .bind(at)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A later session of a series booked as one, due a reminder to a party confirmed on the
/// series' first session.
#[derive(sqlx::FromRow)]
pub struct DueSession {
    pub registration_id: i64,
    pub session_id: i64,
    /// The first session, which holds the registration.
    pub booking_id: i64,
}

/// The later sessions of series booked as one, published and starting in `(from, to]`, with
/// each confirmed party not yet reminded of them (at most 500).
pub async fn due_session_reminders(
    db: &Db,
    from: i64,
    to: i64,
) -> Result<Vec<DueSession>, AppError> {
    Ok(sqlx::query_as(
        "select g.id as registration_id, s.id as session_id, s.series_id as booking_id from programs s \
         join programs f on f.id = s.series_id \
         join registrations g on g.program_id = f.id \
         where s.id <> s.series_id and f.register_for = 'series' and s.status = 'published' \
         and g.state = 'confirmed' and s.starts_at > $1 and s.starts_at <= $2 \
         and not exists (select 1 from session_reminders r where r.registration_id = g.id and r.program_id = s.id) \
         order by s.starts_at, g.id limit 500",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?)
}

/// Records a session's reminder to a registration; whether this call was the one that did.
pub async fn claim_session_reminder(
    tx: &mut Tx,
    registration: i64,
    session: i64,
    at: i64,
) -> Result<bool, AppError> {
    let n = sqlx::query(
        "insert into session_reminders (registration_id, program_id, sent_at) values ($1, $2, $3) \
         on conflict do nothing",
    )
    .bind(registration)
    .bind(session)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// A confirmed registration's party.
pub async fn confirmed_party(
    tx: &mut Tx,
    registration: i64,
) -> Result<Option<Addressee>, AppError> {
    Ok(sqlx::query_as(
        "select name, email, party_size, token_nonce from registrations where id = $1 and state = 'confirmed'",
    )
    .bind(registration)
    .fetch_optional(&mut **tx)
    .await?)
}
