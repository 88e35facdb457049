//! Letters on their way: what the library and its links are (`Site`), a letter put in the
//! outbox in the action's own transaction (with the booking's `.ics` when it confirms a
//! place), and the reminder jobs.

use super::model::{self as letters, About};
use super::repo::{self, Addressee};
use crate::error::AppError;
use crate::mail::model::{Attachment, Email};
use crate::programs::calendar::repo::Row;
use crate::programs::calendar::service::{booked_sessions, row};
use crate::server::clock::Clock;
use crate::server::db::{commit, Db, Tx};
use crate::server::state::SecretKey;
use crate::server::zone::Zone;

/// What the letters and links need to know about the library.
pub struct Site<'a> {
    pub library: String,
    pub base_url: String,
    pub key: &'a SecretKey,
    pub zone: Zone,
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

    /// The manage link's token for a registration's nonce.
    pub fn token(&self, nonce: &str) -> String {
        self.key.hash(&format!("manage registration {nonce}"))
    }

    /// The manage link for a token, and the `.ics` link of the program holding the booking.
    pub fn urls(&self, token: &str, program: i64) -> (String, String) {
        (
            format!("{}/programs/manage/{token}", self.base_url),
            format!("{}/programs/{program}/ics", self.base_url),
        )
    }
}

/// The facts of a letter to `name`'s party of `party` about `r`, at `when` in `place`, with
/// its links (manage, `.ics`).
pub fn about<'a>(
    site: &'a Site,
    r: &'a Row,
    (name, party): (&'a str, i64),
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

/// A letter to a registered party, about `topic`.
pub fn email(
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

/// Puts a letter about a registration in the outbox, in the caller's transaction.
pub async fn queue(
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
pub async fn attachment<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    site: &Site<'_>,
    head: &Row,
) -> Result<Attachment, AppError> {
    let sessions = booked_sessions(conn, head).await?;
    Ok(Attachment {
        filename: format!("program-{}.ics", head.id),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        body: crate::programs::calendar::ics::calendar_text(
            &sessions,
            &site.base_url,
            &site.library,
            site.clock.now(),
        ),
    })
}

/// The reminder before `session` to a party whose registration sits on `booking`.
fn reminder(site: &Site<'_>, session: &Row, to: &Addressee, booking: i64) -> (String, String) {
    let when = session.when(site.zone);
    let place = session.place();
    let links = site.urls(&site.token(&to.token_nonce), booking);
    letters::reminder(&about(
        site,
        session,
        (&to.name, to.party_size),
        &links,
        &when,
        &place,
    ))
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
    let mut sent = 0;
    for due in repo::due_reminders(db, t, t + lead_seconds).await? {
        let head = row(db, due.program_id).await?;
        let mut tx = db.begin().await?;
        if let Some(to) = repo::claim_reminder(&mut tx, due.id, t).await? {
            let letter = reminder(site, &head, &to, due.program_id);
            let cal = attachment(&mut *tx, site, &head).await?;
            queue(&mut tx, &site.clock, &to.email, &to.name, letter, Some(cal)).await?;
            sent += 1;
        }
        commit(tx).await?;
    }
    Ok(sent + send_session_reminders(db, site, lead_seconds).await?)
}

/// Reminders before the later sessions of a series booked as one, to every party confirmed on
/// its first session; the insert that claims each one makes it go once.
async fn send_session_reminders(
    db: &Db,
    site: &Site<'_>,
    lead_seconds: i64,
) -> Result<usize, AppError> {
    let t = db.now();
    let mut sent = 0;
    for due in repo::due_session_reminders(db, t, t + lead_seconds).await? {
        let head = row(db, due.session_id).await?;
        let mut tx = db.begin().await?;
        let claimed =
            repo::claim_session_reminder(&mut tx, due.registration_id, due.session_id, t).await?;
        let who = repo::confirmed_party(&mut tx, due.registration_id).await?;
        if let (true, Some(to)) = (claimed, who) {
            let letter = reminder(site, &head, &to, due.booking_id);
            queue(&mut tx, &site.clock, &to.email, &to.name, letter, None).await?;
            sent += 1;
        }
        commit(tx).await?;
    }
    Ok(sent)
}
