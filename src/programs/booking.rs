//! Registrations in the database. Every change first updates the program's row (the session
//! that holds the seats), which locks it: on PostgreSQL other registrations for the program
//! wait for the row, on SQLite for the write lock. Seats are then counted and claimed in the
//! same transaction, so no seat is given twice and the waitlist has no gaps.

use super::letters::{self, About};
use super::model::{promotions, Attendance, NewRegistration, RegState, RegisterFor, RegisterForm};
use super::records::{Booked, ManageView, Roster, RosterEntry};
use super::repo::{booked_sessions, cards, detail, row, Row};
use crate::error::AppError;
use crate::mail::model::{Attachment, Email};
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::server::db::{Refusals, Violation};
use crate::server::state::{random_hex, SecretKey};
use crate::vocab::Vocab;

/// What the letters and links need to know about the library.
pub struct Site<'a> {
    pub library: String,
    pub base_url: String,
    pub key: &'a SecretKey,
    pub zone: crate::server::zone::Zone,
    pub clock: Clock,
    /// Registration links one address may be sent in 24 hours.
    pub links_per_day: i64,
}

impl Site<'_> {
    /// The library as this server is configured.
    pub fn of(st: &crate::server::state::AppState) -> Site<'_> {
        Site {
            library: st.config.library_name.clone(),
            base_url: st.config.base_url(),
            key: &st.key,
            zone: st.zone,
            clock: st.clock.clone(),
            links_per_day: st.config.links_per_day,
        }
    }

    fn token(&self, nonce: &str) -> String {
        self.key.hash(&format!("manage registration {nonce}"))
    }
}

fn token_hash(token: &str) -> String {
    use sha2::Digest;
    crate::server::state::hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// The locked program: the first write of every registration change.
#[derive(sqlx::FromRow)]
struct Locked {
    status: String,
    registration: String,
    capacity: i64,
    seats_taken: i64,
    party_limit: i64,
    starts_at: i64,
}

/// Refuses a patron's change once the program has started.
fn not_started(p: &Locked, now: i64) -> Result<(), AppError> {
    if p.starts_at <= now {
        return Err(AppError::Conflict(
            "This program has already started, so the registration can no longer be changed here. Please contact the library.".into(),
        ));
    }
    Ok(())
}

async fn lock(tx: &mut Tx, program: i64) -> Result<Locked, AppError> {
    sqlx::query_as::<_, Locked>(
        "update programs set updated_at = updated_at where id = $1 \
         returning status, registration, capacity, seats_taken, party_limit, starts_at",
    )
    .bind(program)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::NotFound("That program".into()))
}

/// A letter to a registered party, about `topic`.
fn email(
    to: &str,
    name: &str,
    (subject, body): (String, String),
    topic: &str,
    attachment: Option<Attachment>,
) -> Email {
    Email {
        to_address: to.into(),
        to_name: Some(name.into()),
        subject,
        body,
        topic: topic.into(),
        attachment,
    }
}

async fn queue(
    tx: &mut Tx,
    clock: &Clock,
    to: &str,
    name: &str,
    letter: (String, String),
    attachment: Option<Attachment>,
) -> Result<(), AppError> {
    let e = email(to, name, letter, "registration", attachment);
    crate::mail::repo::enqueue(tx, clock, &e).await?;
    Ok(())
}

/// The booking as an `.ics` file, attached to the letters that confirm a place: the program,
/// or every session of a series booked as one.
async fn ics<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site: &Site<'_>,
    head: &Row,
) -> Result<Attachment, AppError> {
    let sessions = booked_sessions(conn, head).await?;
    Ok(Attachment {
        filename: format!("program-{}.ics", head.id),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        body: super::ics::calendar_text(
            &sessions,
            site.zone,
            &site.base_url,
            &site.library,
            site.clock.now(),
        ),
    })
}

fn about<'a>(
    site: &'a Site,
    r: &'a Row,
    name: &'a str,
    party: i64,
    urls: &'a (String, String),
    when: &'a str,
    place: &'a str,
) -> About<'a> {
    About {
        library: &site.library,
        name,
        title: &r.title,
        when,
        place,
        party_size: party,
        manage_url: &urls.0,
        ics_url: &urls.1,
    }
}

fn urls(site: &Site, token: &str, program: i64) -> (String, String) {
    (
        format!("{}/programs/manage/{token}", site.base_url),
        format!("{}/programs/{program}/ics", site.base_url),
    )
}

async fn position(tx: &mut Tx, program: i64, seq: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "select count(*) from registrations where program_id = $1 and state = 'waiting' and waitlist_seq <= $2",
    )
    .bind(program)
    .bind(seq)
    .fetch_one(&mut **tx)
    .await?)
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
    let r = row(db, program).await?;
    let booking = r.booking_id();
    let head = if booking == r.id {
        r
    } else {
        row(db, booking).await?
    };
    let reg = form.parse(head.party_limit)?;
    let card = cards(db, vec![head.clone()], site.zone).await?.remove(0);
    let cal = ics(&db.pool, site, &head).await?;
    let mut tx = db.begin().await?;
    let p = lock(&mut tx, booking).await?;
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
    let existing: Option<i64> = sqlx::query_scalar(
        "select id from registrations where program_id = $1 and email = $2 and state <> 'cancelled'",
    )
    .bind(booking)
    .bind(&reg.email)
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        return Err(already_registered());
    }
    let nonce = random_hex(16);
    let token = site.token(&nonce);
    let (state, seq) = if p.seats_taken + reg.party_size <= p.capacity {
        sqlx::query("update programs set seats_taken = seats_taken + $2 where id = $1")
            .bind(booking)
            .bind(reg.party_size)
            .execute(&mut *tx)
            .await?;
        (RegState::Confirmed, None)
    } else {
        let seq: i64 = sqlx::query_scalar(
            "update programs set waitlist_next = waitlist_next + 1 where id = $1 returning waitlist_next",
        )
        .bind(booking)
        .fetch_one(&mut *tx)
        .await?;
        (RegState::Waiting, Some(seq))
    };
    insert(
        &mut tx,
        site.clock.now(),
        booking,
        &reg,
        (state, seq),
        (&nonce, &token),
        client,
    )
    .await?;
    let position = match seq {
        Some(s) => Some(position(&mut tx, booking, s).await?),
        None => None,
    };
    let links = urls(site, &token, booking);
    let letter = letters::registered(
        &about(
            site,
            &head,
            &reg.name,
            reg.party_size,
            &links,
            &card.when,
            &card.place,
        ),
        state,
        position,
    );
    queue(
        &mut tx,
        &site.clock,
        &reg.email,
        &reg.name,
        letter,
        Some(cal),
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(Booked {
        state,
        position,
        token,
    })
}

/// Stores a registration in its place: `(state, waitlist number)`, with its manage link's
/// nonce and token.
async fn insert(
    tx: &mut Tx,
    t: i64,
    program: i64,
    reg: &NewRegistration,
    (state, seq): (RegState, Option<i64>),
    (nonce, token): (&str, &str),
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
    .bind(state.slug())
    .bind(seq)
    .bind(nonce)
    .bind(token_hash(token))
    .bind(t)
    .bind(client)
    .execute(&mut **tx)
    .await;
    r.refused_as([(Violation::Unique, already_registered())])?;
    Ok(())
}

/// The answer to a registration whose address is already booked. It says no more than the
/// "send my link again" form does, so it tells a stranger nothing about who is coming; the
/// address's owner gets the link (within the daily cap).
pub const MAYBE_REGISTERED: &str = "If this address is already registered for this program, we have e-mailed its registration link to it again. To register someone else, use their own e-mail address.";

fn already_registered() -> AppError {
    AppError::field("email", MAYBE_REGISTERED)
}

/// The answer once one client address has made its hour's share of booking changes.
pub const TOO_MANY_BOOKINGS: &str = "Many registrations and changes came from this connection in the last hour. Please try again later, or call the library and we will book you in.";

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

/// Why a link is kept back, when an address was already sent `sent` links today and may be
/// sent `cap`; `None` while it may have another.
pub fn withheld_because(sent: i64, cap: i64) -> Option<String> {
    (sent >= cap).then(|| {
        format!(
            "This address had already been sent {sent} registration links in the last 24 hours, \
             the most one address is sent in a day. Someone may have asked for links that are not theirs."
        )
    })
}

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

/// Mails the manage link again to an address registered for the program. Says nothing about
/// whether the address is registered, so the form tells no one who is coming.
pub async fn resend(db: &Db, site: &Site<'_>, program: i64, email: &str) -> Result<(), AppError> {
    let mut e = crate::error::FieldErrors::default();
    let Some(email) = crate::validate::email(&mut e, "address", email, true) else {
        return Err(AppError::Invalid(e));
    };
    let r = row(db, program).await?;
    let booking = r.booking_id();
    let head = if booking == r.id {
        r
    } else {
        row(db, booking).await?
    };
    let card = cards(db, vec![head.clone()], site.zone).await?.remove(0);
    let found: Option<(String, i64, String)> = sqlx::query_as(
        "select name, party_size, token_nonce from registrations where program_id = $1 and email = $2 and state <> 'cancelled'",
    )
    .bind(booking)
    .bind(&email)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((name, party, nonce)) = found {
        let links = urls(site, &site.token(&nonce), booking);
        let cal = ics(&db.pool, site, &head).await?;
        let mut tx = db.begin().await?;
        let letter = letters::link_again(&about(
            site,
            &head,
            &name,
            party,
            &links,
            &card.when,
            &card.place,
        ));
        queue_link(&mut tx, site, &email, &name, letter, Some(cal)).await?;
        crate::server::db::commit(tx).await?;
    }
    Ok(())
}

/// A registration as its manage link finds it.
#[derive(sqlx::FromRow)]
struct Found {
    id: i64,
    program_id: i64,
    name: String,
    email: String,
    party_size: i64,
    needs: Option<String>,
    state: String,
    waitlist_seq: Option<i64>,
}

async fn by_token(db: &Db, token: &str) -> Result<Found, AppError> {
    sqlx::query_as::<_, Found>(
        "select id, program_id, name, email, party_size, needs, state, waitlist_seq from registrations where token_hash = $1",
    )
    .bind(token_hash(token.trim()))
    .fetch_optional(&db.pool)
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
    let program = cards(db, vec![r], zone).await?.remove(0);
    let state = RegState::from_slug(&f.state).unwrap_or(RegState::Cancelled);
    let position = match (state, f.waitlist_seq) {
        (RegState::Waiting, Some(seq)) => Some(
            sqlx::query_scalar(
                "select count(*) from registrations where program_id = $1 and state = 'waiting' and waitlist_seq <= $2",
            )
            .bind(f.program_id)
            .bind(seq)
            .fetch_one(&db.pool)
            .await?,
        ),
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

/// Promotes from the waitlist, in order, every party that fits the free seats; mails each.
async fn promote(
    tx: &mut Tx,
    site: &Site<'_>,
    head: &Row,
    program: i64,
) -> Result<usize, AppError> {
    let (capacity, taken): (i64, i64) =
        sqlx::query_as("select capacity, seats_taken from programs where id = $1")
            .bind(program)
            .fetch_one(&mut **tx)
            .await?;
    let waiting: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "select id, party_size, name, email, token_nonce from registrations \
         where program_id = $1 and state = 'waiting' order by waitlist_seq, id",
    )
    .bind(program)
    .fetch_all(&mut **tx)
    .await?;
    let chosen = promotions(
        capacity - taken,
        &waiting.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>(),
    );
    let when = crate::when::when_words(
        site.zone.local(head.starts_at),
        site.zone.local(head.ends_at),
    );
    let place = head.card(Vec::new(), site.zone, None).place;
    let cal = if chosen.is_empty() {
        None
    } else {
        Some(ics(&mut **tx, site, head).await?)
    };
    for (id, party, name, email, nonce) in waiting.iter().filter(|w| chosen.contains(&w.0)) {
        sqlx::query("update registrations set state = 'confirmed', updated_at = $2 where id = $1 and state = 'waiting'")
            .bind(id)
            .bind(site.clock.now())
            .execute(&mut **tx)
            .await?;
        sqlx::query("update programs set seats_taken = seats_taken + $2 where id = $1")
            .bind(program)
            .bind(party)
            .execute(&mut **tx)
            .await?;
        let links = urls(site, &site.token(nonce), program);
        let letter = letters::promoted(&about(site, head, name, *party, &links, &when, &place));
        queue(tx, &site.clock, email, name, letter, cal.clone()).await?;
    }
    Ok(chosen.len())
}

/// Cancels a registration through its manage link; freed seats go to the waitlist.
pub async fn cancel(db: &Db, site: &Site<'_>, token: &str) -> Result<(), AppError> {
    let f = by_token(db, token).await?;
    let head = row(db, f.program_id).await?;
    let mut tx = db.begin().await?;
    not_started(&lock(&mut tx, f.program_id).await?, site.clock.now())?;
    let (state, party): (String, i64) =
        sqlx::query_as("select state, party_size from registrations where id = $1")
            .bind(f.id)
            .fetch_one(&mut *tx)
            .await?;
    if state == "cancelled" {
        return Ok(());
    }
    sqlx::query("update registrations set state = 'cancelled', updated_at = $2 where id = $1")
        .bind(f.id)
        .bind(db.now())
        .execute(&mut *tx)
        .await?;
    if state == "confirmed" {
        sqlx::query("update programs set seats_taken = seats_taken - $2 where id = $1")
            .bind(f.program_id)
            .bind(party)
            .execute(&mut *tx)
            .await?;
    }
    if head.status == "published" {
        promote(&mut tx, site, &head, f.program_id).await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}

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
    let head = row(db, program).await?;
    let booking = head.booking_id();
    let head = if booking == head.id {
        head
    } else {
        row(db, booking).await?
    };
    let mut tx = db.begin().await?;
    lock(&mut tx, booking).await?;
    let mut cancelled = 0;
    for id in ids {
        // Every change to this program's registrations holds its lock: this read stays true.
        let live: Option<(String, i64)> = sqlx::query_as(
            "select state, party_size from registrations \
             where id = $1 and program_id = $2 and state <> 'cancelled'",
        )
        .bind(id)
        .bind(booking)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((was, party)) = live else {
            continue;
        };
        sqlx::query("update registrations set state = 'cancelled', updated_at = $2 where id = $1")
            .bind(id)
            .bind(site.clock.now())
            .execute(&mut *tx)
            .await?;
        cancelled += 1;
        if was == "confirmed" {
            sqlx::query("update programs set seats_taken = seats_taken - $2 where id = $1")
                .bind(booking)
                .bind(party)
                .execute(&mut *tx)
                .await?;
        }
    }
    if cancelled == 0 {
        // Nothing changed: the transaction is dropped (rolled back), so no cache is emptied.
        return Ok(0);
    }
    if head.status == "published" {
        promote(&mut tx, site, &head, booking).await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(cancelled)
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
    let mut e = crate::error::FieldErrors::default();
    let Some(size) = super::model::party_size(&mut e, value, head.party_limit) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = db.begin().await?;
    not_started(&lock(&mut tx, f.program_id).await?, site.clock.now())?;
    let (state, party): (String, i64) =
        sqlx::query_as("select state, party_size from registrations where id = $1")
            .bind(f.id)
            .fetch_one(&mut *tx)
            .await?;
    if state == "cancelled" {
        return Err(AppError::Conflict("This registration is cancelled.".into()));
    }
    if size > party {
        return Err(AppError::field(
            "party_size",
            format!("You can lower the party size here; to add people, please register them separately (now {party})."),
        ));
    }
    if size == party {
        return Ok(());
    }
    sqlx::query("update registrations set party_size = $2, updated_at = $3 where id = $1")
        .bind(f.id)
        .bind(size)
        .bind(db.now())
        .execute(&mut *tx)
        .await?;
    if state == "confirmed" {
        sqlx::query("update programs set seats_taken = seats_taken - $2 where id = $1")
            .bind(f.program_id)
            .bind(party - size)
            .execute(&mut *tx)
            .await?;
    }
    if head.status == "published" {
        promote(&mut tx, site, &head, f.program_id).await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(())
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
    let p = lock(&mut tx, program).await?;
    if capacity < p.seats_taken {
        return Err(AppError::field(
            "capacity",
            format!(
                "{} seats are taken; the capacity cannot go below that.",
                p.seats_taken
            ),
        ));
    }
    sqlx::query("update programs set capacity = $2 where id = $1")
        .bind(program)
        .bind(capacity)
        .execute(&mut *tx)
        .await?;
    if p.status == "published" {
        promote(&mut tx, site, &head, program).await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Cancels a program; everyone registered or waiting is told.
///
/// In a series booked as one, the registrations sit on the first session and cover them all:
/// cancelling any one session tells every registered party that this session is off and their
/// booking stands; only once every session is cancelled are they told the program is.
pub async fn cancel_program(db: &Db, site: &Site<'_>, program: i64) -> Result<usize, AppError> {
    let head = row(db, program).await?;
    let booking = head.booking_id();
    let series_booking = head.register_for() == RegisterFor::Series && head.series_id.is_some();
    let mut tx = db.begin().await?;
    let p = lock(&mut tx, program).await?;
    if p.status == "cancelled" {
        return Ok(0);
    }
    if booking != program {
        // Registrations change under the booking's lock, as everywhere else.
        lock(&mut tx, booking).await?;
    }
    sqlx::query("update programs set status = 'cancelled', updated_at = $2 where id = $1")
        .bind(program)
        .bind(site.clock.now())
        .execute(&mut *tx)
        .await?;
    let sessions_left: i64 = if series_booking {
        sqlx::query_scalar(
            "select count(*) from programs where series_id = $1 and status <> 'cancelled'",
        )
        .bind(booking)
        .fetch_one(&mut *tx)
        .await?
    } else {
        0
    };
    let people: Vec<(String, String, i64, String)> = sqlx::query_as(
        "select name, email, party_size, token_nonce from registrations \
         where program_id = $1 and state <> 'cancelled' order by id",
    )
    .bind(booking)
    .fetch_all(&mut *tx)
    .await?;
    let when = crate::when::when_words(
        site.zone.local(head.starts_at),
        site.zone.local(head.ends_at),
    );
    let place = head.card(Vec::new(), site.zone, None).place;
    let none = (String::new(), String::new());
    for (name, email, party, nonce) in &people {
        let letter = if sessions_left > 0 {
            let links = urls(site, &site.token(nonce), booking);
            letters::session_cancelled(&about(site, &head, name, *party, &links, &when, &place))
        } else {
            letters::program_cancelled(&about(site, &head, name, *party, &none, &when, &place))
        };
        queue(&mut tx, &site.clock, email, name, letter, None).await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(people.len())
}

/// Marks who came (or clears the mark).
pub async fn mark(db: &Db, registration: i64, a: Option<Attendance>) -> Result<i64, AppError> {
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
    program.ok_or_else(|| {
        AppError::Conflict("Only a confirmed registration can be checked in.".into())
    })
}

/// A program's roster: confirmed first, then the waitlist in order, then cancellations.
pub async fn roster(
    db: &Db,
    program: i64,
    zone: crate::server::zone::Zone,
) -> Result<Roster, AppError> {
    let detail = detail(db, program, zone, true).await?;
    type R = (
        i64,
        String,
        String,
        i64,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<R> = sqlx::query_as(
        "select id, name, email, party_size, needs, state, client_key, attendance, created_at from registrations \
         where program_id = $1 order by case state when 'confirmed' then 0 when 'waiting' then 1 else 2 end, \
         waitlist_seq, lower(name), id",
    )
    .bind(detail.booking_id)
    .fetch_all(&db.pool)
    .await?;
    let mut position = 0;
    // The live registrations, as the burst rule reads them.
    let mut live = Vec::new();
    let entries: Vec<RosterEntry> = rows
        .into_iter()
        .map(
            |(id, name, email, party_size, needs, state, client, attendance, registered_at)| {
                let state = RegState::from_slug(&state).unwrap_or(RegState::Cancelled);
                let pos = (state == RegState::Waiting).then(|| {
                    position += 1;
                    position
                });
                if state != RegState::Cancelled {
                    live.push(super::bursts::Booking {
                        id,
                        client,
                        email: email.clone(),
                        at: registered_at,
                    });
                }
                RosterEntry {
                    id,
                    name,
                    email,
                    party_size,
                    needs,
                    state,
                    position: pos,
                    attendance: attendance.as_deref().and_then(Attendance::from_slug),
                    registered_at,
                }
            },
        )
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
    let polls: Vec<(i64, String)> = sqlx::query_as(
        "select id, question from polls where program_id = $1 order by opens_at desc, id desc",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?;
    Ok(Roster {
        bursts: super::bursts::bursts(&live),
        polls,
        program: detail,
        entries,
        confirmed_people,
        attended_people,
    })
}

/// Queues the reminders due: confirmed registrations of published programs starting within
/// `lead_seconds`, not yet reminded. The conditional write makes each reminder go once, even
/// with several app servers.
pub async fn send_reminders(
    db: &Db,
    site: &Site<'_>,
    lead_seconds: i64,
) -> Result<usize, AppError> {
    let t = db.now();
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "select g.id, g.program_id from registrations g join programs p on p.id = g.program_id \
         where g.state = 'confirmed' and g.reminded_at is null and p.status = 'published' \
         and p.starts_at > $1 and p.starts_at <= $2 order by p.starts_at, g.id limit 500",
    )
    .bind(t)
    .bind(t + lead_seconds)
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (id, program) in due {
        let head = row(db, program).await?;
        let mut tx = db.begin().await?;
        let claimed: Option<(String, String, i64, String)> = sqlx::query_as(
            "update registrations set reminded_at = $2 where id = $1 and reminded_at is null and state = 'confirmed' \
             returning name, email, party_size, token_nonce",
        )
        .bind(id)
        .bind(t)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((name, email, party, nonce)) = claimed {
            let letter = reminder(site, &head, (&name, party, &nonce), program);
            let cal = ics(&mut *tx, site, &head).await?;
            queue(&mut tx, &site.clock, &email, &name, letter, Some(cal)).await?;
            sent += 1;
        }
        crate::server::db::commit(tx).await?;
    }
    Ok(sent + send_session_reminders(db, site, lead_seconds).await?)
}

/// The reminder before `session` to a party (name, party size, manage-link nonce) whose
/// registration sits on `booking`.
fn reminder(
    site: &Site<'_>,
    session: &Row,
    (name, party, nonce): (&str, i64, &str),
    booking: i64,
) -> (String, String) {
    let when = crate::when::when_words(
        site.zone.local(session.starts_at),
        site.zone.local(session.ends_at),
    );
    let place = session.card(Vec::new(), site.zone, None).place;
    let links = urls(site, &site.token(nonce), booking);
    letters::reminder(&about(site, session, name, party, &links, &when, &place))
}

/// Reminders before the later sessions of a series booked as one, to every party confirmed on
/// its first session; the insert that claims each one makes it go once.
async fn send_session_reminders(
    db: &Db,
    site: &Site<'_>,
    lead_seconds: i64,
) -> Result<usize, AppError> {
    let t = db.now();
    let due: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select g.id, s.id, s.series_id from programs s \
         join programs f on f.id = s.series_id \
         join registrations g on g.program_id = f.id \
         where s.id <> s.series_id and f.register_for = 'series' and s.status = 'published' \
         and g.state = 'confirmed' and s.starts_at > $1 and s.starts_at <= $2 \
         and not exists (select 1 from session_reminders r where r.registration_id = g.id and r.program_id = s.id) \
         order by s.starts_at, g.id limit 500",
    )
    .bind(t)
    .bind(t + lead_seconds)
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (registration, session, booking) in due {
        let head = row(db, session).await?;
        let mut tx = db.begin().await?;
        let claimed = sqlx::query(
            "insert into session_reminders (registration_id, program_id, sent_at) values ($1, $2, $3) \
             on conflict do nothing",
        )
        .bind(registration)
        .bind(session)
        .bind(t)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let who: Option<(String, String, i64, String)> = sqlx::query_as(
            "select name, email, party_size, token_nonce from registrations where id = $1 and state = 'confirmed'",
        )
        .bind(registration)
        .fetch_optional(&mut *tx)
        .await?;
        if let (1, Some((name, email, party, nonce))) = (claimed, who) {
            let letter = reminder(site, &head, (&name, party, &nonce), booking);
            queue(&mut tx, &site.clock, &email, &name, letter, None).await?;
            sent += 1;
        }
        crate::server::db::commit(tx).await?;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::withheld_because;

    #[test]
    fn links_are_withheld_from_the_cap_on() {
        assert_eq!(withheld_because(0, 3), None);
        assert_eq!(withheld_because(2, 3), None);
        let reason = withheld_because(3, 3).expect("withheld at the cap");
        assert!(
            reason.contains("already been sent 3 registration links"),
            "{reason}"
        );
        assert!(withheld_because(9, 3).is_some());
        assert!(
            withheld_because(0, 0).is_some(),
            "a cap of 0 sends no links"
        );
    }
}
