//! Registrations in the database. Every change first updates the program's row (the session
//! that holds the seats), which locks it: on PostgreSQL other registrations for the program
//! wait for the row, on SQLite for the write lock. Seats are then counted and claimed in the
//! same transaction, so no seat is given twice and the waitlist has no gaps. SQL only.

use super::model::{already_registered, Attendance, NewRegistration, RegState};
use crate::error::AppError;
use crate::programs::letters::repo::Addressee;
use crate::server::db::{Db, Refusals, Tx, Violation};
use crate::vocab::Vocab;

/// The locked program: the first write of every registration change.
#[derive(sqlx::FromRow)]
pub struct Locked {
    pub status: String,
    pub registration: String,
    pub capacity: i64,
    pub seats_taken: i64,
    pub party_limit: i64,
    pub starts_at: i64,
}

/// Locks a program's row (a write that changes nothing) and reads its seats; `None` when
/// there is no such program.
pub async fn lock(tx: &mut Tx, program: i64) -> Result<Option<Locked>, AppError> {
    Ok(sqlx::query_as::<_, Locked>(
        "update programs set updated_at = updated_at where id = $1 \
         returning status, registration, capacity, seats_taken, party_limit, starts_at",
    )
    .bind(program)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The live registration of an address for a program, if any.
pub async fn live_by_email(
    tx: &mut Tx,
    program: i64,
    email: &str,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select id from registrations where program_id = $1 and email = $2 and state <> 'cancelled'",
    )
    .bind(program)
    .bind(email)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Takes seats of a program.
pub async fn take_seats(tx: &mut Tx, program: i64, seats: i64) -> Result<(), AppError> {
    sqlx::query("update programs set seats_taken = seats_taken + $2 where id = $1")
        .bind(program)
        .bind(seats)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Gives seats of a program back.
pub async fn release_seats(tx: &mut Tx, program: i64, seats: i64) -> Result<(), AppError> {
    sqlx::query("update programs set seats_taken = seats_taken - $2 where id = $1")
        .bind(program)
        .bind(seats)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The next number on a program's waitlist.
pub async fn next_on_waitlist(tx: &mut Tx, program: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "update programs set waitlist_next = waitlist_next + 1 where id = $1 returning waitlist_next",
    )
    .bind(program)
    .fetch_one(&mut **tx)
    .await?)
}

/// A registration's place as stored: its state, its waitlist number, and its manage link's
/// nonce and token hash.
pub struct Place<'a> {
    pub state: RegState,
    pub waitlist_seq: Option<i64>,
    pub nonce: &'a str,
    pub token_hash: &'a str,
}

/// Stores a registration; an address already registered is refused.
pub async fn insert(
    tx: &mut Tx,
    at: i64,
    program: i64,
    reg: &NewRegistration,
    place: &Place<'_>,
    client: Option<&str>,
) -> Result<(), AppError> {
    let r = sqlx::query(
        "insert into registrations (program_id, name, email, party_size, needs, state, waitlist_seq, \
         token_nonce, token_hash, created_at, updated_at, client_key) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)",
    )
    .bind(program)
    .bind(&reg.name)
    .bind(&reg.email)
    .bind(reg.party_size)
    .bind(&reg.needs)
    .bind(place.state.slug())
    .bind(place.waitlist_seq)
    .bind(place.nonce)
    .bind(place.token_hash)
    .bind(at)
    .bind(client)
    .execute(&mut **tx)
    .await;
    r.refused_as([(Violation::Unique, already_registered())])?;
    Ok(())
}

/// A waiting registration's place in line: how many wait up to and including its number.
pub async fn position<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    program: i64,
    seq: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select count(*) from registrations where program_id = $1 and state = 'waiting' and waitlist_seq <= $2",
    )
    .bind(program)
    .bind(seq)
    .fetch_one(conn)
    .await?)
}

/// The live registration of an address for a program, as a letter addresses it.
pub async fn registered(db: &Db, program: i64, email: &str) -> Result<Option<Addressee>, AppError> {
    Ok(sqlx::query_as(
        "select name, email, party_size, token_nonce from registrations where program_id = $1 and email = $2 and state <> 'cancelled'",
    )
    .bind(program)
    .bind(email)
    .fetch_optional(&db.pool)
    .await?)
}

/// A registration as its manage link finds it.
#[derive(sqlx::FromRow)]
pub struct Found {
    pub id: i64,
    pub program_id: i64,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
    pub state: String,
    pub waitlist_seq: Option<i64>,
}

/// The registration whose manage token hashes to `hash`.
pub async fn by_token_hash(db: &Db, hash: &str) -> Result<Option<Found>, AppError> {
    Ok(sqlx::query_as::<_, Found>(
        "select id, program_id, name, email, party_size, needs, state, waitlist_seq from registrations where token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?)
}

/// A registration's state and party, read under the program's lock.
#[derive(sqlx::FromRow)]
pub struct Live {
    pub state: String,
    pub party_size: i64,
}

/// A registration's state and party.
pub async fn live(tx: &mut Tx, id: i64) -> Result<Live, AppError> {
    Ok(
        sqlx::query_as("select state, party_size from registrations where id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// A registration of a program that is not cancelled, if it is one.
pub async fn live_in(tx: &mut Tx, id: i64, program: i64) -> Result<Option<Live>, AppError> {
    Ok(sqlx::query_as(
        "select state, party_size from registrations \
         where id = $1 and program_id = $2 and state <> 'cancelled'",
    )
    .bind(id)
    .bind(program)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Cancels a registration.
pub async fn cancel(tx: &mut Tx, id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("update registrations set state = 'cancelled', updated_at = $2 where id = $1")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Changes a registration's party size.
pub async fn set_party_size(tx: &mut Tx, id: i64, size: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("update registrations set party_size = $2, updated_at = $3 where id = $1")
        .bind(id)
        .bind(size)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A program's capacity and the seats taken.
#[derive(sqlx::FromRow)]
pub struct Seats {
    pub capacity: i64,
    pub seats_taken: i64,
}

/// A program's capacity and the seats taken.
pub async fn seats(tx: &mut Tx, program: i64) -> Result<Seats, AppError> {
    Ok(
        sqlx::query_as("select capacity, seats_taken from programs where id = $1")
            .bind(program)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// A party on the waitlist.
#[derive(sqlx::FromRow)]
pub struct Waiting {
    pub id: i64,
    #[sqlx(flatten)]
    pub to: Addressee,
}

/// A program's waitlist, in order.
pub async fn waiting(tx: &mut Tx, program: i64) -> Result<Vec<Waiting>, AppError> {
    Ok(sqlx::query_as(
        "select id, party_size, name, email, token_nonce from registrations \
         where program_id = $1 and state = 'waiting' order by waitlist_seq, id",
    )
    .bind(program)
    .fetch_all(&mut **tx)
    .await?)
}

/// Confirms a waiting registration.
pub async fn confirm(tx: &mut Tx, id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("update registrations set state = 'confirmed', updated_at = $2 where id = $1 and state = 'waiting'")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets a program's capacity.
pub async fn set_capacity(tx: &mut Tx, program: i64, capacity: i64) -> Result<(), AppError> {
    sqlx::query("update programs set capacity = $2 where id = $1")
        .bind(program)
        .bind(capacity)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks a program cancelled.
pub async fn cancel_program(tx: &mut Tx, program: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("update programs set status = 'cancelled', updated_at = $2 where id = $1")
        .bind(program)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many sessions of a series are not cancelled.
pub async fn sessions_left(tx: &mut Tx, series: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select count(*) from programs where series_id = $1 and status <> 'cancelled'",
    )
    .bind(series)
    .fetch_one(&mut **tx)
    .await?)
}

/// Everyone registered for a program or waiting, in the order they came.
pub async fn live_parties(tx: &mut Tx, program: i64) -> Result<Vec<Addressee>, AppError> {
    Ok(sqlx::query_as(
        "select name, email, party_size, token_nonce from registrations \
         where program_id = $1 and state <> 'cancelled' order by id",
    )
    .bind(program)
    .fetch_all(&mut **tx)
    .await?)
}

/// Marks a confirmed registration's attendance: its program, when it was confirmed.
pub async fn mark(
    db: &Db,
    registration: i64,
    a: Option<Attendance>,
) -> Result<Option<i64>, AppError> {
    let program: Option<i64> = sqlx::query_scalar(
        "update registrations set attendance = $2, updated_at = $3 where id = $1 and state = 'confirmed' returning program_id",
    )
    .bind(registration)
    .bind(a.map(|a| a.slug()))
    .bind(db.now())
    .fetch_optional(&db.pool)
    .await?;
    if program.is_some() {
        crate::server::db::wrote();
    }
    Ok(program)
}

/// A registration as the roster lists it.
#[derive(sqlx::FromRow)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
    pub state: String,
    pub client_key: Option<String>,
    pub attendance: Option<String>,
    pub created_at: i64,
}

/// Every registration of a program: confirmed first, then the waitlist in order, then
/// cancellations.
pub async fn roster(db: &Db, program: i64) -> Result<Vec<RosterRow>, AppError> {
    Ok(sqlx::query_as(
        "select id, name, email, party_size, needs, state, client_key, attendance, created_at from registrations \
         where program_id = $1 order by case state when 'confirmed' then 0 when 'waiting' then 1 else 2 end, \
         waitlist_seq, lower(name), id",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?)
}

/// A poll asking for feedback on a program.
#[derive(sqlx::FromRow)]
pub struct FeedbackPoll {
    pub id: i64,
    pub question: String,
}

/// The polls asking for feedback on a program, newest first.
pub async fn feedback_polls(db: &Db, program: i64) -> Result<Vec<FeedbackPoll>, AppError> {
    Ok(sqlx::query_as(
        "select id, question from polls where program_id = $1 order by opens_at desc, id desc",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?)
}
