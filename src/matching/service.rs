//! What the matching pages show, from the database and the engine.

use std::sync::Arc;

use super::engine::{
    assess, distance_km, left_out_because, need_slots, rank, Candidate, NeedFacts, Place,
};
use super::find::{FindForm, FindQuery, FindResult, FindView, Wanted};
use super::model::{NeedFit, NeedMatches, PartnerFits, MATCHES_SHOWN};
use super::repo;
use crate::error::{AppError, FieldErrors};
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::vocab::{labels, Set, Vocab};

/// How many needs the partner page lists.
pub const FITS_SHOWN: usize = 5;

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
    let list = Arc::new(repo::candidates(&st.db).await?);
    if keep {
        kept.keep(generation, list.clone());
    }
    Ok(list)
}

/// A need and its ranked partners, with the weights in force.
pub async fn matches(
    db: &Db,
    need_id: i64,
    candidates: &[Candidate],
) -> Result<NeedMatches, AppError> {
    let (record, place) = repo::need_and_place(db, need_id).await?;
    let weights = repo::weights(db).await?;
    let ranking = rank(
        &record.need.facts(place),
        candidates,
        &weights,
        MATCHES_SHOWN,
    );
    Ok(NeedMatches {
        record,
        ranking,
        weights,
    })
}

/// The reverse view: the open needs one partner fits best, best first.
pub async fn fits(db: &Db, partner_id: i64) -> Result<PartnerFits, AppError> {
    let (candidate, archived) = repo::candidate_by_id(db, partner_id).await?;
    let weights = repo::weights(db).await?;
    let reason = if archived {
        Some("the partner is archived".to_string())
    } else {
        left_out_because(&candidate, &weights)
    };
    if let Some(reason) = reason {
        return Ok(PartnerFits {
            fits: Vec::new(),
            left_out: Some(reason),
        });
    }
    let mut fits: Vec<NeedFit> = repo::open_needs(db)
        .await?
        .into_iter()
        .filter_map(|(summary, need, place)| {
            let s = assess(&need.facts(place), &candidate, &weights).ok()?;
            Some(NeedFit {
                need: summary,
                score: s.score,
                factors: s.factors,
            })
        })
        .collect();
    fits.sort_by(|a, b| b.score.cmp(&a.score).then(a.need.id.cmp(&b.need.id)));
    fits.truncate(FITS_SHOWN);
    Ok(PartnerFits {
        fits,
        left_out: None,
    })
}

/// What the "Find partners" page shows for its form: the open needs and branches to choose
/// from, and the ranking once the form names a need or an offering. A search that does not
/// parse comes back as field errors beside the form, not as a failed page.
pub async fn find_view(st: &AppState, form: &FindForm) -> Result<FindView, AppError> {
    let db = &st.db;
    let (result, errors) = if form.is_blank() {
        (None, FieldErrors::default())
    } else {
        let found = match form.parse() {
            Ok(q) => find(db, &q, &kept_candidates(st).await?).await,
            Err(e) => Err(e),
        };
        match found {
            Ok(r) => (Some(r), FieldErrors::default()),
            Err(AppError::Invalid(e)) => (None, e),
            Err(e) => return Err(e),
        }
    };
    Ok(FindView {
        needs: repo::needs(db, Some(super::model::NeedStatus::Open)).await?,
        branches: repo::branches(db).await?,
        result,
        errors,
    })
}

/// "Find partners": ranks partners for an open need or a described one, within the filters.
pub async fn find(db: &Db, q: &FindQuery, all: &[Candidate]) -> Result<FindResult, AppError> {
    let weights = repo::weights(db).await?;
    let (facts, need_id, title) = match &q.wanted {
        Wanted::Need(id) => {
            let (record, place) = repo::need_and_place(db, *id).await?;
            let title = format!("{} ({})", record.need.title, record.need.when());
            (record.need.facts(place), Some(*id), title)
        }
        Wanted::Described {
            offering,
            goals,
            audiences,
            branch_id,
            on,
            time_of_day,
        } => {
            let branch = match branch_id {
                Some(id) => Some(
                    repo::branches(db)
                        .await?
                        .into_iter()
                        .find(|b| b.id == *id)
                        .ok_or_else(|| {
                            AppError::field("branch_id", "That branch no longer exists.")
                        })?,
                ),
                None => None,
            };
            let place = branch.as_ref().and_then(|b| {
                Some(Place {
                    name: b.branch.name.clone(),
                    latitude: b.branch.latitude?,
                    longitude: b.branch.longitude?,
                })
            });
            let slots = on
                .map(|d| need_slots(d, d, time_of_day.day_part()))
                .unwrap_or_default();
            let mut title = offering.label().to_string();
            if !audiences.is_empty() {
                title.push_str(&format!(" for {}", labels(audiences).to_lowercase()));
            }
            if let Some(b) = &branch {
                title.push_str(&format!(" at {}", b.branch.name));
            }
            if let Some(d) = on {
                title.push_str(&format!(
                    ", {}",
                    crate::when::day_span(&d.to_string(), &d.to_string())
                ));
            }
            let facts = NeedFacts {
                offering: *offering,
                goals: Set::of(goals),
                audiences: Set::of(audiences),
                slots,
                place,
            };
            (facts, None, title)
        }
    };
    let kind_ids = match q.filters.kind {
        Some(kind) => Some(repo::ids_of_kind(db, kind).await?),
        None => None,
    };
    let place = facts.place.as_ref().map(|p| (p.latitude, p.longitude));
    let keep = |c: &Candidate| {
        kind_ids.as_ref().is_none_or(|ids| ids.contains(&c.id))
            && q.filters.stage.is_none_or(|s| c.stage == s)
            && match (q.filters.within_km, place) {
                (Some(km), Some(at)) => c.location.is_some_and(|l| distance_km(at, l) <= km),
                _ => true,
            }
    };
    let filtered: Vec<Candidate>;
    let candidates: &[Candidate] = if q.filters == Default::default() {
        all
    } else {
        filtered = all.iter().filter(|c| keep(c)).cloned().collect();
        &filtered
    };
    let filtered_out = (all.len() - candidates.len()) as i64;
    let mut ranking = rank(&facts, candidates, &weights, MATCHES_SHOWN);
    if q.filters.min_score > 0 {
        ranking
            .suggestions
            .retain(|s| s.score >= q.filters.min_score);
    }
    Ok(FindResult {
        need_id,
        title,
        ranking,
        filtered_out,
    })
}
