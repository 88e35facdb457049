//! Live results: one watcher per poll and server, however many people are looking.
//!
//! When the first results stream for a poll opens, a task starts that hears the poll's change
//! notices (from this server's ballot writer and, through PostgreSQL's LISTEN/NOTIFY, from every
//! other server's), counts the ballots at most every [`SETTLE`], and publishes the counts on a
//! watch channel. Every open stream reads that channel, so a thousand viewers cost one count per
//! update, not a thousand. The task ends when the last viewer leaves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use super::rules::Results;
use crate::error::AppError;
use crate::server::changes::Changes;
use crate::server::db::Db;

/// Votes arriving within this window are counted together.
pub const SETTLE: Duration = Duration::from_millis(150);

type Senders = Arc<Mutex<HashMap<i64, Arc<watch::Sender<Arc<Results>>>>>>;

/// The watchers of one server.
#[derive(Clone, Default)]
pub struct LiveResults {
    polls: Senders,
}

impl LiveResults {
    fn existing(&self, poll_id: i64) -> Result<Option<watch::Receiver<Arc<Results>>>, AppError> {
        let map = self
            .polls
            .lock()
            .map_err(|_| AppError::internal("live results lock poisoned"))?;
        Ok(map.get(&poll_id).map(|tx| tx.subscribe()))
    }

    /// A receiver of a poll's counts, starting its watcher if none is running.
    pub async fn watch(
        &self,
        db: &Db,
        changes: &Changes,
        poll_id: i64,
    ) -> Result<watch::Receiver<Arc<Results>>, AppError> {
        if let Some(rx) = self.existing(poll_id)? {
            return Ok(rx);
        }
        // Subscribe before counting, so a vote that lands in between is not missed.
        let notices = changes.subscribe();
        let first = super::repo::results(db, poll_id).await?;
        let mut map = self
            .polls
            .lock()
            .map_err(|_| AppError::internal("live results lock poisoned"))?;
        if let Some(tx) = map.get(&poll_id) {
            // Another viewer started one meanwhile.
            return Ok(tx.subscribe());
        }
        let tx = Arc::new(watch::channel(Arc::new(first)).0);
        let rx = tx.subscribe();
        map.insert(poll_id, tx.clone());
        drop(map);
        tokio::spawn(watcher(
            db.clone(),
            poll_id,
            tx,
            notices,
            self.polls.clone(),
        ));
        Ok(rx)
    }

    /// How many polls have a watcher on this server.
    pub fn watched(&self) -> usize {
        self.polls.lock().map(|m| m.len()).unwrap_or(0)
    }
}

async fn watcher(
    db: Db,
    poll_id: i64,
    tx: Arc<watch::Sender<Arc<Results>>>,
    mut notices: broadcast::Receiver<crate::server::changes::Notice>,
    polls: Senders,
) {
    let me = poll_id.to_string();
    loop {
        let heard = tokio::select! {
            n = notices.recv() => n,
            _ = tx.closed() => {
                // The last viewer left; stop unless one arrived meanwhile (viewers subscribe
                // under the same lock).
                let Ok(mut map) = polls.lock() else { break };
                if tx.receiver_count() == 0 {
                    map.remove(&poll_id);
                    break;
                }
                continue;
            }
        };
        let relevant = match heard {
            Ok(n) => n.topic == "poll" && n.payload == me,
            // Missed some notices: count again to be sure.
            Err(broadcast::error::RecvError::Lagged(_)) => true,
            Err(broadcast::error::RecvError::Closed) => break,
        };
        if !relevant {
            continue;
        }
        tokio::time::sleep(SETTLE).await;
        // Everything heard while settling is covered by the count below.
        while let Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) = notices.try_recv() {}
        match super::repo::results(&db, poll_id).await {
            Ok(r) => {
                tx.send_replace(Arc::new(r));
            }
            Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
}
