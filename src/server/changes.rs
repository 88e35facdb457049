//! The change signal: every write moves a generation counter, and every app server hears about it.
//!
//! A server keeps caches (rendered pages, live sessions) that are only good while nothing has
//! been written since they were filled. Each write request bumps this server's generation and, on
//! PostgreSQL, sends a `NOTIFY` that every other server's listener turns into the same bump, so
//! many stateless servers on one database stay in step. While the listener is disconnected the
//! caches are switched off, since notices may be missed; on reconnect the generation moves again.
//! Other kinds of notices (live poll results, say) travel the same way and reach subscribers
//! through [`Changes::subscribe`].

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

use super::db::{Backend, Db};

/// The PostgreSQL channel every server listens on.
pub const CHANNEL: &str = "commonplace_changes";

/// A notice that something changed: its topic (`data` for any write) and a short payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub topic: String,
    pub payload: String,
}

impl Notice {
    /// The wire form, `topic:payload`, as sent through `pg_notify`.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.topic, self.payload)
    }

    /// Reads the wire form back; a notice without a colon is a bare topic.
    pub fn decode(s: &str) -> Notice {
        let (topic, payload) = s.split_once(':').unwrap_or((s, ""));
        Notice {
            topic: topic.to_string(),
            payload: payload.to_string(),
        }
    }
}

/// This server's view of what has changed.
#[derive(Clone)]
pub struct Changes {
    inner: Arc<Inner>,
}

struct Inner {
    generation: AtomicU64,
    /// Whether every write, here or on another server, is sure to move the generation.
    in_step: AtomicBool,
    tx: broadcast::Sender<Notice>,
}

impl Changes {
    /// A signal for one server. `in_step` is false until a PostgreSQL listener is connected.
    pub fn new(in_step: bool) -> Changes {
        let (tx, _) = broadcast::channel(1024);
        Changes {
            inner: Arc::new(Inner {
                generation: AtomicU64::new(1),
                in_step: AtomicBool::new(in_step),
                tx,
            }),
        }
    }

    /// The current generation: equal numbers mean nothing was written in between.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Whether caches may be trusted right now.
    pub fn in_step(&self) -> bool {
        self.inner.in_step.load(Ordering::Acquire)
    }

    fn set_in_step(&self, v: bool) {
        self.inner.in_step.store(v, Ordering::Release);
        self.bump();
    }

    /// Moves the generation on, which empties every cache of this server.
    pub fn bump(&self) {
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Notices as they arrive (from this server and, on PostgreSQL, from the others).
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.inner.tx.subscribe()
    }

    fn heard(&self, notice: Notice) {
        self.bump();
        // Nobody listening is fine: the generation is what caches read.
        let _ = self.inner.tx.send(notice);
    }

    /// Announces a change: here at once, and to every other server through PostgreSQL.
    pub async fn announce(&self, db: &Db, notice: Notice) {
        match db.backend {
            Backend::Sqlite => self.heard(notice),
            Backend::Postgres => {
                // Bump here before the response goes out, so this server never serves stale
                // pages; the notice then comes back through the listener to everyone.
                self.bump();
                let sent = sqlx::query("select pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(notice.encode())
                    .execute(&db.pool)
                    .await;
                if let Err(e) = sent {
                    tracing::warn!(error = %e, "could not notify the other servers of a change");
                    let _ = self.inner.tx.send(notice);
                }
            }
        }
    }

    /// Announces that data was written.
    pub async fn data_written(&self, db: &Db) {
        self.announce(
            db,
            Notice {
                topic: "data".into(),
                payload: String::new(),
            },
        )
        .await;
    }

    /// On PostgreSQL, listens for other servers' notices for as long as the process runs,
    /// reconnecting with back-off; caches stay off while the listener is down.
    pub fn spawn_listener(&self, db: &Db, url: &str) {
        if db.backend != Backend::Postgres {
            return;
        }
        let changes = self.clone();
        let url = url.to_string();
        tokio::spawn(async move {
            let mut wait = Duration::from_millis(250);
            loop {
                match listen(&url).await {
                    Ok(mut listener) => {
                        wait = Duration::from_millis(250);
                        changes.set_in_step(true);
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(n)) => changes.heard(Notice::decode(n.payload())),
                                Ok(None) => break,
                                Err(e) => {
                                    tracing::warn!(error = %e, "change listener failed");
                                    break;
                                }
                            }
                        }
                        changes.set_in_step(false);
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot listen for changes; retrying"),
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
        });
    }
}

async fn listen(url: &str) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_survive_the_wire() {
        let n = Notice {
            topic: "poll".into(),
            payload: "7:with:colons".into(),
        };
        assert_eq!(Notice::decode(&n.encode()), n);
        assert_eq!(Notice::decode("data").topic, "data");
    }

    #[test]
    fn a_bump_moves_the_generation_and_falling_out_of_step_does_too() {
        let c = Changes::new(true);
        let g = c.generation();
        c.bump();
        assert!(c.generation() > g);
        let g = c.generation();
        c.set_in_step(false);
        assert!(!c.in_step());
        assert!(c.generation() > g);
    }
}
