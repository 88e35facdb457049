//! "Find partners": an open need, or one described on the spot, and filters on who may be
//! suggested. Shared by the page and the server; the parsing rules are tested here.

use serde::{Deserialize, Serialize};

use super::branches::model::BranchRecord;
use super::engine::Ranking;
use super::needs::model::{NeedSummary, TimeOfDay};
use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::{Audience, Goal, Offering, PartnerKind, Stage, Vocab};

/// The search as it comes from the page's form (and sits in its URL).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindForm {
    /// An open need's id; empty to describe one.
    #[serde(default)]
    pub need: String,
    #[serde(default)]
    pub offering: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub branch_id: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub time_of_day: String,
    /// Filters.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub within_km: String,
    #[serde(default)]
    pub min_score: String,
}

/// What to rank partners for.
#[derive(Clone, Debug, PartialEq)]
pub enum Wanted {
    Need(i64),
    Described {
        offering: Offering,
        goals: Vec<Goal>,
        audiences: Vec<Audience>,
        branch_id: Option<i64>,
        on: Option<time::Date>,
        time_of_day: TimeOfDay,
    },
}

/// Who may be suggested.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub kind: Option<PartnerKind>,
    pub stage: Option<Stage>,
    pub within_km: Option<f64>,
    pub min_score: u8,
}

/// A parsed search.
#[derive(Clone, Debug, PartialEq)]
pub struct FindQuery {
    pub wanted: Wanted,
    pub filters: Filters,
}

fn optional<T: Vocab>(e: &mut FieldErrors, field: &str, label: &str, v: &str) -> Option<T> {
    if v.trim().is_empty() {
        None
    } else {
        validate::one::<T>(e, field, label, v)
    }
}

impl FindForm {
    /// Whether the form asks for anything yet (a blank page shows only the form).
    pub fn is_blank(&self) -> bool {
        self.need.trim().is_empty() && self.offering.trim().is_empty()
    }

    pub fn parse(&self) -> Result<FindQuery, AppError> {
        let mut e = FieldErrors::default();
        let wanted = match self.need.trim() {
            "" => {
                let offering = if self.offering.trim().is_empty() {
                    e.add(
                        "offering",
                        "Choose an open need, or the offering you are looking for.",
                    );
                    None
                } else {
                    validate::one::<Offering>(&mut e, "offering", "Offering", &self.offering)
                };
                let goals = validate::slugs::<Goal>(&mut e, "goals", &self.goals);
                let audiences = validate::slugs::<Audience>(&mut e, "audiences", &self.audiences);
                let branch_id = match self.branch_id.trim() {
                    "" => None,
                    v => match v.parse::<i64>() {
                        Ok(id) => Some(id),
                        Err(_) => {
                            e.add("branch_id", "Choose a branch from the list.");
                            None
                        }
                    },
                };
                let on = match self.on.trim() {
                    "" => None,
                    v => validate::date(&mut e, "on", v),
                };
                let time_of_day =
                    optional::<TimeOfDay>(&mut e, "time_of_day", "Time of day", &self.time_of_day)
                        .unwrap_or(TimeOfDay::Any);
                offering.map(|offering| Wanted::Described {
                    offering,
                    goals,
                    audiences,
                    branch_id,
                    on,
                    time_of_day,
                })
            }
            v => match v.parse::<i64>() {
                Ok(id) => Some(Wanted::Need(id)),
                Err(_) => {
                    e.add("need", "Choose a need from the list.");
                    None
                }
            },
        };
        let kind = optional::<PartnerKind>(&mut e, "kind", "Kind of partner", &self.kind);
        let stage = optional::<Stage>(&mut e, "stage", "Stage", &self.stage);
        let within_km = match self.within_km.trim() {
            "" => None,
            v => match v.parse::<f64>() {
                Ok(km) if km > 0.0 && km <= 500.0 => Some(km),
                _ => {
                    e.add(
                        "within_km",
                        "Give a distance from 0.1 to 500 km, or leave it empty.",
                    );
                    None
                }
            },
        };
        let min_score = match self.min_score.trim() {
            "" => 0,
            v => match v.parse::<u8>() {
                Ok(n) if n <= 100 => n,
                _ => {
                    e.add("min_score", "Give a score from 0 to 100.");
                    0
                }
            },
        };
        match wanted {
            Some(wanted) if e.is_empty() => Ok(FindQuery {
                wanted,
                filters: Filters {
                    kind,
                    stage,
                    within_km,
                    min_score,
                },
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// What the page shows: the choices for its form, and the ranking once it asks for one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindView {
    pub needs: Vec<NeedSummary>,
    pub branches: Vec<BranchRecord>,
    pub result: Option<FindResult>,
    /// What was wrong with the search, shown beside its fields.
    pub errors: FieldErrors,
}

/// A ranking for one search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindResult {
    /// The need searched for, when it is a recorded one (asks drafted from here are for it).
    pub need_id: Option<i64>,
    /// The need in words.
    pub title: String,
    pub ranking: Ranking,
    /// Partners the filters set aside.
    pub filtered_out: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_need_is_enough() {
        let q = FindForm {
            need: "4".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(q.wanted, Wanted::Need(4));
        assert_eq!(q.filters, Filters::default());
    }

    #[test]
    fn a_described_need_needs_its_offering() {
        let AppError::Invalid(e) = FindForm::default().parse().unwrap_err() else {
            panic!()
        };
        assert!(e.get("offering").is_some());
        let q = FindForm {
            offering: "refreshments".into(),
            goals: vec!["literacy".into()],
            on: "2026-12-05".into(),
            time_of_day: "morning".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        let Wanted::Described {
            offering,
            goals,
            on,
            time_of_day,
            ..
        } = q.wanted
        else {
            panic!()
        };
        assert_eq!(offering, Offering::Refreshments);
        assert_eq!(goals, vec![Goal::Literacy]);
        assert_eq!(on.map(|d| d.to_string()).as_deref(), Some("2026-12-05"));
        assert_eq!(time_of_day, TimeOfDay::Morning);
    }

    #[test]
    fn filters_are_checked() {
        let f = FindForm {
            need: "1".into(),
            kind: "bakery".into(),
            within_km: "-3".into(),
            min_score: "101".into(),
            ..Default::default()
        };
        let AppError::Invalid(e) = f.parse().unwrap_err() else {
            panic!()
        };
        assert!(e.get("kind").is_some());
        assert!(e.get("within_km").is_some());
        assert!(e.get("min_score").is_some());
        let ok = FindForm {
            need: "1".into(),
            kind: "local_business".into(),
            stage: "active".into(),
            within_km: "2.5".into(),
            min_score: "40".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.filters.kind, Some(PartnerKind::LocalBusiness));
        assert_eq!(ok.filters.within_km, Some(2.5));
        assert_eq!(ok.filters.min_score, 40);
    }
}
