//! When a poll takes votes, who sees its results, and the counts. (What a ballot may hold
//! is [`super::ballot`].)
//! Pure functions: the caller passes the time and the stored rows.

use serde::{Deserialize, Serialize};

use super::poll::Visibility;

/// Where a poll is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollPhase {
    /// Not open yet.
    Scheduled,
    /// Taking votes.
    Open,
    /// No longer taking votes, at its closing time or because staff closed it early.
    Closed,
}

impl PollPhase {
    /// A short label for lists and badges.
    pub fn label(self) -> &'static str {
        match self {
            PollPhase::Scheduled => "Opens later",
            PollPhase::Open => "Open",
            PollPhase::Closed => "Closed",
        }
    }
}

/// The phase of a poll at `now` (all unix seconds).
///
/// A poll is open from the second `opens_at` begins and closed from the second
/// `closes_at` or `closed_early_at` begins. A poll closed before it opened (cancelled)
/// is closed, not scheduled.
pub fn phase(
    opens_at: i64,
    closes_at: Option<i64>,
    closed_early_at: Option<i64>,
    now: i64,
) -> PollPhase {
    let ended = |at: Option<i64>| at.is_some_and(|t| now >= t);
    if ended(closes_at) || ended(closed_early_at) {
        PollPhase::Closed
    } else if now < opens_at {
        PollPhase::Scheduled
    } else {
        PollPhase::Open
    }
}

/// When voting ends: at the closing time, or earlier if staff closed the poll early.
pub fn ends_at(closes_at: Option<i64>, closed_early_at: Option<i64>) -> Option<i64> {
    match (closes_at, closed_early_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether the results may be shown to this viewer.
///
/// Staff always see them, so they can watch a poll. Everyone else sees them according to
/// the poll's [`Visibility`]: live results always; "after voting" once they have voted or
/// the poll has closed; "after close" only when it is closed.
pub fn results_visible(
    visibility: Visibility,
    phase: PollPhase,
    has_voted: bool,
    is_staff: bool,
) -> bool {
    let closed = phase == PollPhase::Closed;
    is_staff
        || match visibility {
            Visibility::Live => true,
            Visibility::AfterVote => has_voted || closed,
            Visibility::AfterClose => closed,
        }
}

/// One option's share of the vote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub option_id: i64,
    pub label: String,
    pub votes: i64,
    /// Share of ballots that chose this option, 0 to 100, to one decimal place.
    pub percent: f64,
}

/// The results of a poll, options in the poll's own order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// How many people voted.
    pub ballots: i64,
    pub options: Vec<Tally>,
}

/// Counts the votes of each option, in the order of `options`.
///
/// `choice_counts` holds `(option_id, votes)` rows as the database groups them; rows for
/// ids not in `options` are ignored and repeated ids are added up. Percentages are shares
/// of *ballots*, not of choices, so in a several-choice poll they can add up to more than
/// 100. Each one is clamped to 0..=100 and is 0 when there are no ballots.
pub fn tally(options: &[(i64, String)], choice_counts: &[(i64, i64)], ballots: i64) -> Results {
    let options = options
        .iter()
        .map(|(id, label)| {
            let votes = choice_counts
                .iter()
                .filter(|(cid, _)| cid == id)
                .fold(0i64, |sum, (_, n)| sum.saturating_add((*n).max(0)));
            Tally {
                option_id: *id,
                label: label.clone(),
                votes,
                percent: percent_of(votes, ballots),
            }
        })
        .collect();
    Results { ballots, options }
}

/// `part` as a percentage of `whole`, rounded half up to one decimal, clamped to 0..=100.
fn percent_of(part: i64, whole: i64) -> f64 {
    if whole <= 0 || part <= 0 {
        return 0.0;
    }
    let (part, whole) = (i128::from(part.min(whole)), i128::from(whole));
    // Integer tenths of a percent, so 2/3 is 66.7 with no float drift.
    let tenths = (part * 2000 + whole) / (whole * 2);
    tenths as f64 / 10.0
}

/// The ids of the options with the most votes (several when tied), in poll order.
/// Empty when nobody has voted, as no option leads then.
pub fn leaders(results: &Results) -> Vec<i64> {
    let top = results.options.iter().map(|t| t.votes).max().unwrap_or(0);
    if top <= 0 {
        return Vec::new();
    }
    results
        .options
        .iter()
        .filter(|t| t.votes == top)
        .map(|t| t.option_id)
        .collect()
}

/// How long a closed poll stays on the public list of polls.
pub const RECENTLY_CLOSED_DAYS: i64 = 60;

/// One poll on the public list, with when it closes (or closed) in the library's time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPoll {
    pub slug: String,
    pub question: String,
    pub ballots: i64,
    pub ends: Option<String>,
}

/// The public list of polls: the open ones (closing soonest first) and those closed in the last
/// [`RECENTLY_CLOSED_DAYS`] (newest first), whose results anyone may see once closed. Polls
/// not open yet are not listed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PublicPolls<T = PublicPoll> {
    pub open: Vec<T>,
    pub recent: Vec<T>,
}

impl PublicPolls<super::poll::PollSummary> {
    /// Sorts `all` into the public list at `now`.
    pub fn of(all: Vec<super::poll::PollSummary>, now: i64) -> Self {
        let since = now - RECENTLY_CLOSED_DAYS * 86_400;
        let (mut open, mut recent): (Vec<_>, Vec<_>) = all
            .into_iter()
            .filter(|p| match p.phase {
                PollPhase::Open => true,
                PollPhase::Closed => p.ends_at.is_some_and(|t| t >= since),
                _ => false,
            })
            .partition(|p| p.phase == PollPhase::Open);
        open.sort_by_key(|p| (p.ends_at.unwrap_or(i64::MAX), p.id));
        recent.sort_by_key(|p| (std::cmp::Reverse(p.ends_at), std::cmp::Reverse(p.id)));
        PublicPolls { open, recent }
    }
}

#[cfg(test)]
mod tests {
    use super::super::poll::{PollSummary, VoterCheck};

    fn summary(id: i64, phase: PollPhase, ends_at: Option<i64>) -> PollSummary {
        PollSummary {
            id,
            slug: format!("p{id}"),
            question: format!("Question {id}?"),
            phase,
            voter_check: VoterCheck::Browser,
            ballots: 3,
            opens_at: 0,
            ends_at,
        }
    }

    #[test]
    fn the_public_list_shows_open_polls_and_recently_closed_ones() {
        let day = 86_400;
        let now = 100 * day;
        let list = PublicPolls::of(
            vec![
                summary(1, PollPhase::Open, None),
                summary(2, PollPhase::Open, Some(now + 2 * day)),
                summary(3, PollPhase::Closed, Some(now - day)),
                summary(4, PollPhase::Closed, Some(now - 61 * day)),
                summary(5, PollPhase::Closed, Some(now - 10 * day)),
                summary(6, PollPhase::Scheduled, Some(now + 9 * day)),
            ],
            now,
        );
        let ids = |v: &[PollSummary]| v.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(
            ids(&list.open),
            [2, 1],
            "closing soonest first; open-ended last"
        );
        assert_eq!(
            ids(&list.recent),
            [3, 5],
            "newest first; older than 60 days left out"
        );
    }
    use super::*;
    use crate::vocab::Vocab;
    use proptest::prelude::*;

    #[test]
    fn phases_change_on_the_exact_second() {
        let (open, close) = (1000, 2000);
        assert_eq!(phase(open, Some(close), None, 999), PollPhase::Scheduled);
        assert_eq!(phase(open, Some(close), None, 1000), PollPhase::Open);
        assert_eq!(phase(open, Some(close), None, 1999), PollPhase::Open);
        assert_eq!(phase(open, Some(close), None, 2000), PollPhase::Closed);
        assert_eq!(phase(open, None, None, i64::MAX), PollPhase::Open);
        assert_eq!(phase(open, Some(close), Some(1500), 1499), PollPhase::Open);
        assert_eq!(
            phase(open, Some(close), Some(1500), 1500),
            PollPhase::Closed
        );
        assert_eq!(phase(open, None, Some(500), 600), PollPhase::Closed);
    }
    #[test]
    fn who_sees_results() {
        use PollPhase::*;
        use Visibility::*;
        for p in [Scheduled, Open, Closed] {
            assert!(results_visible(Live, p, false, false));
            assert!(results_visible(AfterClose, p, false, true));
        }
        assert!(!results_visible(AfterVote, Open, false, false));
        assert!(results_visible(AfterVote, Open, true, false));
        assert!(results_visible(AfterVote, Closed, false, false));
        assert!(!results_visible(AfterClose, Open, true, false));
        assert!(results_visible(AfterClose, Closed, false, false));
    }
    fn opts() -> Vec<(i64, String)> {
        vec![
            (1, "Knitting".into()),
            (2, "Bike repair".into()),
            (3, "Tax help".into()),
        ]
    }

    #[test]
    fn tallies_follow_poll_order_and_round() {
        let r = tally(&opts(), &[(3, 1), (1, 2), (99, 7)], 3);
        assert_eq!(r.ballots, 3);
        let got: Vec<(i64, &str, i64, f64)> = r
            .options
            .iter()
            .map(|t| (t.option_id, t.label.as_str(), t.votes, t.percent))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Knitting", 2, 66.7),
                (2, "Bike repair", 0, 0.0),
                (3, "Tax help", 1, 33.3),
            ]
        );
        assert_eq!(leaders(&r), vec![1]);
        assert_eq!(percent_of(1, 8), 12.5);
        assert_eq!(percent_of(1, 16), 6.3);
    }
    #[test]
    fn no_ballots_means_no_percentages_and_no_leader() {
        let r = tally(&opts(), &[], 0);
        assert!(r.options.iter().all(|t| t.votes == 0 && t.percent == 0.0));
        assert!(leaders(&r).is_empty());
    }
    #[test]
    fn ties_share_the_lead() {
        let r = tally(&opts(), &[(1, 4), (2, 1), (3, 4)], 6);
        assert_eq!(leaders(&r), vec![1, 3]);
    }

    proptest! {
        #[test]
        fn tally_percentages_stay_in_range_and_votes_add_up(
            counts in proptest::collection::vec((1i64..=3, 0i64..1_000), 0..8),
            extra in 0i64..1_000,
        ) {
            let per_option: i64 = counts.iter().map(|(_, n)| n).max().copied().unwrap_or(0);
            let ballots = per_option + extra;
            let r = tally(&opts(), &counts, ballots);
            for t in &r.options {
                prop_assert!((0.0..=100.0).contains(&t.percent), "{t:?}");
            }
            let votes: i64 = r.options.iter().map(|t| t.votes).sum();
            prop_assert_eq!(votes, counts.iter().map(|(_, n)| n).sum::<i64>());
        }

        #[test]
        fn tally_percentages_stay_in_range_for_any_numbers(
            counts in proptest::collection::vec((0i64..=4, any::<i64>()), 0..8),
            ballots in any::<i64>(),
        ) {
            for t in tally(&opts(), &counts, ballots).options {
                prop_assert!((0.0..=100.0).contains(&t.percent), "{t:?}");
            }
        }

        #[test]
        fn staff_always_see_results_and_after_close_waits_for_close(
            vis in 0usize..3,
            ph in 0usize..3,
            voted in any::<bool>(),
        ) {
            let vis = Visibility::ALL[vis];
            let ph = [PollPhase::Scheduled, PollPhase::Open, PollPhase::Closed][ph];
            prop_assert!(results_visible(vis, ph, voted, true));
            if vis == Visibility::AfterClose && ph != PollPhase::Closed {
                prop_assert!(!results_visible(vis, ph, voted, false));
            }
        }
    }
}
