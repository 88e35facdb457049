//! The outbox worker: takes due messages one at a time, sends each by SMTP (or logs it where
//! no SMTP server is configured), and on a failure queues it again after a growing wait.
//!
//! Several app servers may each run one: a message is claimed with a conditional write, so
//! only one of them tries it at a time. A message queued when a server stops stays queued and
//! is sent by the next worker that starts.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::{retry_delay, OutboxMessage, OutboxState};
use super::repo;
use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::state::Wake;

/// How long a worker holds a message it is sending.
const LEASE_SECONDS: i64 = 120;
/// How often a worker looks for messages other servers queued.
const POLL: Duration = Duration::from_secs(5);
/// Messages taken per pass.
const BATCH: i64 = 20;

/// Checks the mail settings: a bad SMTP URL or sender address stops the server at start, not
/// at the first message. Starts nothing (see [`spawn_worker`]).
pub fn check(config: &Config) -> Result<(), String> {
    Sender::new(config).map(|_| ())
}

/// Starts the outbox worker, when the configuration asks for one; `wake` (the state's
/// `mailer`) brings it round at once when a message is queued.
pub fn spawn_worker(wake: &Wake, db: Db, config: &Config) -> Result<(), String> {
    if config.mail_worker {
        let sender = Sender::new(config)?;
        let base = config.mail_retry_seconds;
        tokio::spawn(run(db, sender, base, wake.clone()));
    }
    Ok(())
}

/// Where messages go.
struct Sender {
    from: Mailbox,
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

/// Why a try failed, and whether trying again can help.
struct Failure {
    message: String,
    permanent: bool,
}

impl Sender {
    fn new(config: &Config) -> Result<Sender, String> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|e| format!("COMMONPLACE_MAIL_FROM is not an address: {e}"))?;
        let smtp = match &config.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("COMMONPLACE_SMTP_URL is not usable: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
            None => None,
        };
        Ok(Sender { from, smtp })
    }

    async fn send(&self, m: &OutboxMessage) -> Result<OutboxState, Failure> {
        let Some(smtp) = &self.smtp else {
            tracing::info!(
                to = %m.to_address,
                subject = %m.subject,
                body = %m.body,
                "e-mail logged, not sent: no SMTP server is configured"
            );
            return Ok(OutboxState::Logged);
        };
        let to = m
            .to_address
            .parse()
            .map(|a| Mailbox::new(m.to_name.clone(), a))
            .map_err(|e| Failure {
                message: format!("bad recipient address: {e}"),
                permanent: true,
            })?;
        // Quoted-printable keeps every line short and any character safe, whatever the server;
        // links stay readable.
        let text =
            Body::new_with_encoding(m.body.clone(), ContentTransferEncoding::QuotedPrintable)
                .map_err(|_| Failure {
                    message: "cannot encode the message".into(),
                    permanent: true,
                })?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject);
        let built = match &m.attachment {
            None => builder.header(ContentType::TEXT_PLAIN).body(text),
            Some(a) => {
                let kind = ContentType::parse(&a.content_type).map_err(|_| Failure {
                    message: format!("bad attachment type {:?}", a.content_type),
                    permanent: true,
                })?;
                builder.multipart(
                    lettre::message::MultiPart::mixed()
                        .singlepart(
                            lettre::message::SinglePart::builder()
                                .header(ContentType::TEXT_PLAIN)
                                .body(text),
                        )
                        .singlepart(
                            lettre::message::Attachment::new(a.filename.clone())
                                .body(a.body.clone(), kind),
                        ),
                )
            }
        };
        let message = built.map_err(|e| Failure {
            message: format!("cannot build the message: {e}"),
            permanent: true,
        })?;
        match smtp.send(message).await {
            Ok(_) => Ok(OutboxState::Sent),
            Err(e) => Err(Failure {
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
        }
    }
}

async fn run(db: Db, sender: Sender, base: i64, wake: Wake) {
    loop {
        let worked = match pass(&db, &sender, base).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::warn!(error = %e, "the outbox worker could not read the outbox");
                false
            }
        };
        let wait = if worked {
            Duration::ZERO
        } else {
            match repo::next_due(&db).await {
                Ok(Some(at)) => Duration::from_secs((at - db.now()).clamp(0, 5) as u64)
                    .max(Duration::from_millis(200)),
                _ => POLL,
            }
        };
        if !wait.is_zero() {
            tokio::select! {
                _ = wake.notified() => {},
                _ = tokio::time::sleep(wait) => {},
            }
        }
    }
}

/// Tries every due message once; returns how many it tried.
async fn pass(db: &Db, sender: &Sender, base: i64) -> Result<usize, sqlx::Error> {
    let mut tried = 0;
    for id in repo::due(db, db.now(), BATCH).await? {
        let at = db.now();
        let Some(m) = repo::claim(db, id, at, at + LEASE_SECONDS).await? else {
            continue; // another server took it
        };
        tried += 1;
        match sender.send(&m).await {
            Ok(state) => repo::delivered(db, m.id, state).await?,
            Err(f) => {
                let retry = if f.permanent {
                    None
                } else {
                    retry_delay(m.attempts, base).map(|d| db.now() + d)
                };
                tracing::warn!(
                    id = m.id,
                    attempts = m.attempts,
                    error = %f.message,
                    retry = retry.is_some(),
                    "an e-mail could not be sent"
                );
                repo::failed(db, m.id, &f.message, retry).await?;
            }
        }
    }
    Ok(tried)
}
