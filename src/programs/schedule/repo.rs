//! Rooms, branches and programs as the schedule writes them, and the bookings a new one could
//! clash with. SQL only: the rules and their wording are in `service`.

use super::model::{NewProgram, RoomRecord, ROOM_NAME_TAKEN, UNKNOWN_BRANCH};
use crate::error::AppError;
use crate::server::db::{Db, Refusals, Tx, Violation};
use crate::vocab::Vocab;

/// Every room, by branch and name.
pub async fn rooms(db: &Db) -> Result<Vec<RoomRecord>, AppError> {
    Ok(sqlx::query_as(
        "select r.id, r.branch_id, b.name as branch, r.name, r.capacity, r.accessibility from rooms r \
         join branches b on b.id = r.branch_id order by b.name_key, r.name_key, r.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Adds a room to a branch; a branch's room names are unique, whatever their case.
pub async fn add_room(
    db: &Db,
    branch_id: i64,
    name: &str,
    capacity: i64,
    accessibility: Option<&str>,
) -> Result<i64, AppError> {
    let t = db.now();
    let r = sqlx::query_scalar(
        "insert into rooms (branch_id, name, name_key, capacity, accessibility, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6) returning id",
    )
    .bind(branch_id)
    .bind(name)
    .bind(name.to_lowercase())
    .bind(capacity)
    .bind(accessibility)
    .bind(t)
    .fetch_one(&db.pool)
    .await;
    r.refused_as([
        (Violation::Unique, AppError::field("name", ROOM_NAME_TAKEN)),
        (
            Violation::ForeignKey,
            AppError::field("branch", UNKNOWN_BRANCH),
        ),
    ])
}

/// A branch, for choosing one.
#[derive(sqlx::FromRow)]
struct Branch {
    id: i64,
    name: String,
}

/// Every branch as (id, name), by name.
pub async fn branches(db: &Db) -> Result<Vec<(i64, String)>, AppError> {
    let rows: Vec<Branch> = sqlx::query_as("select id, name from branches order by name_key, id")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|b| (b.id, b.name)).collect())
}

/// A partner that may present, for the schedule form.
#[derive(sqlx::FromRow)]
pub struct Presenting {
    pub id: i64,
    pub name: String,
}

/// Partners not archived and not ended, by name.
pub async fn presenting_partners(db: &Db) -> Result<Vec<Presenting>, AppError> {
    Ok(sqlx::query_as(
        "select id, name from partners where archived = 0 and stage <> 'ended' order by lower(name), id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Puts schedule changes in order: the first write of every publishing transaction.
pub async fn take_schedule(tx: &mut Tx) -> Result<(), AppError> {
    sqlx::query("update schedule_lock set version = version + 1 where id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A program's title and capacity.
#[derive(sqlx::FromRow)]
pub struct Needs {
    pub title: String,
    pub capacity: i64,
}

/// The upcoming published program in a room that expects the most people.
pub async fn biggest_booking(tx: &mut Tx, room: i64, now: i64) -> Result<Option<Needs>, AppError> {
    Ok(sqlx::query_as(
        "select title, capacity from programs where room_id = $1 and status = 'published' \
         and ends_at > $2 order by capacity desc, starts_at limit 1",
    )
    .bind(room)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Changes a room; whether it exists.
pub async fn update_room(
    tx: &mut Tx,
    id: i64,
    name: &str,
    capacity: i64,
    accessibility: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let r = sqlx::query(
        "update rooms set name = $2, name_key = $3, capacity = $4, accessibility = $5, updated_at = $6 where id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(name.to_lowercase())
    .bind(capacity)
    .bind(accessibility)
    .bind(now)
    .execute(&mut **tx)
    .await;
    let done = r.refused_as([(
        Violation::Unique,
        AppError::field("edit_name", ROOM_NAME_TAKEN),
    )])?;
    Ok(done.rows_affected() > 0)
}

/// A room's capacity, if the room exists.
pub async fn room_capacity(tx: &mut Tx, room: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select capacity from rooms where id = $1")
            .bind(room)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Whether a partner exists and is not archived.
pub async fn partner_exists(tx: &mut Tx, partner: i64) -> Result<bool, AppError> {
    let known: Option<i64> =
        sqlx::query_scalar("select id from partners where id = $1 and archived = 0")
            .bind(partner)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(known.is_some())
}

/// A published program that holds a room or a presenter, with its padding.
#[derive(sqlx::FromRow)]
pub struct Taken {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub setup_minutes: i64,
    pub teardown_minutes: i64,
}

/// A published program a partner presents, with the partner's name.
#[derive(sqlx::FromRow)]
pub struct TakenBy {
    pub partner: String,
    #[sqlx(flatten)]
    pub taken: Taken,
}

const TAKEN: &str =
    "select p.id, p.title, p.starts_at, p.ends_at, p.setup_minutes, p.teardown_minutes";

/// Published programs in a room that start before `span.1` and end after `span.0`, outside
/// the series (or program) `except`.
pub async fn room_taken(
    tx: &mut Tx,
    room: i64,
    span: (i64, i64),
    except: i64,
) -> Result<Vec<Taken>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{TAKEN} from programs p where p.status = 'published' and p.room_id = $1 \
         and p.starts_at < $2 and p.ends_at > $3 and coalesce(p.series_id, p.id) <> $4"
    ))
    .bind(room)
    .bind(span.1)
    .bind(span.0)
    .bind(except)
    .fetch_all(&mut **tx)
    .await?)
}

/// Published programs a partner presents that start before `span.1` and end after
/// `span.0`, outside the series (or program) `except`.
pub async fn presenter_taken(
    tx: &mut Tx,
    partner: i64,
    span: (i64, i64),
    except: i64,
) -> Result<Vec<TakenBy>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{TAKEN}, pa.name as partner from programs p join program_presenters pp on pp.program_id = p.id \
         join partners pa on pa.id = pp.partner_id \
         where p.status = 'published' and pp.partner_id = $1 \
         and p.starts_at < $2 and p.ends_at > $3 and coalesce(p.series_id, p.id) <> $4"
    ))
    .bind(partner)
    .bind(span.1)
    .bind(span.0)
    .bind(except)
    .fetch_all(&mut **tx)
    .await?)
}

/// One session's own values as it is stored.
pub struct Slot<'a> {
    /// The series' first session, for the later sessions of a series.
    pub series_id: Option<i64>,
    pub register_for: &'a str,
    pub branch_id: Option<i64>,
    pub room_id: Option<i64>,
    pub address: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: &'a str,
    pub created_by: i64,
    pub at: i64,
}

/// Stores one session of a program.
pub async fn insert_program(tx: &mut Tx, p: &NewProgram, s: &Slot<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "insert into programs (series_id, register_for, title, description, audiences, goals, branch_id, \
         room_id, address, starts_at, ends_at, setup_minutes, teardown_minutes, capacity, registration, \
         party_limit, other_presenters, status, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) \
         returning id",
    )
    .bind(s.series_id)
    .bind(s.register_for)
    .bind(&p.title)
    .bind(&p.description)
    .bind(p.audiences.mask())
    .bind(p.goals.mask())
    .bind(s.branch_id)
    .bind(s.room_id)
    .bind(s.address)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(p.setup_minutes)
    .bind(p.teardown_minutes)
    .bind(p.capacity)
    .bind(p.registration.slug())
    .bind(p.party_limit)
    .bind(&p.other_presenters)
    .bind(s.status)
    .bind(s.created_by)
    .bind(s.at)
    .fetch_one(&mut **tx)
    .await?)
}

/// Makes a program the first session of its own series.
pub async fn start_series(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    sqlx::query("update programs set series_id = $1 where id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Credits a partner as a program's presenter.
pub async fn add_presenter(tx: &mut Tx, program: i64, partner: i64) -> Result<(), AppError> {
    sqlx::query("insert into program_presenters (program_id, partner_id) values ($1, $2)")
        .bind(program)
        .bind(partner)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A draft session as publishing checks it.
#[derive(sqlx::FromRow)]
pub struct Draft {
    pub id: i64,
    pub room_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub setup_minutes: i64,
    pub teardown_minutes: i64,
    pub series_id: Option<i64>,
}

/// The draft sessions of a program's series (or the program, if a draft on its own).
pub async fn drafts(tx: &mut Tx, id: i64) -> Result<Vec<Draft>, AppError> {
    Ok(sqlx::query_as(
        "select id, room_id, starts_at, ends_at, setup_minutes, teardown_minutes, series_id from programs \
         where status = 'draft' and coalesce(series_id, id) = (select coalesce(series_id, id) from programs where id = $1)",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?)
}

/// A program's partner presenters.
pub async fn presenter_ids(tx: &mut Tx, program: i64) -> Result<Vec<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select partner_id from program_presenters where program_id = $1")
            .bind(program)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Publishes every draft session of a program's series.
pub async fn publish_drafts(tx: &mut Tx, id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "update programs set status = 'published', updated_at = $2 where status = 'draft' \
         and coalesce(series_id, id) = (select coalesce(series_id, id) from programs where id = $1)",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
