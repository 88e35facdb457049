//! Candidates as the engine ranks them: each partner with its track record (asks answered and
//! kept, programs presented) and its recent asks, kept between writes when the cache is on.

use std::collections::HashMap;
use std::sync::Arc;

use super::repo;
use crate::error::AppError;
use crate::matching::engine::{Candidate, PastAsk, TrackRecord};
use crate::server::db::Db;
use crate::server::state::AppState;

/// The candidates this server keeps between writes (registered in the state at start).
pub type KeptCandidates = crate::server::cache::Kept<Vec<Candidate>>;

/// Every partner as the engine sees it: kept between writes (and for at most a minute) when
/// the page cache is on, since reading 5,000 rows costs far more than ranking them.
pub async fn kept_candidates(st: &AppState) -> Result<Arc<Vec<Candidate>>, AppError> {
    let generation = st.changes.generation();
    let keep = st.config.page_cache && st.changes.in_step();
    let kept = st.features.get::<KeptCandidates>()?;
    if keep {
        if let Some(list) = kept.get(generation) {
            return Ok(list);
        }
    }
    let list = Arc::new(candidates(&st.db).await?);
    if keep {
        kept.keep(generation, list.clone());
    }
    Ok(list)
}

/// Every partner in the directory (archived ones are not candidates), with its record of
/// asks and its recent asks.
pub async fn candidates(db: &Db) -> Result<Vec<Candidate>, AppError> {
    let mut out = repo::all(db).await?;
    let (records, asks) = history(db, None).await?;
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for (id, r) in records {
        if let Some(&i) = index.get(&id) {
            out[i].record = r;
        }
    }
    for (id, a) in asks {
        if let Some(&i) = index.get(&id) {
            out[i].asks.push(a);
        }
    }
    Ok(out)
}

/// One partner as a candidate, and whether it is archived.
pub async fn candidate_by_id(db: &Db, id: i64) -> Result<(Candidate, bool), AppError> {
    let (mut c, archived) = repo::one(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("That partner".into()))?;
    let (records, asks) = history(db, Some(id)).await?;
    if let Some((_, r)) = records.into_iter().next() {
        c.record = r;
    }
    c.asks = asks.into_iter().map(|(_, a)| a).collect();
    Ok((c, archived))
}

/// Asks already sent, as the engine weighs them: per partner, the track record (answers,
/// acceptances, what was due and what was delivered) and the asks recent or still open.
async fn history(
    db: &Db,
    partner: Option<i64>,
) -> Result<(Vec<(i64, TrackRecord)>, Vec<(i64, PastAsk)>), AppError> {
    let at = db.now();
    let today = db.today().to_string();
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    let mut records: Vec<(i64, TrackRecord)> = repo::ask_tallies(db, partner, at, &today)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.partner_id,
                TrackRecord {
                    answered: n(t.answered),
                    accepted: n(t.accepted),
                    due: n(t.due),
                    delivered: n(t.delivered),
                },
            )
        })
        .collect();
    // Programs the partner was to present that are over count as promises too: delivered
    // when the program took place, not when it was cancelled.
    for crate::programs::calendar::repo::PresentedCount {
        partner_id: id,
        due,
        delivered,
    } in crate::programs::calendar::repo::presented_counts(db, partner, at).await?
    {
        match records.iter_mut().find(|(p, _)| *p == id) {
            Some((_, r)) => {
                r.due += n(due);
                r.delivered += n(delivered);
            }
            None => records.push((
                id,
                TrackRecord {
                    due: n(due),
                    delivered: n(delivered),
                    ..TrackRecord::default()
                },
            )),
        }
    }
    // Sixty days covers any fatigue window an admin may set; open asks count however old.
    let since = at - 60 * 86_400;
    let asks = repo::recent_asks(db, partner, at, since)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.partner_id,
                PastAsk {
                    days_ago: u32::try_from((at - a.sent_at).max(0) / 86_400).unwrap_or(u32::MAX),
                    by: a.sent_by,
                    open: a.is_open == 1,
                },
            )
        })
        .collect();
    Ok((records, asks))
}
