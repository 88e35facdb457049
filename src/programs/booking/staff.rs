//! Booking as staff handle it: a program's roster (with bursts to look at), check-in at the
//! door, a new capacity, cancelling a burst's registrations quietly, and cancelling a program
//! with a letter to everyone booked.

use super::bursts::{bursts, Booking};
use super::model::{Attendance, RegState, Roster, RosterEntry};
use super::repo;
use super::service::{locked, refill, release};
use crate::error::AppError;
use crate::programs::calendar::service::{booking_head, detail, row};
use crate::programs::letters::model as letters;
use crate::programs::letters::service::{about, queue, Site};
use crate::programs::model::RegisterFor;
use crate::server::db::{commit, Db};
use crate::server::zone::Zone;
use crate::vocab::Vocab;

/// Cancels registrations staff picked out of a burst, in one transaction, without a letter to
/// them (the addresses may be invented, or a stranger's); freed seats go to the waitlist, whose
/// promoted parties are told as usual. Returns how many were cancelled (ones already cancelled,
/// or of another program, are left alone).
pub async fn cancel_quietly(
    db: &Db,
    site: &Site<'_>,
    program: i64,
    ids: &[i64],
) -> Result<usize, AppError> {
    let head = booking_head(db, program).await?;
    let booking = head.id;
    let mut tx = db.begin().await?;
    locked(&mut tx, booking).await?;
    let mut cancelled = 0;
    for id in ids {
        // Every change to this program's registrations holds its lock: this read stays true.
        let Some(live) = repo::live_in(&mut tx, *id, booking).await? else {
            continue;
        };
        repo::cancel(&mut tx, *id, site.clock.now()).await?;
        cancelled += 1;
        release(&mut tx, booking, &live.state, live.party_size).await?;
    }
    if cancelled == 0 {
        // Nothing changed: the transaction is dropped (rolled back), so no cache is emptied.
        return Ok(0);
    }
    refill(&mut tx, site, &head, booking, &head.status).await?;
    commit(tx).await?;
    Ok(cancelled)
}

/// Changes a program's capacity (never below the seats taken); more seats promote the waitlist.
pub async fn set_capacity(
    db: &Db,
    site: &Site<'_>,
    program: i64,
    capacity: i64,
) -> Result<(), AppError> {
    let head = row(db, program).await?;
    let mut tx = db.begin().await?;
    let p = locked(&mut tx, program).await?;
    if capacity < p.seats_taken {
        return Err(AppError::field(
            "capacity",
            format!(
                "{} seats are taken; the capacity cannot go below that.",
                p.seats_taken
            ),
        ));
    }
    repo::set_capacity(&mut tx, program, capacity).await?;
    refill(&mut tx, site, &head, program, &p.status).await?;
    commit(tx).await?;
    Ok(())
}

/// Cancels a program; everyone registered or waiting is told.
///
/// In a series booked as one, the registrations sit on the first session and cover them all:
/// cancelling any one session tells every registered party that this session is off and their
/// booking stands; only once every session is cancelled are they told the program is.
pub async fn cancel_program(
    db: &Db,
    site: &Site<'_>,
    program: i64,
    note: Option<&str>,
) -> Result<usize, AppError> {
    let head = row(db, program).await?;
    let booking = head.booking_id();
    let series_booking = head.register_for() == RegisterFor::Series && head.series_id.is_some();
    let mut tx = db.begin().await?;
    let p = locked(&mut tx, program).await?;
    if p.status == "cancelled" {
        return Ok(0);
    }
    if booking != program {
        // Registrations change under the booking's lock, as everywhere else.
        locked(&mut tx, booking).await?;
    }
    repo::cancel_program(&mut tx, program, site.clock.now()).await?;
    let sessions_left = if series_booking {
        repo::sessions_left(&mut tx, booking).await?
    } else {
        0
    };
    let people = repo::live_parties(&mut tx, booking).await?;
    let when = head.when(site.zone);
    let place = head.place();
    let none = (String::new(), String::new());
    for to in &people {
        let party = (to.name.as_str(), to.party_size);
        let letter = if sessions_left > 0 {
            let links = site.urls(&site.token(&to.token_nonce), booking);
            letters::session_cancelled(&about(site, &head, party, &links, &when, &place), note)
        } else {
            letters::program_cancelled(&about(site, &head, party, &none, &when, &place), note)
        };
        queue(&mut tx, &site.clock, &to.email, &to.name, letter, None).await?;
    }
    commit(tx).await?;
    Ok(people.len())
}

/// Marks who came (or clears the mark); the registration's program.
pub async fn mark(db: &Db, registration: i64, a: Option<Attendance>) -> Result<i64, AppError> {
    repo::mark(db, registration, a).await?.ok_or_else(|| {
        AppError::Conflict("Only a confirmed registration can be checked in.".into())
    })
}

/// A program's roster: confirmed first, then the waitlist in order, then cancellations.
pub async fn roster(db: &Db, program: i64, zone: Zone) -> Result<Roster, AppError> {
    let detail = detail(db, program, zone, true).await?;
    let rows = repo::roster(db, detail.booking_id).await?;
    let mut position = 0;
    // The live registrations, as the burst rule reads them.
    let mut live = Vec::new();
    let entries: Vec<RosterEntry> = rows
        .into_iter()
        .map(|r| {
            let state = RegState::from_slug(&r.state).unwrap_or(RegState::Cancelled);
            let pos = (state == RegState::Waiting).then(|| {
                position += 1;
                position
            });
            if state != RegState::Cancelled {
                live.push(Booking {
                    id: r.id,
                    client: r.client_key,
                    email: r.email.clone(),
                    at: r.created_at,
                });
            }
            RosterEntry {
                id: r.id,
                name: r.name,
                email: r.email,
                party_size: r.party_size,
                needs: r.needs,
                state,
                position: pos,
                attendance: r.attendance.as_deref().and_then(Attendance::from_slug),
                registered_at: r.created_at,
            }
        })
        .collect();
    let confirmed_people = entries
        .iter()
        .filter(|e| e.state == RegState::Confirmed)
        .map(|e| e.party_size)
        .sum();
    let attended_people = entries
        .iter()
        .filter(|e| e.attendance == Some(Attendance::Attended))
        .map(|e| e.party_size)
        .sum();
    let polls = repo::feedback_polls(db, program)
        .await?
        .into_iter()
        .map(|p| (p.id, p.question))
        .collect();
    Ok(Roster {
        bursts: bursts(&live),
        polls,
        program: detail,
        entries,
        confirmed_people,
        attended_people,
    })
}
