//! Booking as patrons do it: register (or join the waitlist) within the per-client limit, and
//! have the link sent again within the per-address cap; and the seat rules every change shares:
//! lock the program's row first, give seats back, refill from the waitlist in order.

use super::model::{
    already_registered, promotions, withheld_because, Booked, RegState, RegisterForm,
    TOO_MANY_BOOKINGS,
};
use super::repo::{self, Locked, Place};
use crate::error::{AppError, FieldErrors};
use crate::mail::model::Attachment;
use crate::programs::calendar::repo::Row;
use crate::programs::calendar::service::{booking_head, card};
use crate::programs::letters::model as letters;
use crate::programs::letters::service::{about, attachment, email, queue, Site};
use crate::server::db::{commit, Db, Tx};
use crate::server::state::{random_hex, SecretKey};

/// What is stored of a manage token: its hash, so a stolen database opens no registration.
pub(super) fn token_hash(token: &str) -> String {
    use sha2::Digest;
    crate::server::state::hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// Locks a program's row: the first write of every registration change.
pub(super) async fn locked(tx: &mut Tx, program: i64) -> Result<Locked, AppError> {
    repo::lock(tx, program)
        .await?
        .ok_or_else(|| AppError::NotFound("That program".into()))
}

/// Refuses a registration unless the program is published, takes registrations and has not
/// started.
fn open_for_registration(p: &Locked, now: i64) -> Result<(), AppError> {
    match p.status.as_str() {
        "published" => {}
        "cancelled" => return Err(AppError::Conflict("This program was cancelled.".into())),
        _ => return Err(AppError::NotFound("That program".into())),
    }
    if p.registration == "none" {
        return Err(AppError::Conflict(
            "This program needs no registration: just come along.".into(),
        ));
    }
    if p.starts_at <= now {
        return Err(AppError::Conflict(
            "This program has already started; registration is closed.".into(),
        ));
    }
    Ok(())
}

/// Gives a registration's seats back: only a confirmed party holds any.
pub(super) async fn release(
    tx: &mut Tx,
    program: i64,
    state: &str,
    seats: i64,
) -> Result<(), AppError> {
    if state == "confirmed" {
        repo::release_seats(tx, program, seats).await?;
    }
    Ok(())
}

/// Offers a published program's free seats to its waitlist (see [`promote`]).
pub(super) async fn refill(
    tx: &mut Tx,
    site: &Site<'_>,
    head: &Row,
    program: i64,
    status: &str,
) -> Result<(), AppError> {
    if status == "published" {
        promote(tx, site, head, program).await?;
    }
    Ok(())
}

/// Promotes from the waitlist, in order, every party that fits the free seats; mails each.
async fn promote(
    tx: &mut Tx,
    site: &Site<'_>,
    head: &Row,
    program: i64,
) -> Result<usize, AppError> {
    let seats = repo::seats(tx, program).await?;
    let waiting = repo::waiting(tx, program).await?;
    let chosen = promotions(
        seats.capacity - seats.seats_taken,
        &waiting
            .iter()
            .map(|w| (w.id, w.to.party_size))
            .collect::<Vec<_>>(),
    );
    let when = head.when(site.zone);
    let place = head.place();
    let cal = if chosen.is_empty() {
        None
    } else {
        Some(attachment(&mut **tx, site, head).await?)
    };
    for w in waiting.iter().filter(|w| chosen.contains(&w.id)) {
        let to = &w.to;
        repo::confirm(tx, w.id, site.clock.now()).await?;
        repo::take_seats(tx, program, to.party_size).await?;
        let links = site.urls(&site.token(&to.token_nonce), program);
        let facts = about(site, head, (&to.name, to.party_size), &links, &when, &place);
        let letter = letters::promoted(&facts);
        queue(tx, &site.clock, &to.email, &to.name, letter, cal.clone()).await?;
    }
    Ok(chosen.len())
}

/// Registers a party for a program (for a series booked as one, for its first session). An
/// address already registered gets its link again, and the answer says only that it may be.
pub async fn register(
    db: &Db,
    site: &Site<'_>,
    program: i64,
    form: &RegisterForm,
    client: Option<&str>,
) -> Result<Booked, AppError> {
    match register_new(db, site, program, form, client).await {
        Err(e) if e == already_registered() => {
            resend(db, site, program, &form.email).await?;
            Err(e)
        }
        other => other,
    }
}

async fn register_new(
    db: &Db,
    site: &Site<'_>,
    program: i64,
    form: &RegisterForm,
    client: Option<&str>,
) -> Result<Booked, AppError> {
    let head = booking_head(db, program).await?;
    let booking = head.id;
    let reg = form.parse(head.party_limit)?;
    let card = card(db, head.clone(), site.zone).await?;
    let cal = attachment(&db.pool, site, &head).await?;
    let mut tx = db.begin().await?;
    let p = locked(&mut tx, booking).await?;
    open_for_registration(&p, site.clock.now())?;
    if reg.party_size > p.party_limit {
        return Err(AppError::field(
            "party_size",
            format!(
                "At most {} people per registration for this program.",
                p.party_limit
            ),
        ));
    }
    if reg.party_size > p.capacity {
        return Err(AppError::field(
            "party_size",
            format!("The program has {} seats in all.", p.capacity),
        ));
    }
    if repo::live_by_email(&mut tx, booking, &reg.email)
        .await?
        .is_some()
    {
        return Err(already_registered());
    }
    let nonce = random_hex(16);
    let token = site.token(&nonce);
    let (state, seq) = if p.seats_taken + reg.party_size <= p.capacity {
        repo::take_seats(&mut tx, booking, reg.party_size).await?;
        (RegState::Confirmed, None)
    } else {
        let seq = repo::next_on_waitlist(&mut tx, booking).await?;
        (RegState::Waiting, Some(seq))
    };
    let place = Place {
        state,
        waitlist_seq: seq,
        nonce: &nonce,
        token_hash: &token_hash(&token),
    };
    repo::insert(&mut tx, site.clock.now(), booking, &reg, &place, client).await?;
    let position = match seq {
        Some(s) => Some(repo::position(&mut *tx, booking, s).await?),
        None => None,
    };
    let links = site.urls(&token, booking);
    let facts = about(
        site,
        &head,
        (&reg.name, reg.party_size),
        &links,
        &card.when,
        &card.place,
    );
    let letter = letters::registered(&facts, state, position);
    queue(
        &mut tx,
        &site.clock,
        &reg.email,
        &reg.name,
        letter,
        Some(cal),
    )
    .await?;
    commit(tx).await?;
    Ok(Booked {
        state,
        position,
        token,
    })
}

/// Counts a patron's booking action (register, resend, cancel, change) against the client
/// address's hourly share, on every app server together.
pub async fn within_client_limit(
    db: &Db,
    key: &SecretKey,
    addr: &str,
    per_hour: i64,
) -> Result<(), AppError> {
    let bucket = format!("booking:{}", key.hash(addr));
    crate::server::rate::take(db, &bucket, per_hour, 3600, TOO_MANY_BOOKINGS).await
}

/// The answer a bot that filled the honeypot gets: it looks like a booking and is none.
pub fn decoy() -> Booked {
    Booked {
        state: RegState::Confirmed,
        position: None,
        token: random_hex(32),
    }
}

/// What a resent link is about, in the outbox: the topic the daily cap per address counts.
const LINK_TOPIC: &str = "registration link";

/// Queues a registration link, or keeps it back once the address had its day's share: a
/// stranger cannot make the library mail someone without end.
async fn queue_link(
    tx: &mut Tx,
    site: &Site<'_>,
    to: &str,
    name: &str,
    letter: (String, String),
    attachment: Option<Attachment>,
) -> Result<(), AppError> {
    crate::server::rate::serialize(tx, &format!("mail-to:{to}")).await?;
    let since = site.clock.now() - 86_400;
    let sent = crate::mail::repo::sent_to_since(tx, to, LINK_TOPIC, since).await?;
    let e = email(to, name, letter, LINK_TOPIC, attachment);
    match withheld_because(sent, site.links_per_day) {
        Some(reason) => {
            tracing::warn!("a registration link was withheld (daily cap per address)");
            crate::mail::repo::withhold(tx, &site.clock, &e, &reason).await?;
        }
        None => {
            crate::mail::repo::enqueue(tx, &site.clock, &e).await?;
        }
    }
    Ok(())
}

/// Mails the manage link again to an address registered for the program. Says nothing about
/// whether the address is registered, so the form tells no one who is coming.
pub async fn resend(db: &Db, site: &Site<'_>, program: i64, email: &str) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    let Some(email) = crate::validate::email(&mut e, "address", email, true) else {
        return Err(AppError::Invalid(e));
    };
    let head = booking_head(db, program).await?;
    let booking = head.id;
    let card = card(db, head.clone(), site.zone).await?;
    if let Some(to) = repo::registered(db, booking, &email).await? {
        let links = site.urls(&site.token(&to.token_nonce), booking);
        let cal = attachment(&db.pool, site, &head).await?;
        let mut tx = db.begin().await?;
        let facts = about(
            site,
            &head,
            (&to.name, to.party_size),
            &links,
            &card.when,
            &card.place,
        );
        let letter = letters::link_again(&facts);
        queue_link(&mut tx, site, &email, &to.name, letter, Some(cal)).await?;
        commit(tx).await?;
    }
    Ok(())
}
