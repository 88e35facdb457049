//! The ballot writer: one task per server that writes ballots in batches.
//!
//! Many patrons voting at once would each open a write transaction; SQLite serialises those, one
//! fsync each. Instead every vote is handed to this task, which writes whatever has queued up
//! (up to [`BATCH`]) in one transaction and then answers each voter. A ballot is acknowledged only
//! after its transaction commits. Each write is conditional, so the database still decides every
//! race: the poll must be open at that moment, a one-time code must belong to the poll, and the
//! `(poll, voter)` unique constraint turns a second ballot into a change of the first.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::error::AppError;
use crate::server::changes::{Changes, Notice};
use crate::server::db::Db;

/// The most ballots written in one transaction.
pub const BATCH: usize = 512;

/// One ballot to write.
#[derive(Clone, Debug)]
pub struct Ballot {
    pub poll_id: i64,
    /// The keyed hash that identifies the voter (browser, card or code).
    pub voter: String,
    /// The chosen option ids, sorted.
    pub choices: Vec<i64>,
    /// For code polls: the code's hash, marked used in the same transaction.
    pub code_hash: Option<String>,
}

/// What became of a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cast {
    /// The voter's first ballot in this poll.
    New,
    /// The voter had voted; the ballot now holds the new choices (still one ballot).
    Changed,
    /// The poll was not open when the ballot reached the database.
    NotOpen,
    /// The code is not one of this poll's codes.
    UnknownCode,
    /// The poll's options were replaced (edited before any ballot) after the voter saw them.
    Stale,
}

struct Job {
    ballot: Ballot,
    reply: oneshot::Sender<Result<Cast, AppError>>,
}

/// The handle requests use to vote.
#[derive(Clone)]
pub struct BallotWriter {
    tx: mpsc::Sender<Job>,
    /// The writer's end, until [`BallotWriter::spawn`] starts it.
    rx: Arc<std::sync::Mutex<Option<mpsc::Receiver<Job>>>>,
}

impl BallotWriter {
    /// The handle, with no writer running yet: ballots wait until it starts.
    #[expect(
        clippy::new_without_default,
        reason = "a writer is made once, by the state"
    )]
    pub fn new() -> BallotWriter {
        let (tx, rx) = mpsc::channel(8 * BATCH);
        BallotWriter {
            tx,
            rx: Arc::new(std::sync::Mutex::new(Some(rx))),
        }
    }

    /// Starts the writer task (once; later calls do nothing).
    pub fn spawn(&self, db: Db, changes: Changes) {
        let rx = self.rx.lock().ok().and_then(|mut r| r.take());
        if let Some(rx) = rx {
            tokio::spawn(run(db, changes, rx));
        }
    }

    /// Writes a ballot and waits until it is committed.
    pub async fn cast(&self, ballot: Ballot) -> Result<Cast, AppError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { ballot, reply })
            .await
            .map_err(|_| AppError::internal("the ballot writer has stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("the ballot writer dropped a ballot"))?
    }
}

/// The stored form of a set of choices: sorted ids, comma-separated.
pub fn choices_text(choices: &[i64]) -> String {
    choices
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

async fn run(db: Db, changes: Changes, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut jobs, BATCH).await > 0 {
        let ballots: Vec<Ballot> = jobs.iter().map(|j| j.ballot.clone()).collect();
        let result = write(&db, &ballots).await;
        let polls: BTreeSet<i64> = match &result {
            Ok(casts) => ballots
                .iter()
                .zip(casts)
                .filter(|(_, c)| matches!(c, Cast::New | Cast::Changed))
                .map(|(b, _)| b.poll_id)
                .collect(),
            Err(_) => BTreeSet::new(),
        };
        match result {
            Ok(casts) => {
                for (job, cast) in jobs.drain(..).zip(casts) {
                    let _ = job.reply.send(Ok(cast));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, n = jobs.len(), "could not write a batch of ballots");
                for job in jobs.drain(..) {
                    let _ = job.reply.send(Err(AppError::Internal));
                }
            }
        }
        for poll in polls {
            changes
                .announce(
                    &db,
                    Notice {
                        topic: "poll".into(),
                        payload: poll.to_string(),
                    },
                )
                .await;
        }
    }
}

async fn write(db: &Db, ballots: &[Ballot]) -> Result<Vec<Cast>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let now = db.now();
    let mut casts = Vec::with_capacity(ballots.len());
    for b in ballots {
        if let Some(code) = &b.code_hash {
            let found = sqlx::query(
                "update poll_codes set used_at = coalesce(used_at, $1) where code_hash = $2 and poll_id = $3",
            )
            .bind(now)
            .bind(code)
            .bind(b.poll_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if found == 0 {
                casts.push(Cast::UnknownCode);
                continue;
            }
        }
        // Inserted only while the poll is open; a second ballot from the same voter changes the
        // first. `revisions` tells a first ballot (0) from a change.
        // Every choice must still be one of the poll's options: an edit before the first ballot
        // replaces them, and a ballot checked against the old ones must not land.
        let choices = choices_text(&b.choices);
        let revisions: Option<i64> = sqlx::query_scalar(
            "insert into ballots (poll_id, voter, choices, cast_at, changed_at, revisions) \
             select $1, $2, $3, $4, $4, 0 from polls \
             where id = $1 and opens_at <= $4 and (closes_at is null or closes_at > $4) and closed_at is null \
             and $5 = (select count(*) from poll_options o where o.poll_id = $1 \
                       and ',' || $3 || ',' like '%,' || o.id || ',%') \
             on conflict (poll_id, voter) do update set choices = excluded.choices, \
             changed_at = excluded.changed_at, revisions = ballots.revisions + 1 \
             returning revisions",
        )
        .bind(b.poll_id)
        .bind(&b.voter)
        .bind(&choices)
        .bind(now)
        .bind(b.choices.len() as i64)
        .fetch_optional(&mut *tx)
        .await?;
        casts.push(match revisions {
            None => {
                let open: Option<i64> = sqlx::query_scalar(
                    "select id from polls where id = $1 and opens_at <= $2 \
                     and (closes_at is null or closes_at > $2) and closed_at is null",
                )
                .bind(b.poll_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                if open.is_some() {
                    Cast::Stale
                } else {
                    Cast::NotOpen
                }
            }
            Some(0) => Cast::New,
            Some(_) => Cast::Changed,
        });
    }
    crate::server::db::commit(tx).await?;
    Ok(casts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_stored_as_sorted_text() {
        assert_eq!(choices_text(&[3, 7, 12]), "3,7,12");
        assert_eq!(choices_text(&[]), "");
    }
}
