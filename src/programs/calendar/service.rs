//! The calendar as people see it: program rows become cards (with presenters, and the seats
//! of the session that holds a series' bookings), a program's page, and what a partner
//! presented.

use super::model::{PresentedProgram, Presenter, ProgramCard, ProgramDetail, Session};
use super::repo::{self, Credit, ListFilter, Row};
use crate::error::AppError;
use crate::programs::model::{ProgramStatus, RegisterFor, Registration};
use crate::server::db::Db;
use crate::server::zone::Zone;
use crate::vocab::{Audience, Goal, Set, Vocab};
use crate::when::when_words;

impl Row {
    /// Where the program stands (a draft, if the stored value is unknown).
    pub fn status(&self) -> ProgramStatus {
        ProgramStatus::from_slug(&self.status).unwrap_or(ProgramStatus::Draft)
    }
    /// How its series is booked (each session, if the stored value is unknown).
    pub fn register_for(&self) -> RegisterFor {
        RegisterFor::from_slug(&self.register_for).unwrap_or(RegisterFor::Session)
    }
    /// Whether patrons register (required, if the stored value is unknown).
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
    /// Where it happens, in words: the room (or branch), the address, or both.
    pub fn place(&self) -> String {
        match (&self.place, &self.address) {
            (Some(p), Some(a)) => format!("{a} (with {p})"),
            (Some(p), None) => p.clone(),
            (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        }
    }
    /// When it runs, in words, in the library's time zone.
    pub fn when(&self, zone: Zone) -> String {
        when_words(zone.local(self.starts_at), zone.local(self.ends_at))
    }
    /// The row as a card; the seats are `booked`'s, the session that holds the bookings,
    /// when that is another.
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
            when: self.when(zone),
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

/// One program, or "not found".
pub async fn row(db: &Db, id: i64) -> Result<Row, AppError> {
    repo::find(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("That program".into()))
}

/// The program that holds `program`'s bookings: itself, or its series' first session for a
/// series booked as one.
pub async fn booking_head(db: &Db, program: i64) -> Result<Row, AppError> {
    let r = row(db, program).await?;
    let booking = r.booking_id();
    if booking == r.id {
        Ok(r)
    } else {
        row(db, booking).await
    }
}

/// Every session one booking covers, in time order: the whole series for a series booked as
/// one, otherwise the program itself.
pub async fn booked_sessions<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    head: &Row,
) -> Result<Vec<Row>, AppError> {
    match (head.register_for(), head.series_id) {
        (RegisterFor::Series, Some(series)) => repo::series(conn, series).await,
        _ => Ok(vec![head.clone()]),
    }
}

/// Programs in time order, filtered.
pub async fn list(db: &Db, f: &ListFilter, zone: Zone) -> Result<Vec<ProgramCard>, AppError> {
    let rows = repo::rows(db, f).await?;
    cards(db, rows, zone).await
}

fn credits(all: &[Credit], program: i64) -> Vec<Presenter> {
    all.iter()
        .filter(|c| c.program_id == program)
        .map(|c| Presenter {
            partner_id: c.partner_id,
            name: c.name.clone(),
            website: c.website.clone(),
        })
        .collect()
}

/// Cards for rows, with their presenters and, for series booked as one, the seats of the
/// session that holds the bookings.
pub async fn cards(db: &Db, rows: Vec<Row>, zone: Zone) -> Result<Vec<ProgramCard>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let all = repo::credits(db, &ids).await?;
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

/// One row's card.
pub async fn card(db: &Db, r: Row, zone: Zone) -> Result<ProgramCard, AppError> {
    cards(db, vec![r], zone)
        .await?
        .pop()
        .ok_or(AppError::Internal)
}

/// RFC 3339 with the local offset, for schema.org.
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

/// Everything a program's page shows (a draft only when `drafts`).
pub async fn detail(db: &Db, id: i64, zone: Zone, drafts: bool) -> Result<ProgramDetail, AppError> {
    let r = row(db, id).await?;
    if r.status() == ProgramStatus::Draft && !drafts {
        return Err(AppError::NotFound("That program".into()));
    }
    let card = card(db, r.clone(), zone).await?;
    let sessions = match r.series_id {
        Some(s) => repo::sessions(db, s).await?,
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
            .filter(|s| drafts || s.status != "draft")
            .map(|s| Session {
                id: s.id,
                when: when_words(zone.local(s.starts_at), zone.local(s.ends_at)),
                status: ProgramStatus::from_slug(&s.status).unwrap_or(ProgramStatus::Draft),
            })
            .collect(),
        booking_id: r.booking_id(),
        past: r.ends_at <= db.now(),
        card,
    })
}

/// The programs a partner presents or presented, newest first, with attendance.
pub async fn presented(
    db: &Db,
    partner: i64,
    zone: Zone,
) -> Result<Vec<PresentedProgram>, AppError> {
    let rows = repo::presented(db, partner).await?;
    let t = db.now();
    Ok(rows
        .into_iter()
        .map(|p| PresentedProgram {
            id: p.id,
            title: p.title,
            when: when_words(zone.local(p.starts_at), zone.local(p.ends_at)),
            status: ProgramStatus::from_slug(&p.status).unwrap_or(ProgramStatus::Published),
            past: p.ends_at <= t,
            confirmed: p.confirmed,
            attended: p.attended,
        })
        .collect())
}
