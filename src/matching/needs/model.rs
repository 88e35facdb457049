//! A need as staff record it, its states, and the rules of a valid one; what the matching
//! engine needs to know of it. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::matching::engine::{need_slots, NeedFacts, Place};
use crate::validate;
use crate::vocab::{vocab, Audience, DayPart, Goal, Offering, Vocab};

vocab! {
    /// Where a need stands.
    NeedStatus {
        Open = "open", "Open";
        Filled = "filled", "Filled";
        Cancelled = "cancelled", "Cancelled";
    }
}

vocab! {
    /// When in the day a need falls.
    TimeOfDay {
        Any = "any", "Any time";
        Morning = "morning", "Morning";
        Afternoon = "afternoon", "Afternoon";
        Evening = "evening", "Evening";
    }
}

impl NeedStatus {
    /// A state sent by a form or a link.
    pub fn parse(slug: &str) -> Result<Self, AppError> {
        Self::from_slug(slug.trim()).ok_or_else(|| {
            AppError::BadRequest("Choose open, filled or cancelled for the need.".into())
        })
    }

    /// The needs list's filter: one state, or every state for `""` and `"all"`.
    pub fn parse_filter(slug: &str) -> Result<Option<Self>, AppError> {
        match slug.trim() {
            "" | "all" => Ok(None),
            s => Self::parse(s).map(Some),
        }
    }
}

impl TimeOfDay {
    /// The part of the day, or `None` for any time.
    pub fn day_part(self) -> Option<DayPart> {
        match self {
            Self::Any => None,
            Self::Morning => Some(DayPart::Morning),
            Self::Afternoon => Some(DayPart::Afternoon),
            Self::Evening => Some(DayPart::Evening),
        }
    }
}

/// Longest span one need may cover.
pub const MAX_NEED_DAYS: i64 = 366;

/// A need as typed into the staff form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NeedForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub offering: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub branch_id: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub time_of_day: String,
    #[serde(default)]
    pub notes: String,
    /// The poll whose result prompted this need, if any.
    #[serde(default)]
    pub poll_id: String,
}

/// A valid need, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub title: String,
    pub offering: Offering,
    pub goals: Vec<Goal>,
    pub audiences: Vec<Audience>,
    pub branch_id: i64,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, on or after `starts_on`.
    pub ends_on: String,
    pub time_of_day: TimeOfDay,
    pub notes: Option<String>,
    pub poll_id: Option<i64>,
}

impl NeedForm {
    pub fn validate(&self) -> FieldErrors {
        self.parse()
            .err()
            .and_then(|e| e.fields().cloned())
            .unwrap_or_default()
    }

    /// Parses the form. A missing end date means a one-day need.
    pub fn parse(&self) -> Result<Need, AppError> {
        let mut e = FieldErrors::default();
        let title = validate::text(&mut e, "title", "Title", &self.title, true, 120);
        let offering = validate::one::<Offering>(&mut e, "offering", "Offering", &self.offering);
        let goals = validate::slugs::<Goal>(&mut e, "goals", &self.goals);
        let audiences = validate::slugs::<Audience>(&mut e, "audiences", &self.audiences);
        let branch_id = match self.branch_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                e.add("branch_id", "Choose a branch.");
                None
            }
        };
        let starts = if self.starts_on.trim().is_empty() {
            e.add("starts_on", "Give the date of the need.");
            None
        } else {
            validate::date(&mut e, "starts_on", &self.starts_on)
        };
        let ends = if self.ends_on.trim().is_empty() {
            starts
        } else {
            validate::date(&mut e, "ends_on", &self.ends_on)
        };
        if let (Some(s), Some(t)) = (starts, ends) {
            if t < s {
                e.add("ends_on", "The last day cannot come before the first.");
            } else if (t - s).whole_days() >= MAX_NEED_DAYS {
                e.add("ends_on", "A need can span at most a year.");
            }
        }
        let time_of_day = if self.time_of_day.trim().is_empty() {
            Some(TimeOfDay::Any)
        } else {
            validate::one::<TimeOfDay>(&mut e, "time_of_day", "Time of day", &self.time_of_day)
        };
        let notes = validate::text(&mut e, "notes", "Notes", &self.notes, false, 2000);
        let poll_id = self.poll_id.trim().parse::<i64>().ok().filter(|id| *id > 0);
        let (Some(title), Some(offering), Some(branch_id), Some(s), Some(t), Some(time_of_day)) =
            (title, offering, branch_id, starts, ends, time_of_day)
        else {
            return Err(AppError::Invalid(e));
        };
        e.into_result(Need {
            title,
            offering,
            goals,
            audiences,
            branch_id,
            starts_on: s.to_string(),
            ends_on: t.to_string(),
            time_of_day,
            notes,
            poll_id,
        })
    }
}

impl Need {
    pub fn to_form(&self) -> NeedForm {
        NeedForm {
            title: self.title.clone(),
            offering: self.offering.slug().into(),
            goals: self.goals.iter().map(|g| g.slug().into()).collect(),
            audiences: self.audiences.iter().map(|a| a.slug().into()).collect(),
            branch_id: self.branch_id.to_string(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            time_of_day: self.time_of_day.slug().into(),
            notes: self.notes.clone().unwrap_or_default(),
            poll_id: self.poll_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    /// What the matching engine needs to know, given where the need's branch is.
    pub fn facts(&self, place: Option<Place>) -> NeedFacts {
        let slots = match (
            crate::when::parse_iso_date(&self.starts_on),
            crate::when::parse_iso_date(&self.ends_on),
        ) {
            (Some(s), Some(t)) => need_slots(s, t, self.time_of_day.day_part()),
            _ => Vec::new(),
        };
        NeedFacts {
            offering: self.offering,
            goals: crate::vocab::Set::of(&self.goals),
            audiences: crate::vocab::Set::of(&self.audiences),
            slots,
            place,
        }
    }

    /// "Sat 5 Dec 2026, morning" or "1–20 Dec 2026, any time".
    pub fn when(&self) -> String {
        let span = crate::when::day_span(&self.starts_on, &self.ends_on);
        match self.time_of_day {
            TimeOfDay::Any => span,
            t => format!("{span}, {}", t.label().to_lowercase()),
        }
    }
}

/// A stored need with its branch and who recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedRecord {
    pub id: i64,
    pub need: Need,
    pub status: NeedStatus,
    pub branch_name: String,
    pub created_by: Option<String>,
    pub poll_question: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One row of the needs list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSummary {
    pub id: i64,
    pub title: String,
    pub offering: Offering,
    pub branch_name: String,
    pub when: String,
    pub status: NeedStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NeedForm {
        NeedForm {
            title: "Refreshments for the community meeting".into(),
            offering: "refreshments".into(),
            goals: vec!["civic_life".into()],
            audiences: vec!["adults".into()],
            branch_id: "2".into(),
            starts_on: "2026-12-05".into(),
            ends_on: String::new(),
            time_of_day: "evening".into(),
            notes: String::new(),
            poll_id: String::new(),
        }
    }

    #[test]
    fn a_need_without_an_end_lasts_one_day() {
        let n = form().parse().unwrap();
        assert_eq!(n.starts_on, "2026-12-05");
        assert_eq!(n.ends_on, "2026-12-05");
        assert_eq!(n.time_of_day, TimeOfDay::Evening);
        assert_eq!(n.to_form().parse().unwrap(), n);
    }

    #[test]
    fn bad_needs_name_each_field() {
        let f = NeedForm {
            title: " ".into(),
            offering: "cake".into(),
            branch_id: "".into(),
            starts_on: "2026-12-05".into(),
            ends_on: "2026-12-01".into(),
            time_of_day: "noon".into(),
            ..form()
        };
        let e = f.validate();
        assert_eq!(e.get("title"), Some("Title is required."));
        assert_eq!(e.get("offering"), Some("Choose a offering from the list."));
        assert_eq!(e.get("branch_id"), Some("Choose a branch."));
        assert_eq!(
            e.get("ends_on"),
            Some("The last day cannot come before the first.")
        );
        assert!(e.get("time_of_day").is_some());
        let missing = NeedForm {
            starts_on: String::new(),
            ..form()
        };
        assert_eq!(
            missing.validate().get("starts_on"),
            Some("Give the date of the need.")
        );
    }

    #[test]
    fn need_states_parse_and_all_means_no_filter() {
        assert_eq!(NeedStatus::parse("filled"), Ok(NeedStatus::Filled));
        assert_eq!(NeedStatus::parse_filter("all"), Ok(None));
        assert_eq!(NeedStatus::parse_filter(""), Ok(None));
        assert_eq!(
            NeedStatus::parse_filter("cancelled"),
            Ok(Some(NeedStatus::Cancelled))
        );
        assert!(matches!(
            NeedStatus::parse("done"),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn a_need_knows_its_weekly_cells() {
        let n = form().parse().unwrap();
        let facts = n.facts(None);
        assert_eq!(
            facts.slots,
            vec![(crate::vocab::Weekday::Sat, DayPart::Evening)]
        );
        assert!(facts.place.is_none());
    }
}
