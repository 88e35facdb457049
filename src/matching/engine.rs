//! The matching engine: ranks partners for a need and says why, factor by factor.
//!
//! Pure: no database, no clock, no I/O, so it compiles for the browser and the server and its
//! rules are tested directly. Callers gather the facts ([`NeedFacts`], [`Candidate`]); the
//! engine turns them into a [`Ranking`].
//!
//! How a score is made: every positive factor yields a fraction from 0 to 1 (a neutral 0.5
//! where the directory has no data, so a missing fact neither helps nor sinks a partner). A
//! factor earns `100 × weight × fraction / total weight` points, where the total counts the
//! factors that apply to this need (a need with no goals has no goal factor). Ask fatigue then
//! subtracts points per recent ask. The score is the sum of the points shown, held to 0..=100,
//! so the explanation always adds up to the score.

use serde::{Deserialize, Serialize};

use super::reasons::{ago, plural, reason};

use crate::vocab::{Audience, Availability, DayPart, Goal, Offering, Set, Stage, Vocab, Weekday};

/// How much each factor counts; admins change them, and explanations use the ones in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    pub offering: u32,
    pub goals: u32,
    pub audience: u32,
    pub availability: u32,
    pub distance: u32,
    pub track_record: u32,
    /// Points taken off for every ask sent to the partner in the last `fatigue_days`.
    pub fatigue_per_ask: u32,
    pub fatigue_days: u32,
    /// A partner with this many open asks (from any branch) is left out.
    pub open_ask_cap: u32,
    /// Beyond this distance the distance factor earns nothing.
    pub far_km: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            offering: 35,
            goals: 20,
            audience: 10,
            availability: 15,
            distance: 10,
            track_record: 10,
            fatigue_per_ask: 15,
            fatigue_days: 30,
            open_ask_cap: 2,
            far_km: 20,
        }
    }
}

/// Highest value any weight may take (keeps arithmetic small and forms sane).
pub const MAX_WEIGHT: u32 = 100;

/// A named place with coordinates (a branch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// What the engine needs to know about a need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedFacts {
    pub offering: Offering,
    pub goals: Set<Goal>,
    pub audiences: Set<Audience>,
    /// The weekly cells the need falls in (see [`need_slots`]); empty when unknown.
    pub slots: Vec<(Weekday, DayPart)>,
    /// The branch, where it has coordinates.
    pub place: Option<Place>,
}

/// How a partner has answered before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackRecord {
    /// Asks the partner answered (accepted or declined).
    pub answered: u32,
    /// Of those, the ones accepted.
    pub accepted: u32,
    /// Things the partner promised (accepted asks, programs it presents) that are now due.
    pub due: u32,
    /// Of those, the ones delivered.
    pub delivered: u32,
}

/// An ask already sent to the partner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastAsk {
    pub days_ago: u32,
    /// Who asked: the branch name, or the librarian's name where no branch is known.
    pub by: String,
    /// Sent and not yet answered or expired.
    pub open: bool,
}

/// One partner, as the engine sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub offerings: Set<Offering>,
    pub goals: Set<Goal>,
    pub audiences: Set<Audience>,
    pub availability: Availability,
    /// Latitude and longitude, where known.
    pub location: Option<(f64, f64)>,
    pub record: TrackRecord,
    pub asks: Vec<PastAsk>,
}

/// Which rule a factor comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FactorKind {
    Offering,
    Goals,
    Audience,
    Availability,
    Distance,
    TrackRecord,
    Fatigue,
}

impl FactorKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Offering => "Offering",
            Self::Goals => "Goals",
            Self::Audience => "Audience",
            Self::Availability => "Availability",
            Self::Distance => "Distance",
            Self::TrackRecord => "Track record",
            Self::Fatigue => "Recent asks",
        }
    }
}

/// One line of an explanation: the points a factor gave and why, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub kind: FactorKind,
    pub points: i32,
    pub reason: String,
}

/// A partner the engine suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub partner_id: i64,
    pub name: String,
    pub score: u8,
    pub factors: Vec<Factor>,
}

/// A partner the engine will not suggest, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub partner_id: i64,
    pub name: String,
    pub reason: String,
}

/// The best suggestions, explained, and partners left out, with the counts of each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    pub suggestions: Vec<Suggestion>,
    pub left_out: Vec<LeftOut>,
    /// How many partners could be suggested in all.
    pub suggested: usize,
    /// How many partners were left out in all.
    pub left_out_count: usize,
}

/// The weekly cells a need covers: every weekday from `first` to `last` (all seven once the
/// range spans a week), at the given part of the day or at any part when `None`.
pub fn need_slots(
    first: time::Date,
    last: time::Date,
    part: Option<DayPart>,
) -> Vec<(Weekday, DayPart)> {
    let days = (last - first).whole_days().clamp(0, 6) as u8 + 1;
    let mut weekdays: Vec<Weekday> = (0..days)
        .map(|i| weekday_of(first.weekday().nth_next(i)))
        .collect();
    weekdays.sort();
    weekdays.dedup();
    let parts: Vec<DayPart> = match part {
        Some(p) => vec![p],
        None => DayPart::ALL.to_vec(),
    };
    weekdays
        .into_iter()
        .flat_map(|d| parts.iter().map(move |&p| (d, p)))
        .collect()
}

fn weekday_of(d: time::Weekday) -> Weekday {
    Weekday::ALL[d.number_days_from_monday() as usize]
}

/// Distance in kilometres from `a` (a branch) to `b` (equirectangular, scaled at `a`'s
/// latitude: within a library's service area it is within a fraction of a percent of the
/// great-circle distance, and needs one cosine per branch rather than per pair).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    km_from((a.0, a.1, a.0.to_radians().cos()), b)
}

/// [`distance_km`] with the cosine of `a`'s latitude already worked out.
fn km_from(a: (f64, f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_KM: f64 = 6371.0;
    let x = (b.1 - a.1).to_radians() * a.2;
    let y = (b.0 - a.0).to_radians();
    EARTH_KM * (x * x + y * y).sqrt()
}

/// Why a partner cannot be suggested at all, if it cannot.
pub fn left_out_because(c: &Candidate, w: &Weights) -> Option<String> {
    exclusion(c, w).map(|e| e.reason(w))
}

/// Why a partner is left out, before it is put in words.
#[derive(Clone, Copy)]
enum Exclusion {
    Ended,
    Paused,
    OpenAsks(u32),
}

impl Exclusion {
    fn reason(self, w: &Weights) -> String {
        match self {
            Self::Ended => "the partnership has ended".into(),
            Self::Paused => "the partnership is paused".into(),
            Self::OpenAsks(open) => format!(
                "already has {open} open {} (the limit is {})",
                plural(open, "ask", "asks"),
                w.open_ask_cap
            ),
        }
    }
}

fn exclusion(c: &Candidate, w: &Weights) -> Option<Exclusion> {
    match c.stage {
        Stage::Ended => return Some(Exclusion::Ended),
        Stage::Paused => return Some(Exclusion::Paused),
        _ => {}
    }
    let open = c.asks.iter().filter(|a| a.open).count() as u32;
    (open >= w.open_ask_cap).then_some(Exclusion::OpenAsks(open))
}

/// One positive factor as a number: its weight and the fraction of it earned.
#[derive(Clone, Copy)]
struct Part {
    kind: FactorKind,
    weight: u32,
    fraction: f64,
}

/// What scoring needs from a need and the weights, worked out once for a whole ranking: the
/// need's weekly cells as one bit mask, the branch with the cosine of its latitude.
struct Scorer<'a> {
    need: &'a NeedFacts,
    w: &'a Weights,
    slots: i64,
    place: Option<(f64, f64, f64)>,
}

impl<'a> Scorer<'a> {
    fn new(need: &'a NeedFacts, w: &'a Weights) -> Self {
        Scorer {
            need,
            w,
            slots: Availability::of_cells(&need.slots).0,
            place: need
                .place
                .as_ref()
                .map(|p| (p.latitude, p.longitude, p.latitude.to_radians().cos())),
        }
    }

    /// The positive factors that apply to this need, in explanation order, and their total
    /// weight.
    fn parts(&self, c: &Candidate) -> ([Option<Part>; 6], u32) {
        let (need, w) = (self.need, self.w);
        let part = |kind, weight, fraction| {
            Some(Part {
                kind,
                weight,
                fraction,
            })
        };
        let free = if c.availability.0 == 0 {
            0.5
        } else if c.availability.0 & self.slots != 0 {
            1.0
        } else {
            0.0
        };
        let availability = (!need.slots.is_empty()).then_some(free);
        let distance = match (self.place, c.location) {
            (Some(place), Some(at)) => {
                let km = km_from(place, at);
                let far = (w.far_km as f64).max(1.0);
                if km <= 1.0 {
                    1.0
                } else {
                    (1.0 - (km - 1.0) / (far - 1.0).max(f64::EPSILON)).clamp(0.0, 1.0)
                }
            }
            _ => 0.5,
        };
        let out = [
            part(FactorKind::Offering, w.offering, offering_fraction(need, c)),
            goals_fraction(need, c).and_then(|f| part(FactorKind::Goals, w.goals, f)),
            audience_fraction(need, c).and_then(|f| part(FactorKind::Audience, w.audience, f)),
            availability.and_then(|f| part(FactorKind::Availability, w.availability, f)),
            part(FactorKind::Distance, w.distance, distance),
            part(FactorKind::TrackRecord, w.track_record, record_fraction(c)),
        ];
        let total = out.iter().flatten().map(|p| p.weight).sum();
        (out, total)
    }

    /// The score, or why the partner is left out, reading its asks once.
    fn judge(&self, c: &Candidate) -> Result<u8, Exclusion> {
        match c.stage {
            Stage::Ended => return Err(Exclusion::Ended),
            Stage::Paused => return Err(Exclusion::Paused),
            _ => {}
        }
        let (mut open, mut recent) = (0u32, 0i32);
        for a in &c.asks {
            open += u32::from(a.open);
            recent += i32::from(is_recent(a, self.w));
        }
        if open >= self.w.open_ask_cap {
            return Err(Exclusion::OpenAsks(open));
        }
        let (parts, total) = self.parts(c);
        let positive: i32 = parts.iter().flatten().map(|p| points(p, total)).sum();
        Ok((positive - recent * self.w.fatigue_per_ask as i32).clamp(0, 100) as u8)
    }
}

fn points(p: &Part, total: u32) -> i32 {
    if total == 0 {
        0
    } else {
        (100.0 * p.weight as f64 * p.fraction / total as f64).round() as i32
    }
}

pub(super) fn is_recent(a: &PastAsk, w: &Weights) -> bool {
    a.days_ago <= w.fatigue_days
}

/// The score alone, exactly as [`assess`] explains it, without building the words.
#[cfg(test)]
fn score_of(need: &NeedFacts, c: &Candidate, w: &Weights) -> u8 {
    Scorer::new(need, w).judge(c).unwrap_or(0)
}

/// Scores one partner for one need, with the reasons, or says why it is left out.
pub fn assess(need: &NeedFacts, c: &Candidate, w: &Weights) -> Result<Suggestion, LeftOut> {
    if let Some(e) = exclusion(c, w) {
        return Err(LeftOut {
            partner_id: c.id,
            name: c.name.clone(),
            reason: e.reason(w),
        });
    }
    let (parts, total) = Scorer::new(need, w).parts(c);
    let mut factors: Vec<Factor> = parts
        .iter()
        .flatten()
        .map(|p| Factor {
            kind: p.kind,
            points: points(p, total),
            reason: reason(p.kind, need, c, w),
        })
        .collect();
    let mut recent: Vec<&PastAsk> = c.asks.iter().filter(|a| is_recent(a, w)).collect();
    recent.sort_by(|a, b| a.days_ago.cmp(&b.days_ago).then(a.by.cmp(&b.by)));
    for a in recent {
        let penalty = w.fatigue_per_ask as i32;
        factors.push(Factor {
            kind: FactorKind::Fatigue,
            points: -penalty,
            reason: format!("asked {} by {} (−{penalty})", ago(a.days_ago), a.by),
        });
    }
    let score = factors.iter().map(|f| f.points).sum::<i32>().clamp(0, 100) as u8;
    Ok(Suggestion {
        partner_id: c.id,
        name: c.name.clone(),
        score,
        factors,
    })
}

/// Compares names ignoring case, without allocating.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// Ranks every candidate for a need: best score first; equal scores by name, then by id.
/// Only the best `limit` suggestions are explained, and only the first `limit` partners left
/// out (by name) are listed; the counts cover everyone.
pub fn rank(need: &NeedFacts, candidates: &[Candidate], w: &Weights, limit: usize) -> Ranking {
    let scorer = Scorer::new(need, w);
    let mut scored: Vec<(u8, &Candidate)> = Vec::with_capacity(candidates.len());
    let mut out: Vec<(&Candidate, Exclusion)> = Vec::new();
    for c in candidates {
        match scorer.judge(c) {
            Err(e) => out.push((c, e)),
            Ok(score) => scored.push((score, c)),
        }
    }
    let best = |a: &(u8, &Candidate), b: &(u8, &Candidate)| {
        b.0.cmp(&a.0)
            .then_with(|| by_name(&a.1.name, &b.1.name))
            .then(a.1.id.cmp(&b.1.id))
    };
    let named = |a: &(&Candidate, Exclusion), b: &(&Candidate, Exclusion)| {
        by_name(&a.0.name, &b.0.name).then(a.0.id.cmp(&b.0.id))
    };
    let (suggested, left_out_count) = (scored.len(), out.len());
    keep_reachable(&mut scored, limit);
    top(&mut scored, limit, best);
    top(&mut out, limit, named);
    Ranking {
        suggestions: scored
            .iter()
            .filter_map(|(_, c)| assess(need, c, w).ok())
            .collect(),
        left_out: out
            .iter()
            .map(|(c, e)| LeftOut {
                partner_id: c.id,
                name: c.name.clone(),
                reason: e.reason(w),
            })
            .collect(),
        suggested,
        left_out_count,
    }
}

/// Drops the scores below the `k`-th best before any ordering: only candidates that can reach
/// the top `k` need comparing by name, and with 100,000 partners most share a few scores.
fn keep_reachable(scored: &mut Vec<(u8, &Candidate)>, k: usize) {
    if k == 0 || scored.len() <= k {
        return;
    }
    let mut counts = [0usize; 256];
    for (s, _) in scored.iter() {
        counts[usize::from(*s)] += 1;
    }
    let mut seen = 0;
    let mut cut = 0u8;
    for s in (0..=255u8).rev() {
        seen += counts[usize::from(s)];
        if seen >= k {
            cut = s;
            break;
        }
    }
    scored.retain(|(s, _)| *s >= cut);
}

/// Keeps the first `k` items in `order`, sorted, without sorting the rest.
fn top<T>(items: &mut Vec<T>, k: usize, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if k == 0 {
        items.clear();
        return;
    }
    if items.len() > k {
        items.select_nth_unstable_by(k - 1, &order);
        items.truncate(k);
    }
    items.sort_by(order);
}

fn offering_fraction(need: &NeedFacts, c: &Candidate) -> f64 {
    if c.offerings.contains(need.offering) {
        1.0
    } else {
        0.0
    }
}

fn goals_fraction(need: &NeedFacts, c: &Candidate) -> Option<f64> {
    let n = need.goals.len();
    (n > 0).then(|| need.goals.and(c.goals).len() as f64 / n as f64)
}

fn audience_fraction(need: &NeedFacts, c: &Candidate) -> Option<f64> {
    let n = need.audiences.len();
    if n == 0 {
        return None;
    }
    let k = need.audiences.and(c.audiences).len();
    Some(if k == 0 && c.audiences.is_empty() {
        0.5
    } else {
        k as f64 / n as f64
    })
}

fn record_fraction(c: &Candidate) -> f64 {
    let r = c.record;
    let n = (r.answered + r.due) as f64;
    if n == 0.0 {
        return 0.5;
    }
    // Laplace smoothing: one answer does not make a perfect or a hopeless record.
    ((r.accepted + r.delivered) as f64 + 1.0) / (n + 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Availability;
    use proptest::prelude::*;
    use time::macros::date;

    fn eastside() -> Place {
        Place {
            name: "Eastside Branch".into(),
            latitude: 44.9500,
            longitude: -93.2000,
        }
    }

    fn need() -> NeedFacts {
        NeedFacts {
            offering: Offering::Refreshments,
            goals: Set::of(&[Goal::Literacy, Goal::EarlyChildhood, Goal::Health]),
            audiences: Set::of(&[Audience::Families]),
            slots: need_slots(
                date!(2026 - 12 - 05),
                date!(2026 - 12 - 05),
                Some(DayPart::Morning),
            ),
            place: Some(eastside()),
        }
    }

    fn bakery() -> Candidate {
        Candidate {
            id: 7,
            name: "Corner Bakery".into(),
            stage: Stage::Active,
            offerings: Set::of(&[Offering::Refreshments]),
            goals: Set::of(&[Goal::Literacy, Goal::EarlyChildhood]),
            audiences: Set::of(&[Audience::Families, Audience::Adults]),
            availability: Availability::from_slugs(&["sat_morning"]).unwrap(),
            // About 1.2 km east of the branch.
            location: Some((44.9500, -93.1848)),
            record: TrackRecord {
                answered: 4,
                accepted: 3,
                due: 0,
                delivered: 0,
            },
            asks: vec![],
        }
    }

    fn reasons(s: &Suggestion) -> Vec<&str> {
        s.factors.iter().map(|f| f.reason.as_str()).collect()
    }

    #[test]
    fn each_factor_says_why_in_words() {
        let s = assess(&need(), &bakery(), &Weights::default()).unwrap();
        assert_eq!(
            reasons(&s),
            vec![
                "offers refreshments",
                "shares 2 of 3 goals (literacy, early childhood)",
                "serves families",
                "free on Saturday mornings",
                "1.2 km from Eastside Branch",
                "said yes to 3 of 4 asks",
            ]
        );
        let sum: i32 = s.factors.iter().map(|f| f.points).sum();
        assert_eq!(s.score as i32, sum, "the explanation adds up to the score");
    }

    #[test]
    fn recent_asks_cost_points_and_say_who_asked() {
        let mut b = bakery();
        b.asks = vec![PastAsk {
            days_ago: 9,
            by: "Central".into(),
            open: false,
        }];
        let before = assess(&need(), &bakery(), &Weights::default()).unwrap();
        let after = assess(&need(), &b, &Weights::default()).unwrap();
        assert_eq!(before.score - after.score, 15);
        assert_eq!(
            after.factors.last().unwrap().reason,
            "asked 9 days ago by Central (−15)"
        );
        // Old asks are forgotten.
        b.asks[0].days_ago = 31;
        assert_eq!(
            assess(&need(), &b, &Weights::default()).unwrap().score,
            before.score
        );
    }

    #[test]
    fn too_many_open_asks_leave_a_partner_out_and_say_so() {
        let mut b = bakery();
        let open = |by: &str| PastAsk {
            days_ago: 3,
            by: by.into(),
            open: true,
        };
        b.asks = vec![open("Central"), open("Northside")];
        let r = rank(&need(), &[b], &Weights::default(), usize::MAX);
        assert!(r.suggestions.is_empty());
        assert_eq!(
            r.left_out[0].reason,
            "already has 2 open asks (the limit is 2)"
        );
    }

    #[test]
    fn ended_and_paused_partners_are_not_suggested_but_prospects_are() {
        for (stage, suggested) in [
            (Stage::Ended, false),
            (Stage::Paused, false),
            (Stage::Prospect, true),
            (Stage::Contacted, true),
        ] {
            let mut b = bakery();
            b.stage = stage;
            assert_eq!(
                assess(&need(), &b, &Weights::default()).is_ok(),
                suggested,
                "{stage:?}"
            );
        }
    }

    #[test]
    fn weights_change_the_points_and_the_explanation_follows() {
        let only_offering = Weights {
            offering: 1,
            goals: 0,
            audience: 0,
            availability: 0,
            distance: 0,
            track_record: 0,
            ..Weights::default()
        };
        let s = assess(&need(), &bakery(), &only_offering).unwrap();
        assert_eq!(s.score, 100);
        assert_eq!(s.factors[0].points, 100);
        assert!(s.factors[1..].iter().all(|f| f.points == 0));
    }

    #[test]
    fn missing_facts_are_neutral_and_named() {
        let mut b = bakery();
        b.location = None;
        b.availability = Availability::default();
        b.record = TrackRecord::default();
        b.audiences = Set::default();
        let s = assess(&need(), &b, &Weights::default()).unwrap();
        let r = reasons(&s);
        assert!(r.contains(&"location not on file"));
        assert!(r.contains(&"availability not on file"));
        assert!(r.contains(&"no asks answered yet"));
        assert!(r.contains(&"audiences not on file"));
    }

    #[test]
    fn a_need_over_a_week_covers_every_day() {
        let slots = need_slots(date!(2026 - 12 - 01), date!(2026 - 12 - 20), None);
        assert_eq!(slots.len(), 21);
        let sat = need_slots(
            date!(2026 - 12 - 05),
            date!(2026 - 12 - 06),
            Some(DayPart::Evening),
        );
        assert_eq!(
            sat,
            vec![
                (Weekday::Sat, DayPart::Evening),
                (Weekday::Sun, DayPart::Evening)
            ]
        );
    }

    #[test]
    fn distance_is_great_circle() {
        // Minneapolis to St Paul city halls: about 14.5 km.
        let km = distance_km((44.9772, -93.2655), (44.9445, -93.0933));
        assert!((14.0..15.0).contains(&km), "{km}");
        assert_eq!(distance_km((10.0, 10.0), (10.0, 10.0)), 0.0);
    }

    #[test]
    fn equal_scores_order_by_name_then_id() {
        let mut a = bakery();
        a.name = "b".into();
        a.id = 2;
        let mut b = bakery();
        b.name = "A".into();
        b.id = 3;
        let mut c = bakery();
        c.name = "a".into();
        c.id = 1;
        let r = rank(&need(), &[a, b, c], &Weights::default(), usize::MAX);
        let ids: Vec<i64> = r.suggestions.iter().map(|s| s.partner_id).collect();
        assert_eq!(ids, vec![1, 3, 2]);
    }

    fn arb_weights() -> impl Strategy<Value = Weights> {
        (
            (
                0..=MAX_WEIGHT,
                0..=MAX_WEIGHT,
                0..=MAX_WEIGHT,
                0..=MAX_WEIGHT,
            ),
            (0..=MAX_WEIGHT, 0..=MAX_WEIGHT, 0..=MAX_WEIGHT),
            (0u32..=90, 1u32..=5, 1u32..=100),
        )
            .prop_map(|((o, g, a, av), (d, t, f), (days, cap, far))| Weights {
                offering: o,
                goals: g,
                audience: a,
                availability: av,
                distance: d,
                track_record: t,
                fatigue_per_ask: f,
                fatigue_days: days,
                open_ask_cap: cap,
                far_km: far,
            })
    }

    fn arb_need() -> impl Strategy<Value = NeedFacts> {
        (
            0..Offering::ALL.len(),
            0i64..(1 << Goal::ALL.len()),
            0i64..(1 << Audience::ALL.len()),
            0i64..120,
            0i64..10,
            prop::option::of(0..DayPart::ALL.len()),
            prop::option::of((44.8f64..45.1, -93.4f64..-93.0)),
        )
            .prop_map(|(o, g, a, start, len, part, place)| {
                let first = date!(2026 - 01 - 01) + time::Duration::days(start);
                NeedFacts {
                    offering: Offering::ALL[o],
                    goals: Set::from_mask(g),
                    audiences: Set::from_mask(a),
                    slots: need_slots(
                        first,
                        first + time::Duration::days(len),
                        part.map(|p| DayPart::ALL[p]),
                    ),
                    place: place.map(|(latitude, longitude)| Place {
                        name: "Branch".into(),
                        latitude,
                        longitude,
                    }),
                }
            })
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (
            (1i64..1000, "[a-zA-Z ]{1,12}", 0..Stage::ALL.len()),
            (
                0i64..(1 << Offering::ALL.len()),
                0i64..(1 << Goal::ALL.len()),
                0i64..(1 << Audience::ALL.len()),
                0i64..(1 << 21),
            ),
            prop::option::of((44.0f64..46.0, -94.0f64..-92.0)),
            (0u32..20, 0u32..20, 0u32..20, 0u32..20),
            prop::collection::vec((0u32..90, any::<bool>()), 0..5),
        )
            .prop_map(
                |((id, name, stage), (o, g, a, av), location, (x, y, z, v), asks)| Candidate {
                    id,
                    name,
                    stage: Stage::ALL[stage],
                    offerings: Set::from_mask(o),
                    goals: Set::from_mask(g),
                    audiences: Set::from_mask(a),
                    availability: Availability(av),
                    location,
                    record: TrackRecord {
                        answered: x.max(y),
                        accepted: x.min(y),
                        due: z.max(v),
                        delivered: z.min(v),
                    },
                    asks: asks
                        .into_iter()
                        .map(|(days_ago, open)| PastAsk {
                            days_ago,
                            by: "Central".into(),
                            open,
                        })
                        .collect(),
                },
            )
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_explanations_add_up(
            need in arb_need(), c in arb_candidate(), w in arb_weights()
        ) {
            if let Ok(s) = assess(&need, &c, &w) {
                prop_assert!(s.score <= 100);
                let sum: i32 = s.factors.iter().map(|f| f.points).sum();
                prop_assert_eq!(s.score as i32, sum.clamp(0, 100));
                prop_assert!(s.factors.iter().all(|f| !f.reason.is_empty()));
            }
        }

        #[test]
        fn offering_what_the_need_asks_for_never_lowers_a_score(
            need in arb_need(), c in arb_candidate(), w in arb_weights()
        ) {
            let mut without = c.clone();
            without.offerings.remove(need.offering);
            let mut with = without.clone();
            with.offerings.insert(need.offering);
            match (assess(&need, &without, &w), assess(&need, &with, &w)) {
                (Ok(a), Ok(b)) => prop_assert!(b.score >= a.score),
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "offerings must not decide who is left out"),
            }
        }

        #[test]
        fn partners_at_the_open_ask_cap_never_appear(
            need in arb_need(), cs in prop::collection::vec(arb_candidate(), 0..12), w in arb_weights()
        ) {
            let mut cs = cs;
            for (i, c) in cs.iter_mut().enumerate() {
                c.id = i as i64 + 1;
            }
            let r = rank(&need, &cs, &w, usize::MAX);
            for s in &r.suggestions {
                let c = cs.iter().find(|c| c.id == s.partner_id).unwrap();
                let open = c.asks.iter().filter(|a| a.open).count() as u32;
                prop_assert!(open < w.open_ask_cap);
                prop_assert!(!matches!(c.stage, Stage::Ended | Stage::Paused));
            }
            prop_assert_eq!(r.suggestions.len() + r.left_out.len(), cs.len());
        }

        #[test]
        fn the_same_input_gives_the_same_order_whatever_order_it_came_in(
            need in arb_need(), cs in prop::collection::vec(arb_candidate(), 0..12), w in arb_weights()
        ) {
            let mut unique = cs.clone();
            unique.sort_by_key(|c| c.id);
            unique.dedup_by_key(|c| c.id);
            let a = rank(&need, &unique, &w, usize::MAX);
            let mut reversed = unique.clone();
            reversed.reverse();
            let b = rank(&need, &reversed, &w, usize::MAX);
            prop_assert_eq!(&a, &b);
            prop_assert!(a.suggestions.windows(2).all(|p| p[0].score >= p[1].score));
            // The first k of a ranking are the ranking cut at k.
            let k = unique.len() / 2;
            let cut = rank(&need, &unique, &w, k);
            prop_assert_eq!(&cut.suggestions[..], &a.suggestions[..k.min(a.suggestions.len())]);
            prop_assert_eq!(&cut.left_out[..], &a.left_out[..k.min(a.left_out.len())]);
            prop_assert_eq!((cut.suggested, cut.left_out_count), (a.suggested, a.left_out_count));
        }

        #[test]
        fn the_quick_score_is_the_explained_score(
            need in arb_need(), c in arb_candidate(), w in arb_weights()
        ) {
            if let Ok(s) = assess(&need, &c, &w) {
                prop_assert_eq!(score_of(&need, &c, &w), s.score);
            }
        }
    }
}
