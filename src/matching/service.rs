//! What the matching pages show, from the database and the engine.

use super::engine::{assess, left_out_because, rank};
use super::model::{NeedFit, NeedMatches, PartnerFits, MATCHES_SHOWN};
use super::repo;
use crate::error::AppError;
use crate::server::db::Db;

/// How many needs the partner page lists.
pub const FITS_SHOWN: usize = 5;

/// A need and its ranked partners, with the weights in force.
pub async fn matches(db: &Db, need_id: i64) -> Result<NeedMatches, AppError> {
    let (record, place) = repo::need_and_place(db, need_id).await?;
    let weights = repo::weights(db).await?;
    let candidates = repo::candidates(db).await?;
    let ranking = rank(
        &record.need.facts(place),
        &candidates,
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
