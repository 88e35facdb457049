//! What matching shows: a need with the partners suggested for it, and the needs one
//! partner fits. Shared by the browser and the server. Needs, branches and the weights have
//! their own folders; the scoring is the pure [`super::engine`].

use serde::{Deserialize, Serialize};

use super::engine::{Factor, Ranking, Weights};
use super::needs::model::{NeedRecord, NeedSummary};

/// How many suggestions (and partners left out) a need's page lists.
pub const MATCHES_SHOWN: usize = 25;

/// A need with the partners the engine suggests for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedMatches {
    pub record: NeedRecord,
    /// The best [`MATCHES_SHOWN`] suggestions and the first partners left out.
    pub ranking: Ranking,
    pub weights: Weights,
}

/// How well a partner fits one open need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedFit {
    pub need: NeedSummary,
    pub score: u8,
    pub factors: Vec<Factor>,
}

/// The open needs a partner fits best, or why it is not suggested for any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerFits {
    pub fits: Vec<NeedFit>,
    pub left_out: Option<String>,
}
