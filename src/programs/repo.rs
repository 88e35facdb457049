//! Rooms and programs in the database. Publishing is one transaction that first updates the
//! schedule lock row, so two librarians booking at once are put in order by the database and
//! the conflict check each makes sees the other's program.

use super::model::{overlaps, padded, NewProgram, ProgramStatus, RegisterFor, Registration, Venue};
use super::records::{
    PresentedProgram, Presenter, ProgramCard, ProgramDetail, RoomRecord, ScheduleChoices, Session,
};
use crate::error::AppError;
use crate::server::db::{Db, Tx};
use crate::server::db::{Refusals, Violation};
use crate::server::zone::Zone;
use crate::vocab::{Audience, Goal, Set, Vocab};
use crate::when::when_words;

/// Every room, by branch and name.
pub async fn rooms(db: &Db) -> Result<Vec<RoomRecord>, AppError> {
    let rows: Vec<(i64, i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "select r.id, r.branch_id, b.name, r.name, r.capacity, r.accessibility from rooms r \
         join branches b on b.id = r.branch_id order by b.name_key, r.name_key, r.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, branch_id, branch, name, capacity, accessibility)| RoomRecord {
                id,
                branch_id,
                branch,
                name,
                capacity,
                accessibility,
            },
        )
        .collect())
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
        (
            Violation::Unique,
            AppError::field("name", "That branch already has a room by this name."),
        ),
        (
            Violation::ForeignKey,
            AppError::field("branch", "Choose a branch from the list."),
        ),
    ])
}

/// Every branch as (id, name), by name.
pub async fn branches(db: &Db) -> Result<Vec<(i64, String)>, AppError> {
    Ok(
        sqlx::query_as("select id, name from branches order by name_key, id")
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Changes a room's name, capacity or notes. The capacity may not drop below what an upcoming
/// published program in the room expects.
pub async fn update_room(
    db: &Db,
    id: i64,
    name: &str,
    capacity: i64,
    accessibility: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    take_schedule(&mut tx).await?;
    let biggest: Option<(String, i64)> = sqlx::query_as(
        "select title, capacity from programs where room_id = $1 and status = 'published' \
         and ends_at > $2 order by capacity desc, starts_at limit 1",
    )
    .bind(id)
    .bind(db.now())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((title, needed)) = biggest.filter(|(_, c)| *c > capacity) {
        return Err(AppError::field(
            "edit_capacity",
            format!("“{title}” is booked here for {needed}; lower its capacity first."),
        ));
    }
    let r = sqlx::query(
        "update rooms set name = $2, name_key = $3, capacity = $4, accessibility = $5, updated_at = $6 where id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(name.to_lowercase())
    .bind(capacity)
    .bind(accessibility)
    .bind(db.now())
    .execute(&mut *tx)
    .await;
    let done = r.refused_as([(
        Violation::Unique,
        AppError::field("edit_name", "That branch already has a room by this name."),
    )])?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound("That room".into()));
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Rooms, branches and partners for the schedule form.
pub async fn choices(db: &Db) -> Result<ScheduleChoices, AppError> {
    let branches = branches(db).await?;
    let partners: Vec<(i64, String)> = sqlx::query_as(
        "select id, name from partners where archived = 0 and stage <> 'ended' order by lower(name), id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(ScheduleChoices {
        rooms: rooms(db).await?,
        branches,
        partners: partners
            .into_iter()
            .map(|(partner_id, name)| Presenter {
                partner_id,
                name,
                website: None,
            })
            .collect(),
    })
}

/// A program row, as every query reads it.
#[derive(sqlx::FromRow, Clone)]
pub(super) struct Row {
    pub id: i64,
    pub series_id: Option<i64>,
    pub register_for: String,
    pub title: String,
    pub description: String,
    pub audiences: i64,
    pub goals: i64,
    pub address: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub registration: String,
    pub party_limit: i64,
    pub other_presenters: Option<String>,
    pub status: String,
    pub seats_taken: i64,
    pub place: Option<String>,
    pub accessibility: Option<String>,
    pub waiting: i64,
}

pub(super) const SELECT: &str = "select p.id, p.series_id, p.register_for, p.title, p.description, \
     p.audiences, p.goals, p.address, p.starts_at, p.ends_at, p.capacity, p.registration, \
     p.party_limit, p.other_presenters, p.status, p.seats_taken, \
     case when r.id is null then b.name else b.name || ', ' || r.name end as place, \
     r.accessibility, \
     (select count(*) from registrations w where w.program_id = p.id and w.state = 'waiting') as waiting \
     from programs p left join rooms r on r.id = p.room_id \
     left join branches b on b.id = coalesce(r.branch_id, p.branch_id)";

impl Row {
    pub fn status(&self) -> ProgramStatus {
        ProgramStatus::from_slug(&self.status).unwrap_or(ProgramStatus::Draft)
    }
    pub fn register_for(&self) -> RegisterFor {
        RegisterFor::from_slug(&self.register_for).unwrap_or(RegisterFor::Session)
    }
    pub fn registration(&self) -> Registration {
        Registration::from_slug(&self.registration).unwrap_or(Registration::Required)
    }
    /// The session registrations go to: the series' first for a series booked as one.
    pub fn booking_id(&self) -> i64 {
        match (self.register_for(), self.series_id) {
            (RegisterFor::Series, Some(s)) => s,
            _ => self.id,
        }
    }
    fn place(&self) -> String {
        match (&self.place, &self.address) {
            (Some(p), Some(a)) => format!("{a} (with {p})"),
            (Some(p), None) => p.clone(),
            (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        }
    }
    pub fn card(
        &self,
        presenters: Vec<Presenter>,
        zone: Zone,
        booked: Option<&Row>,
    ) -> ProgramCard {
        let seats = booked.unwrap_or(self);
        ProgramCard {
            id: self.id,
            title: self.title.clone(),
            when: when_words(zone.local(self.starts_at), zone.local(self.ends_at)),
            day: zone.local(self.starts_at).date().to_string(),
            place: self.place(),
            audiences: Set::<Audience>::from_mask(self.audiences).to_vec(),
            status: self.status(),
            registration: self.registration(),
            capacity: seats.capacity,
            seats_left: (seats.capacity - seats.seats_taken).max(0),
            waiting: seats.waiting,
            presenters,
            series_id: self.series_id,
            register_for: self.register_for(),
        }
    }
}

pub(super) async fn row(db: &Db, id: i64) -> Result<Row, AppError> {
    sqlx::query_as::<_, Row>(&format!("{SELECT} where p.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| AppError::NotFound("That program".into()))
}

/// Every session one booking covers, in time order: the whole series for a series booked as
/// one, otherwise the program itself.
pub(super) async fn booked_sessions<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    head: &Row,
) -> Result<Vec<Row>, AppError> {
    match (head.register_for(), head.series_id) {
        (RegisterFor::Series, Some(series)) => Ok(sqlx::query_as::<_, Row>(&format!(
            "{SELECT} where p.series_id = $1 order by p.starts_at, p.id"
        ))
        .bind(series)
        .fetch_all(conn)
        .await?),
        _ => Ok(vec![head.clone()]),
    }
}

pub(super) async fn presenters(db: &Db, ids: &[i64]) -> Result<Vec<(i64, Presenter)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    // The ids are integers from our own rows, so listing them inline is safe.
    let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(&format!(
        "select pp.program_id, p.id, p.name, p.website from program_presenters pp join partners p on p.id = pp.partner_id \
         where pp.program_id in ({list}) order by lower(p.name), p.id"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(program, partner_id, name, website)| {
            (
                program,
                Presenter {
                    partner_id,
                    name,
                    website,
                },
            )
        })
        .collect())
}

fn credits(all: &[(i64, Presenter)], program: i64) -> Vec<Presenter> {
    all.iter()
        .filter(|(p, _)| *p == program)
        .map(|(_, x)| x.clone())
        .collect()
}

/// A booking that stands in the way, named for the librarian.
async fn conflict(
    tx: &mut Tx,
    room: Option<i64>,
    presenters: &[i64],
    span: (i64, i64),
    except_series: Option<i64>,
    zone: Zone,
) -> Result<Option<String>, AppError> {
    // Candidates overlap within a day's padding; the exact padded overlap is checked below.
    let wide = (span.0 - 86_400, span.1 + 86_400);
    let mut found: Vec<(i64, String, i64, i64, i64, i64, String)> = Vec::new();
    let cols = "select p.id, p.title, p.starts_at, p.ends_at, p.setup_minutes, p.teardown_minutes";
    if let Some(room) = room {
        let rows: Vec<(i64, String, i64, i64, i64, i64)> = sqlx::query_as(&format!(
            "{cols} from programs p where p.status = 'published' and p.room_id = $1 \
             and p.starts_at < $2 and p.ends_at > $3 and coalesce(p.series_id, p.id) <> $4"
        ))
        .bind(room)
        .bind(wide.1)
        .bind(wide.0)
        .bind(except_series.unwrap_or(0))
        .fetch_all(&mut **tx)
        .await?;
        found.extend(
            rows.into_iter()
                .map(|r| (r.0, r.1, r.2, r.3, r.4, r.5, "The room".into())),
        );
    }
    for partner in presenters {
        let rows: Vec<(i64, String, i64, i64, i64, i64, String)> = sqlx::query_as(&format!(
            "{cols}, pa.name from programs p join program_presenters pp on pp.program_id = p.id \
             join partners pa on pa.id = pp.partner_id \
             where p.status = 'published' and pp.partner_id = $1 \
             and p.starts_at < $2 and p.ends_at > $3 and coalesce(p.series_id, p.id) <> $4"
        ))
        .bind(partner)
        .bind(wide.1)
        .bind(wide.0)
        .bind(except_series.unwrap_or(0))
        .fetch_all(&mut **tx)
        .await?;
        found.extend(rows);
    }
    Ok(found
        .into_iter()
        .find(|(_, _, s, e, setup, teardown, _)| overlaps(span, padded(*s, *e, *setup, *teardown)))
        .map(|(id, title, s, e, _, _, who)| {
            format!(
                "{who} is already booked for “{title}”, {} (/staff/programs/{id}).",
                when_words(zone.local(s), zone.local(e))
            )
        }))
}

/// Puts schedule changes in order: the first write of every publishing transaction.
async fn take_schedule(tx: &mut Tx) -> Result<(), AppError> {
    sqlx::query("update schedule_lock set version = version + 1 where id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Checks that the program (every session) can be held, inside the caller's transaction.
async fn check_free(
    tx: &mut Tx,
    p: &NewProgram,
    except_series: Option<i64>,
    zone: Zone,
) -> Result<(), AppError> {
    let room = match p.venue {
        Venue::Room(r) => Some(r),
        Venue::OffSite { .. } => None,
    };
    for day in p.days() {
        let span = padded(
            zone.to_utc(day, p.starts),
            zone.to_utc(day, p.ends),
            p.setup_minutes,
            p.teardown_minutes,
        );
        if let Some(why) = conflict(tx, room, &p.presenters, span, except_series, zone).await? {
            return Err(AppError::Conflict(why));
        }
    }
    Ok(())
}

/// Saves a program: one row per session. Published at once when asked, and then only when no
/// room or partner presenter is double-booked; a draft holds nothing.
pub async fn create(db: &Db, p: &NewProgram, zone: Zone, by: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    if let Venue::Room(room) = p.venue {
        let cap: Option<i64> = sqlx::query_scalar("select capacity from rooms where id = $1")
            .bind(room)
            .fetch_optional(&mut *tx)
            .await?;
        match cap {
            None => return Err(AppError::field("room", "Choose a room from the list.")),
            Some(c) if c < p.capacity => {
                return Err(AppError::field(
                    "capacity",
                    format!("The room holds {c}; the capacity cannot be above that."),
                ))
            }
            Some(_) => {}
        }
    }
    for partner in &p.presenters {
        let known: Option<i64> =
            sqlx::query_scalar("select id from partners where id = $1 and archived = 0")
                .bind(partner)
                .fetch_optional(&mut *tx)
                .await?;
        if known.is_none() {
            return Err(AppError::field(
                "presenters",
                "Choose presenters from the list.",
            ));
        }
    }
    if p.publish {
        take_schedule(&mut tx).await?;
        check_free(&mut tx, p, None, zone).await?;
    }
    let (room, branch, address) = match &p.venue {
        Venue::Room(r) => (Some(*r), None, None),
        Venue::OffSite { branch, address } => (None, *branch, Some(address.clone())),
    };
    let status = if p.publish { "published" } else { "draft" };
    let days = p.days();
    let series = days.len() > 1;
    let t = db.now();
    let mut first: Option<i64> = None;
    for day in days {
        let id: i64 = sqlx::query_scalar(
            "insert into programs (series_id, register_for, title, description, audiences, goals, branch_id, \
             room_id, address, starts_at, ends_at, setup_minutes, teardown_minutes, capacity, registration, \
             party_limit, other_presenters, status, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) \
             returning id",
        )
        .bind(if series { first } else { None })
        .bind(if series { p.register_for.slug() } else { "session" })
        .bind(&p.title)
        .bind(&p.description)
        .bind(p.audiences.mask())
        .bind(p.goals.mask())
        .bind(branch)
        .bind(room)
        .bind(&address)
        .bind(zone.to_utc(day, p.starts))
        .bind(zone.to_utc(day, p.ends))
        .bind(p.setup_minutes)
        .bind(p.teardown_minutes)
        .bind(p.capacity)
        .bind(p.registration.slug())
        .bind(p.party_limit)
        .bind(&p.other_presenters)
        .bind(status)
        .bind(by)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        if first.is_none() {
            first = Some(id);
            if series {
                sqlx::query("update programs set series_id = $1 where id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for partner in &p.presenters {
            sqlx::query("insert into program_presenters (program_id, partner_id) values ($1, $2)")
                .bind(id)
                .bind(partner)
                .execute(&mut *tx)
                .await?;
        }
    }
    let first = first.ok_or_else(|| AppError::field("day", "Choose the program's date."))?;
    crate::server::db::commit(tx).await?;
    Ok(first)
}

/// A draft session as publishing checks it: id, room, start, end, setup, teardown, series.
type DraftSession = (i64, Option<i64>, i64, i64, i64, i64, Option<i64>);

/// Publishes a draft (every draft session of its series), if nothing is double-booked.
pub async fn publish(db: &Db, id: i64, zone: Zone) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    take_schedule(&mut tx).await?;
    let rows: Vec<DraftSession> = sqlx::query_as(
        "select id, room_id, starts_at, ends_at, setup_minutes, teardown_minutes, series_id from programs \
         where status = 'draft' and coalesce(series_id, id) = (select coalesce(series_id, id) from programs where id = $1)",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Err(AppError::Conflict("Only a draft can be published.".into()));
    }
    for (pid, room, s, e, setup, teardown, series) in &rows {
        let partners: Vec<i64> =
            sqlx::query_scalar("select partner_id from program_presenters where program_id = $1")
                .bind(pid)
                .fetch_all(&mut *tx)
                .await?;
        let span = padded(*s, *e, *setup, *teardown);
        let except = Some(series.unwrap_or(*pid));
        if let Some(why) = conflict(&mut tx, *room, &partners, span, except, zone).await? {
            return Err(AppError::Conflict(why));
        }
    }
    sqlx::query(
        "update programs set status = 'published', updated_at = $2 where status = 'draft' \
         and coalesce(series_id, id) = (select coalesce(series_id, id) from programs where id = $1)",
    )
    .bind(id)
    .bind(db.now())
    .execute(&mut *tx)
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// The public calendar's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub audience: Option<Audience>,
    pub goal: Option<Goal>,
    pub branch: Option<i64>,
    pub partner: Option<i64>,
    /// Unix seconds; programs starting at or after.
    pub from: i64,
    /// Unix seconds; programs starting before.
    pub to: Option<i64>,
    /// Staff see drafts too.
    pub drafts: bool,
    pub limit: i64,
}

/// Programs in time order, filtered.
pub async fn list(db: &Db, f: &ListFilter, zone: Zone) -> Result<Vec<ProgramCard>, AppError> {
    let rows = rows(db, f).await?;
    cards(db, rows, zone).await
}

/// The rows of [`list`].
pub(super) async fn rows(db: &Db, f: &ListFilter) -> Result<Vec<Row>, AppError> {
    let mut sql = format!("{SELECT} where p.starts_at >= $1");
    let mut n = 1;
    let mut arg = |sql: &mut String, clause: &str| {
        n += 1;
        sql.push_str(&clause.replace('?', &format!("${n}")));
    };
    if !f.drafts {
        sql.push_str(" and p.status <> 'draft'");
    }
    if f.to.is_some() {
        arg(&mut sql, " and p.starts_at < ?");
    }
    if f.audience.is_some() {
        arg(&mut sql, " and (p.audiences & ?) <> 0");
    }
    if f.goal.is_some() {
        arg(&mut sql, " and (p.goals & ?) <> 0");
    }
    if f.branch.is_some() {
        arg(&mut sql, " and coalesce(r.branch_id, p.branch_id) = ?");
    }
    if f.partner.is_some() {
        arg(
            &mut sql,
            " and exists (select 1 from program_presenters x where x.program_id = p.id and x.partner_id = ?)",
        );
    }
    arg(&mut sql, " order by p.starts_at, p.id limit ?");
    let mut q = sqlx::query_as::<_, Row>(&sql).bind(f.from);
    if let Some(to) = f.to {
        q = q.bind(to);
    }
    if let Some(a) = f.audience {
        q = q.bind(a.bit());
    }
    if let Some(g) = f.goal {
        q = q.bind(g.bit());
    }
    if let Some(b) = f.branch {
        q = q.bind(b);
    }
    if let Some(p) = f.partner {
        q = q.bind(p);
    }
    Ok(q.bind(f.limit).fetch_all(&db.pool).await?)
}

/// Cards for rows, with their presenters and, for series booked as one, the seats of the
/// session that holds the bookings.
pub(super) async fn cards(
    db: &Db,
    rows: Vec<Row>,
    zone: Zone,
) -> Result<Vec<ProgramCard>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let all = presenters(db, &ids).await?;
    let mut heads: Vec<Row> = Vec::new();
    for r in &rows {
        let b = r.booking_id();
        if b != r.id && !heads.iter().any(|h| h.id == b) {
            heads.push(row(db, b).await?);
        }
    }
    Ok(rows
        .iter()
        .map(|r| {
            let booked = heads.iter().find(|h| h.id == r.booking_id());
            r.card(credits(&all, r.id), zone, booked)
        })
        .collect())
}

fn iso(ts: i64, zone: Zone) -> String {
    let t = zone.local(ts);
    let offset = zone.offset_at(ts);
    let sign = if offset < 0 { '-' } else { '+' };
    let off = offset.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:00{sign}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        off / 60,
        off % 60
    )
}

/// Everything a program's page shows.
pub async fn detail(db: &Db, id: i64, zone: Zone, drafts: bool) -> Result<ProgramDetail, AppError> {
    let r = row(db, id).await?;
    if r.status() == ProgramStatus::Draft && !drafts {
        return Err(AppError::NotFound("That program".into()));
    }
    let card = cards(db, vec![r.clone()], zone).await?.remove(0);
    let sessions: Vec<(i64, i64, i64, String)> = match r.series_id {
        Some(s) => {
            sqlx::query_as(
                "select id, starts_at, ends_at, status from programs where series_id = $1 order by starts_at, id",
            )
            .bind(s)
            .fetch_all(&db.pool)
            .await?
        }
        None => Vec::new(),
    };
    Ok(ProgramDetail {
        description: r.description.clone(),
        goals: Set::<Goal>::from_mask(r.goals).to_vec(),
        other_presenters: r.other_presenters.clone(),
        party_limit: r.party_limit,
        accessibility: r.accessibility.clone(),
        starts_iso: iso(r.starts_at, zone),
        ends_iso: iso(r.ends_at, zone),
        address: r.address.clone(),
        sessions: sessions
            .into_iter()
            .filter(|(_, _, _, st)| drafts || st != "draft")
            .map(|(id, s, e, st)| Session {
                id,
                when: when_words(zone.local(s), zone.local(e)),
                status: ProgramStatus::from_slug(&st).unwrap_or(ProgramStatus::Draft),
            })
            .collect(),
        booking_id: r.booking_id(),
        past: r.ends_at <= db.now(),
        card,
    })
}

/// Per partner (or for one), the programs it was to present that are over by `at`, and how
/// many of them took place (were not cancelled): (partner, due, delivered).
pub async fn presented_counts(
    db: &Db,
    partner: Option<i64>,
    at: i64,
) -> Result<Vec<(i64, i64, i64)>, AppError> {
    let only = if partner.is_some() {
        " and pp.partner_id = $2"
    } else {
        ""
    };
    let sql = format!(
        "select pp.partner_id, count(*), \
         sum(case when p.status = 'published' then 1 else 0 end) \
         from program_presenters pp join programs p on p.id = pp.program_id \
         where p.status <> 'draft' and p.ends_at < $1{only} group by pp.partner_id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql).bind(at);
    if let Some(p) = partner {
        q = q.bind(p);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// The programs a partner presents or presented, newest first, with attendance.
pub async fn presented(
    db: &Db,
    partner: i64,
    zone: Zone,
) -> Result<Vec<PresentedProgram>, AppError> {
    let rows: Vec<(i64, String, i64, i64, String, i64, i64)> = sqlx::query_as(
        "select p.id, p.title, p.starts_at, p.ends_at, p.status, \
         cast(coalesce((select sum(g.party_size) from registrations g where g.program_id = p.id and g.state = 'confirmed'), 0) as bigint), \
         cast(coalesce((select sum(g.party_size) from registrations g where g.program_id = p.id and g.attendance = 'attended'), 0) as bigint) \
         from programs p join program_presenters pp on pp.program_id = p.id \
         where pp.partner_id = $1 and p.status <> 'draft' order by p.starts_at desc, p.id desc limit 200",
    )
    .bind(partner)
    .fetch_all(&db.pool)
    .await?;
    let t = db.now();
    Ok(rows
        .into_iter()
        .map(
            |(id, title, s, e, st, confirmed, attended)| PresentedProgram {
                id,
                title,
                when: when_words(zone.local(s), zone.local(e)),
                status: ProgramStatus::from_slug(&st).unwrap_or(ProgramStatus::Published),
                past: e <= t,
                confirmed,
                attended,
            },
        )
        .collect())
}
