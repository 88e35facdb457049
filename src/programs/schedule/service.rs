//! Scheduling: rooms changed without stranding a booking, programs saved and published.
//! Publishing is one transaction that first updates the schedule lock row, so two librarians
//! booking at once are put in order by the database and the conflict check each makes sees
//! the other's program.

use super::model::{overlaps, padded, NewProgram, ScheduleChoices, Venue};
use super::repo::{self, Slot};
use crate::error::{AppError, Clash};
use crate::programs::calendar::model::Presenter;
use crate::server::db::{commit, Db, Tx};
use crate::server::zone::Zone;
use crate::vocab::Vocab;
use crate::when::when_words;

/// Rooms, branches and partners for the schedule form.
pub async fn choices(db: &Db) -> Result<ScheduleChoices, AppError> {
    let branches = repo::branches(db).await?;
    let partners = repo::presenting_partners(db).await?;
    Ok(ScheduleChoices {
        rooms: repo::rooms(db).await?,
        branches,
        partners: partners
            .into_iter()
            .map(|p| Presenter {
                partner_id: p.id,
                name: p.name,
                website: None,
            })
            .collect(),
    })
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
    repo::take_schedule(&mut tx).await?;
    let biggest = repo::biggest_booking(&mut tx, id, db.now()).await?;
    if let Some(b) = biggest.filter(|b| b.capacity > capacity) {
        return Err(AppError::field(
            "edit_capacity",
            format!(
                "“{}” is booked here for {}; lower its capacity first.",
                b.title, b.capacity
            ),
        ));
    }
    if !repo::update_room(&mut tx, id, name, capacity, accessibility, db.now()).await? {
        return Err(AppError::NotFound("That room".into()));
    }
    commit(tx).await?;
    Ok(())
}

/// A booking that stands in the way of `span` (padded), in the room or for one of the
/// presenters, outside the series `except_series`.
async fn conflict(
    tx: &mut Tx,
    room: Option<i64>,
    presenters: &[i64],
    span: (i64, i64),
    except_series: Option<i64>,
    zone: Zone,
) -> Result<Option<Clash>, AppError> {
    // Candidates overlap within a day's padding; the exact padded overlap is checked below.
    let wide = (span.0 - 86_400, span.1 + 86_400);
    let except = except_series.unwrap_or(0);
    let mut found = Vec::new();
    if let Some(room) = room {
        for t in repo::room_taken(tx, room, wide, except).await? {
            found.push(("The room".to_string(), t));
        }
    }
    for partner in presenters {
        for t in repo::presenter_taken(tx, *partner, wide, except).await? {
            found.push((t.partner, t.taken));
        }
    }
    Ok(found
        .into_iter()
        .find(|(_, t)| {
            overlaps(
                span,
                padded(t.starts_at, t.ends_at, t.setup_minutes, t.teardown_minutes),
            )
        })
        .map(|(who, t)| Clash {
            who,
            title: t.title,
            when: when_words(zone.local(t.starts_at), zone.local(t.ends_at)),
            program_id: t.id,
        }))
}

/// Checks that the program (every session) can be held, inside the caller's transaction.
async fn check_free(
    tx: &mut Tx,
    p: &NewProgram,
    except_series: Option<i64>,
    zone: Zone,
) -> Result<(), AppError> {
    for day in p.days() {
        let span = padded(
            zone.to_utc(day, p.starts),
            zone.to_utc(day, p.ends),
            p.setup_minutes,
            p.teardown_minutes,
        );
        let room = p.venue.room();
        if let Some(c) = conflict(tx, room, &p.presenters, span, except_series, zone).await? {
            return Err(AppError::DoubleBooked(c));
        }
    }
    Ok(())
}

/// Refuses a room that is not on the list or too small, and presenters not on the list.
async fn check_known(tx: &mut Tx, p: &NewProgram) -> Result<(), AppError> {
    if let Some(room) = p.venue.room() {
        match repo::room_capacity(tx, room).await? {
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
        if !repo::partner_exists(tx, *partner).await? {
            return Err(AppError::field(
                "presenters",
                "Choose presenters from the list.",
            ));
        }
    }
    Ok(())
}

/// Saves a program: one row per session. Published at once when asked, and then only when no
/// room or partner presenter is double-booked; a draft holds nothing.
pub async fn create(db: &Db, p: &NewProgram, zone: Zone, by: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    check_known(&mut tx, p).await?;
    if p.publish {
        repo::take_schedule(&mut tx).await?;
        check_free(&mut tx, p, None, zone).await?;
    }
    let (branch_id, address) = match &p.venue {
        Venue::Room(_) => (None, None),
        Venue::OffSite { branch, address } => (*branch, Some(address.as_str())),
    };
    let days = p.days();
    let series = days.len() > 1;
    let t = db.now();
    let mut first: Option<i64> = None;
    for day in days {
        let slot = Slot {
            series_id: if series { first } else { None },
            register_for: if series {
                p.register_for.slug()
            } else {
                "session"
            },
            branch_id,
            room_id: p.venue.room(),
            address,
            starts_at: zone.to_utc(day, p.starts),
            ends_at: zone.to_utc(day, p.ends),
            status: if p.publish { "published" } else { "draft" },
            created_by: by,
            at: t,
        };
        let id = repo::insert_program(&mut tx, p, &slot).await?;
        if first.is_none() {
            first = Some(id);
            if series {
                repo::start_series(&mut tx, id).await?;
            }
        }
        for partner in &p.presenters {
            repo::add_presenter(&mut tx, id, *partner).await?;
        }
    }
    let first = first.ok_or_else(|| AppError::field("day", "Choose the program's date."))?;
    commit(tx).await?;
    Ok(first)
}

/// Publishes a draft (every draft session of its series), if nothing is double-booked.
pub async fn publish(db: &Db, id: i64, zone: Zone) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    repo::take_schedule(&mut tx).await?;
    let drafts = repo::drafts(&mut tx, id).await?;
    if drafts.is_empty() {
        return Err(AppError::Conflict("Only a draft can be published.".into()));
    }
    for d in &drafts {
        let partners = repo::presenter_ids(&mut tx, d.id).await?;
        let span = padded(d.starts_at, d.ends_at, d.setup_minutes, d.teardown_minutes);
        let except = Some(d.series_id.unwrap_or(d.id));
        if let Some(c) = conflict(&mut tx, d.room_id, &partners, span, except, zone).await? {
            return Err(AppError::DoubleBooked(c));
        }
    }
    repo::publish_drafts(&mut tx, id, db.now()).await?;
    commit(tx).await?;
    Ok(())
}
