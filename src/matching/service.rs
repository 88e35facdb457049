//! What the matching pages show: the engine's rankings over the needs, branches, weights and
//! candidates each sub-domain reads.

use super::branches::service as branches;
use super::candidates::{repo as candidates, service::kept_candidates};
use super::engine::{
    assess, distance_km, left_out_because, need_slots, rank, Candidate, NeedFacts,
};
use super::find::{FindForm, FindQuery, FindResult, FindView, Wanted};
use super::model::{NeedFit, NeedMatches, PartnerFits, MATCHES_SHOWN};
use super::needs::{repo as needs, service as need};
use super::weights::repo::weights;
use crate::error::{AppError, FieldErrors};
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::vocab::{labels, Set, Vocab};

/// How many needs the partner page lists.
pub const FITS_SHOWN: usize = 5;

/// A need and its ranked partners, with the weights in force.
pub async fn matches(
    db: &Db,
    need_id: i64,
    candidates: &[Candidate],
) -> Result<NeedMatches, AppError> {
    let (record, place) = need::need_and_place(db, need_id).await?;
    let weights = weights(db).await?;
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
    let (candidate, archived) = super::candidates::service::candidate_by_id(db, partner_id).await?;
    let weights = weights(db).await?;
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
    let mut fits: Vec<NeedFit> = needs::open_needs(db)
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
        needs: needs::needs(db, Some(super::needs::model::NeedStatus::Open)).await?,
        branches: branches::all(db).await?,
        result,
        errors,
    })
}

/// "Find partners": ranks partners for an open need or a described one, within the filters.
pub async fn find(db: &Db, q: &FindQuery, all: &[Candidate]) -> Result<FindResult, AppError> {
    let weights = weights(db).await?;
    let (facts, need_id, title) = match &q.wanted {
        Wanted::Need(id) => {
            let (record, place) = need::need_and_place(db, *id).await?;
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
                    branches::all(db)
                        .await?
                        .into_iter()
                        .find(|b| b.id == *id)
                        .ok_or_else(|| {
                            AppError::field("branch_id", "That branch no longer exists.")
                        })?,
                ),
                None => None,
            };
            let place = branch.as_ref().and_then(|b| b.branch.place());
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
        Some(kind) => Some(candidates::ids_of_kind(db, kind).await?),
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
