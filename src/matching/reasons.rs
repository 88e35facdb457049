//! The matching engine's explanations: each factor's reason in words. Built only for the
//! partners a page shows; the scores themselves come from `engine`.

use super::engine::{distance_km, is_recent, Candidate, FactorKind, NeedFacts, Weights};
use crate::vocab::{DayPart, Set, Vocab, Weekday};

/// A factor's reason, in words.
pub(super) fn reason(kind: FactorKind, need: &NeedFacts, c: &Candidate, w: &Weights) -> String {
    match kind {
        FactorKind::Offering => {
            let wanted = need.offering.label().to_lowercase();
            if c.offerings.contains(need.offering) {
                format!("offers {wanted}")
            } else {
                format!("does not list {wanted}")
            }
        }
        FactorKind::Goals => goals_reason(need, c),
        FactorKind::Audience => audience_reason(need, c),
        FactorKind::Availability => availability_reason(need, c),
        FactorKind::Distance => distance_reason(need, c),
        FactorKind::TrackRecord => record_reason(c),
        FactorKind::Fatigue => {
            let n = c.asks.iter().filter(|a| is_recent(a, w)).count() as u32;
            format!("{n} recent {}", plural(n, "ask", "asks"))
        }
    }
}

fn lower_labels<T: Vocab>(values: Set<T>) -> String {
    values
        .to_vec()
        .iter()
        .map(|v| v.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

fn goals_reason(need: &NeedFacts, c: &Candidate) -> String {
    let n = need.goals.len();
    let both = need.goals.and(c.goals);
    let k = both.len();
    if k == 0 && n == 1 {
        format!("does not share the goal ({})", lower_labels(need.goals))
    } else if k == 0 {
        format!("shares none of the {n} goals")
    } else if n == 1 {
        format!("shares the goal ({})", lower_labels(both))
    } else {
        format!("shares {k} of {n} goals ({})", lower_labels(both))
    }
}

fn audience_reason(need: &NeedFacts, c: &Candidate) -> String {
    let n = need.audiences.len();
    let both = need.audiences.and(c.audiences);
    let k = both.len();
    if k == 0 {
        if c.audiences.is_empty() {
            "audiences not on file".to_string()
        } else {
            format!("serves other audiences ({})", lower_labels(c.audiences))
        }
    } else if k == n {
        format!("serves {}", lower_labels(both))
    } else {
        format!("serves {k} of {n} audiences ({})", lower_labels(both))
    }
}

fn slot_words(slots: &[(Weekday, DayPart)]) -> String {
    let words: Vec<String> = slots
        .iter()
        .take(2)
        .map(|(d, p)| format!("{} {}s", d.label(), p.label().to_lowercase()))
        .collect();
    let more = slots.len().saturating_sub(2);
    match more {
        0 => words.join(" and "),
        n => format!("{} and {n} more", words.join(", ")),
    }
}

fn availability_reason(need: &NeedFacts, c: &Candidate) -> String {
    if c.availability.0 == 0 {
        return "availability not on file".into();
    }
    let free: Vec<(Weekday, DayPart)> = need
        .slots
        .iter()
        .copied()
        .filter(|&(d, p)| c.availability.has(d, p))
        .collect();
    if free.is_empty() {
        format!("not free on {}", slot_words(&need.slots))
    } else {
        format!("free on {}", slot_words(&free))
    }
}

fn distance_reason(need: &NeedFacts, c: &Candidate) -> String {
    match (&need.place, c.location) {
        (None, _) => "the branch has no coordinates".into(),
        (Some(_), None) => "location not on file".into(),
        (Some(place), Some(at)) => {
            let km = distance_km((place.latitude, place.longitude), at);
            format!("{} from {}", km_words(km), place.name)
        }
    }
}

fn km_words(km: f64) -> String {
    if km < 10.0 {
        format!("{km:.1} km")
    } else {
        format!("{km:.0} km")
    }
}

fn record_reason(c: &Candidate) -> String {
    let r = c.record;
    if r.answered == 0 && r.due == 0 {
        return "no asks answered yet".into();
    }
    let mut words = Vec::new();
    if r.answered > 0 {
        words.push(format!(
            "said yes to {} of {} {}",
            r.accepted,
            r.answered,
            plural(r.answered, "ask", "asks")
        ));
    }
    if r.due > 0 {
        words.push(format!("delivered {} of {}", r.delivered, r.due));
    }
    words.join("; ")
}

pub(super) fn ago(days: u32) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

pub(super) fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}
