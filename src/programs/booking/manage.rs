//! The manage link: a patron sees, shrinks or cancels a registration without an account,
//! until the program starts. Freed seats go to the waitlist in order.

use super::model::{party_size, ManageView, RegState};
use super::repo::{self, Live, Locked};
use super::service::{locked, refill, release, token_hash};
use crate::error::{AppError, FieldErrors};
use crate::programs::calendar::service::{card, row};
use crate::programs::letters::model as letters;
use crate::programs::letters::service::{about, queue, Site};
use crate::server::db::{commit, Db, Tx};
use crate::vocab::Vocab;

/// Refuses a patron's change once the program has started.
fn not_started(p: &Locked, now: i64) -> Result<(), AppError> {
    if p.starts_at <= now {
        return Err(AppError::Conflict(
            "This program has already started, so the registration can no longer be changed here. Please contact the library.".into(),
        ));
    }
    Ok(())
}

/// Locks the program a patron's registration is on, refuses once it has started, and reads
/// the registration as it stands under the lock.
async fn lock_for_change(
    tx: &mut Tx,
    program: i64,
    registration: i64,
    now: i64,
) -> Result<Live, AppError> {
    not_started(&locked(tx, program).await?, now)?;
    repo::live(tx, registration).await
}

/// The registration a manage link opens.
async fn by_token(db: &Db, token: &str) -> Result<repo::Found, AppError> {
    repo::by_token_hash(db, &token_hash(token.trim()))
        .await?
        .ok_or_else(|| AppError::NotFound("That registration".into()))
}

/// What the manage link shows.
pub async fn manage(
    db: &Db,
    token: &str,
    zone: crate::server::zone::Zone,
) -> Result<ManageView, AppError> {
    let f = by_token(db, token).await?;
    let r = row(db, f.program_id).await?;
    let past = r.starts_at <= db.now();
    let party_limit = r.party_limit;
    let program = card(db, r, zone).await?;
    let state = RegState::from_slug(&f.state).unwrap_or(RegState::Cancelled);
    let position = match (state, f.waitlist_seq) {
        (RegState::Waiting, Some(seq)) => Some(repo::position(&db.pool, f.program_id, seq).await?),
        _ => None,
    };
    Ok(ManageView {
        program,
        name: f.name,
        email: f.email,
        party_size: f.party_size,
        party_limit,
        needs: f.needs,
        state,
        position,
        past,
    })
}

/// Cancels a registration through its manage link; freed seats go to the waitlist.
pub async fn cancel(db: &Db, site: &Site<'_>, token: &str) -> Result<(), AppError> {
    let f = by_token(db, token).await?;
    let head = row(db, f.program_id).await?;
    let mut tx = db.begin().await?;
    let live = lock_for_change(&mut tx, f.program_id, f.id, site.clock.now()).await?;
    if live.state == "cancelled" {
        return Ok(());
    }
    repo::cancel(&mut tx, f.id, db.now()).await?;
    release(&mut tx, f.program_id, &live.state, live.party_size).await?;
    refill(&mut tx, site, &head, f.program_id, &head.status).await?;
    // The party is told it worked, in the same transaction (so once).
    let (when, place, no_links) = (head.when(site.zone), head.place(), Default::default());
    let facts = about(
        site,
        &head,
        (&f.name, live.party_size),
        &no_links,
        &when,
        &place,
    );
    let letter = letters::registration_cancelled(&facts);
    queue(&mut tx, &site.clock, &f.email, &f.name, letter, None).await?;
    commit(tx).await?;
    Ok(())
}

/// Lowers a party's size through its manage link; freed seats go to the waitlist.
pub async fn change_party(
    db: &Db,
    site: &Site<'_>,
    token: &str,
    value: &str,
) -> Result<(), AppError> {
    let f = by_token(db, token).await?;
    let head = row(db, f.program_id).await?;
    let mut e = FieldErrors::default();
    let Some(size) = party_size(&mut e, value, head.party_limit) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = db.begin().await?;
    let live = lock_for_change(&mut tx, f.program_id, f.id, site.clock.now()).await?;
    if live.state == "cancelled" {
        return Err(AppError::Conflict("This registration is cancelled.".into()));
    }
    let party = live.party_size;
    if size > party {
        return Err(AppError::field(
            "party_size",
            format!("You can lower the party size here; to add people, please register them separately (now {party})."),
        ));
    }
    if size == party {
        return Ok(());
    }
    repo::set_party_size(&mut tx, f.id, size, db.now()).await?;
    release(&mut tx, f.program_id, &live.state, party - size).await?;
    refill(&mut tx, site, &head, f.program_id, &head.status).await?;
    commit(tx).await?;
    Ok(())
}
