//! A partner's interaction log: what staff record about each call, visit and thank-you.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::InteractionKind;

/// One entry of a partner's interaction log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: i64,
    pub occurred_on: String,
    pub kind: InteractionKind,
    pub note: String,
    pub staff_name: Option<String>,
    /// When the entry was last corrected, and by whom.
    #[serde(default)]
    pub edited_at: Option<i64>,
    #[serde(default)]
    pub edited_by: Option<String>,
    /// Whether the librarian looking may edit or delete it (see [`may_change`]).
    #[serde(default)]
    pub can_change: bool,
}

/// Who may correct or delete a log entry: the librarian who wrote it, or an admin. Entries that
/// Commonplace wrote itself (an answer through a link, a merge) have no author: admins only.
pub fn may_change(author: Option<i64>, user: i64, is_admin: bool) -> bool {
    is_admin || author == Some(user)
}

/// An interaction as typed into the inline form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InteractionForm {
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub note: String,
}

/// A valid interaction, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewInteraction {
    pub occurred_on: String,
    pub kind: InteractionKind,
    pub note: String,
}

impl InteractionForm {
    /// Parses the form; `today` bounds the date (no entries from the future).
    pub fn parse(&self, today: time::Date) -> Result<NewInteraction, AppError> {
        let mut e = FieldErrors::default();
        let date = validate::date(&mut e, "occurred_on", &self.occurred_on);
        if let Some(d) = date {
            if d > today {
                e.add("occurred_on", "The date cannot be in the future.");
            }
        }
        let kind = validate::one::<InteractionKind>(&mut e, "kind", "Kind", &self.kind);
        let note = validate::text(&mut e, "note", "Note", &self.note, true, 2000);
        match (date, kind, note) {
            (Some(d), Some(kind), Some(note)) if e.is_empty() => Ok(NewInteraction {
                occurred_on: d.to_string(),
                kind,
                note,
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// The latest day an interaction may be dated, given the library's date: a day of slack, for a
/// librarian whose device's calendar is already on tomorrow.
pub fn latest_day(today: time::Date) -> time::Date {
    today.next_day().unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_author_or_an_admin_changes_an_entry() {
        assert!(may_change(Some(4), 4, false));
        assert!(!may_change(Some(4), 5, false));
        assert!(may_change(Some(4), 5, true));
        assert!(
            !may_change(None, 5, false),
            "Commonplace's own entries: admins only"
        );
        assert!(may_change(None, 5, true));
    }

    #[test]
    fn an_evening_entry_is_not_in_the_future() {
        let today = crate::when::parse_iso_date("2026-03-13").unwrap();
        assert_eq!(latest_day(today).to_string(), "2026-03-14");
    }

    #[test]
    fn interactions_cannot_be_in_the_future() {
        let today = crate::when::parse_iso_date("2026-03-10").unwrap();
        let f = InteractionForm {
            occurred_on: "2026-03-11".into(),
            kind: "call".into(),
            note: "hi".into(),
        };
        assert_eq!(
            f.parse(today)
                .unwrap_err()
                .fields()
                .unwrap()
                .get("occurred_on"),
            Some("The date cannot be in the future.")
        );
        let ok = InteractionForm {
            occurred_on: "2026-03-10".into(),
            ..f
        };
        assert_eq!(ok.parse(today).unwrap().kind, InteractionKind::Call);
    }
}
