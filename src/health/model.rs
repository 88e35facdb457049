//! The health rule: pure, tested here.

use serde::{Deserialize, Serialize};

/// What the health of one partnership is judged from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthFacts {
    /// Days since the last logged contact (calls, visits, asks and answers); `None`: never.
    pub days_since_contact: Option<i64>,
    /// Asks sent, and of those the ones the partner answered.
    pub asks_sent: i64,
    pub asks_answered: i64,
    /// Asks whose link ran out without an answer.
    pub asks_ignored: i64,
    /// Commitments now due (accepted asks past their date), and of those the ones delivered.
    pub due: i64,
    pub delivered: i64,
    /// Recognition the library owed by now, and of that what it gave.
    pub recognition_due: i64,
    pub recognition_given: i64,
    /// Whether the partnership is one the library is actively keeping (active or contacted).
    pub kept: bool,
}

/// A partnership's health.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub score: i64,
    /// One line per part of the score.
    pub reasons: Vec<String>,
    /// Why the partnership is at risk; empty when it is not.
    pub risks: Vec<String>,
}

/// No contact for this long puts a kept partnership at risk.
pub const QUIET_DAYS: i64 = 90;

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Scores a partnership: recency of contact 40 points, answering asks 20, delivering 20,
/// the library's own recognition kept 20. Rates are smoothed, so one ask does not make a
/// perfect or a hopeless record.
pub fn assess(f: &HealthFacts) -> Health {
    let mut reasons = Vec::new();
    let mut risks = Vec::new();
    let recency = match f.days_since_contact {
        None => {
            reasons.push("no contact logged yet".to_string());
            0.0
        }
        Some(d) => {
            let d = d.max(0);
            reasons.push(match d {
                0 => "in touch today".to_string(),
                1 => "last contact yesterday".to_string(),
                d => format!("last contact {d} days ago"),
            });
            if d <= 30 {
                40.0
            } else if d >= 180 {
                0.0
            } else {
                40.0 * (180 - d) as f64 / 150.0
            }
        }
    };
    if f.kept && f.days_since_contact.is_none_or(|d| d > QUIET_DAYS) {
        risks.push(format!("no contact in {QUIET_DAYS} days"));
    }
    let rate = |good: i64, of: i64| (good.max(0) as f64 + 1.0) / (of.max(0) as f64 + 2.0);
    let answering = 20.0 * rate(f.asks_answered, f.asks_sent);
    reasons.push(if f.asks_sent == 0 {
        "not asked yet".to_string()
    } else {
        format!(
            "answered {} of {}",
            f.asks_answered,
            plural(f.asks_sent, "ask", "asks")
        )
    });
    if f.asks_ignored > 0 {
        risks.push(format!("{} ignored", plural(f.asks_ignored, "ask", "asks")));
    }
    let delivering = 20.0 * rate(f.delivered, f.due);
    reasons.push(if f.due == 0 {
        "nothing due from them yet".to_string()
    } else {
        format!(
            "delivered {} of {}",
            f.delivered,
            plural(f.due, "commitment", "commitments")
        )
    });
    let owed = f.recognition_due - f.recognition_given;
    let recognising = if f.recognition_due == 0 {
        20.0
    } else {
        20.0 * f.recognition_given.max(0) as f64 / f.recognition_due as f64
    };
    if owed > 0 {
        reasons.push(format!(
            "{} overdue",
            plural(owed, "recognition", "recognitions")
        ));
        risks.push("recognition overdue".to_string());
    } else {
        reasons.push("recognition up to date".to_string());
    }
    let score = (recency + answering + delivering + recognising).round() as i64;
    Health {
        score: score.clamp(0, 100),
        reasons,
        risks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn good() -> HealthFacts {
        HealthFacts {
            days_since_contact: Some(5),
            asks_sent: 4,
            asks_answered: 4,
            asks_ignored: 0,
            due: 3,
            delivered: 3,
            recognition_due: 2,
            recognition_given: 2,
            kept: true,
        }
    }

    #[test]
    fn a_close_partnership_is_healthy_and_says_why() {
        let h = assess(&good());
        assert!(h.score >= 85, "{}", h.score);
        assert!(h.risks.is_empty());
        assert_eq!(
            h.reasons,
            vec![
                "last contact 5 days ago",
                "answered 4 of 4 asks",
                "delivered 3 of 3 commitments",
                "recognition up to date"
            ]
        );
    }

    #[test]
    fn silence_overdue_thanks_and_ignored_asks_are_risks() {
        let f = HealthFacts {
            days_since_contact: Some(120),
            asks_ignored: 2,
            recognition_due: 1,
            recognition_given: 0,
            ..good()
        };
        let h = assess(&f);
        assert_eq!(
            h.risks,
            vec![
                "no contact in 90 days",
                "2 asks ignored",
                "recognition overdue"
            ]
        );
        assert!(h.reasons.contains(&"1 recognition overdue".to_string()));
        assert!(h.score < assess(&good()).score);
    }

    #[test]
    fn prospects_are_not_at_risk_for_being_quiet() {
        let f = HealthFacts {
            days_since_contact: None,
            kept: false,
            ..Default::default()
        };
        assert!(assess(&f).risks.is_empty());
    }

    fn facts() -> impl Strategy<Value = HealthFacts> {
        (
            proptest::option::of(0i64..1000),
            (0i64..20, 0i64..20, 0i64..5),
            (0i64..20, 0i64..20),
            (0i64..10, 0i64..10),
            any::<bool>(),
        )
            .prop_map(
                |(d, (sent, ans, ign), (due, del), (rd, rg), kept)| HealthFacts {
                    days_since_contact: d,
                    asks_sent: sent,
                    asks_answered: ans.min(sent),
                    asks_ignored: ign,
                    due,
                    delivered: del.min(due),
                    recognition_due: rd,
                    recognition_given: rg.min(rd),
                    kept,
                },
            )
    }

    proptest! {
        #[test]
        fn scores_stay_in_range(f in facts()) {
            let h = assess(&f);
            prop_assert!((0..=100).contains(&h.score));
            prop_assert_eq!(h.reasons.len(), 4);
        }

        #[test]
        fn a_more_recent_contact_never_lowers_health(f in facts(), sooner in 0i64..1000) {
            let mut later = f.clone();
            later.days_since_contact = Some(sooner);
            let mut earlier = f;
            earlier.days_since_contact = Some(sooner + 10);
            prop_assert!(assess(&later).score >= assess(&earlier).score);
        }

        #[test]
        fn keeping_a_promise_never_lowers_health(f in facts()) {
            prop_assume!(f.recognition_given < f.recognition_due);
            let mut kept = f.clone();
            kept.recognition_given += 1;
            prop_assert!(assess(&kept).score >= assess(&f).score);
        }
    }
}
