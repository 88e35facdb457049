//! What the library gives back to partners: the kinds of recognition and the ledger items.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::{vocab, Vocab};

vocab! {
    /// A way the library thanks a partner in public.
    RecognitionKind {
        FlyerMention = "flyer_mention", "A mention in the library flyer";
        FrontDeskSign = "front_desk_sign", "A sign at the front desk";
        SponsorList = "sponsor_list", "A place on the sponsor wall";
        ThankYouPost = "thank_you_post", "A thank-you post";
        ProgramCredit = "program_credit", "The partner's name on the program page";
    }
}

/// One promise in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionItem {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub ask_id: Option<i64>,
    /// The ask's subject, when the item came from one.
    pub ask_subject: Option<String>,
    pub kind: RecognitionKind,
    pub note: Option<String>,
    pub due_on: String,
    pub fulfilled_on: Option<String>,
}

impl RecognitionItem {
    /// Due before `today` and not fulfilled.
    pub fn overdue(&self, today: &str) -> bool {
        self.fulfilled_on.is_none() && self.due_on.as_str() < today
    }
}

/// A recognition item typed in by staff. Its field names are its own: the form sits on the
/// partner's page beside the interaction log's, and ids follow names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionForm {
    #[serde(default)]
    pub partner_id: String,
    #[serde(default)]
    pub recognition: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub recognition_note: String,
}

/// A valid new recognition item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecognition {
    pub partner_id: i64,
    pub kind: RecognitionKind,
    pub due_on: String,
    pub note: Option<String>,
}

impl RecognitionForm {
    pub fn parse(&self) -> Result<NewRecognition, AppError> {
        let mut e = FieldErrors::default();
        let partner_id = self.partner_id.trim().parse::<i64>().ok();
        if partner_id.is_none() {
            e.add("partner_id", "Choose the partner.");
        }
        let kind = validate::one::<RecognitionKind>(
            &mut e,
            "recognition",
            "Recognition",
            &self.recognition,
        );
        let due = validate::date(&mut e, "due_on", &self.due_on);
        let note = validate::text(
            &mut e,
            "recognition_note",
            "Note",
            &self.recognition_note,
            false,
            500,
        );
        match (partner_id, kind, due) {
            (Some(partner_id), Some(kind), Some(due)) if e.is_empty() => Ok(NewRecognition {
                partner_id,
                kind,
                due_on: due.to_string(),
                note,
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// A partner on the public sponsor wall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sponsor {
    pub partner_id: i64,
    pub name: String,
    pub website: Option<String>,
    /// What the library is thanking them for, e.g. "Refreshments, Sponsorship donation".
    pub thanks_for: Vec<String>,
}

/// The printable flyer of one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flyer {
    pub library: String,
    /// `YYYY-MM`.
    pub month: String,
    /// "December 2026".
    pub month_label: String,
    /// Partners the flyer mentions this month, with what they did.
    pub highlights: Vec<Highlight>,
    pub sponsors: Vec<Sponsor>,
}

/// A partner the flyer thanks by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub name: String,
    pub what: String,
}

/// The first day of the flyer's month: the one asked for (`YYYY-MM`), or today's when empty.
pub fn flyer_month(month: &str, today: time::Date) -> Result<time::Date, AppError> {
    if month.trim().is_empty() {
        return Ok(today.replace_day(1).unwrap_or(today));
    }
    crate::when::parse_month(month)
        .ok_or_else(|| AppError::field("month", "Choose a month like 2026-12."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::{month_label, parse_month};

    #[test]
    fn months_parse_strictly() {
        assert_eq!(
            parse_month("2026-12").map(|d| d.to_string()),
            Some("2026-12-01".into())
        );
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("26-12"), None);
        assert_eq!(parse_month("december"), None);
        assert_eq!(parse_month("9999-12"), None);
        assert_eq!(parse_month("2026-12-01"), None);
        assert_eq!(parse_month("0000-01"), None);
    }

    #[test]
    fn the_flyer_shows_this_month_unless_asked_for_another() {
        let today = crate::when::parse_iso_date("2026-11-29").unwrap();
        assert_eq!(flyer_month("", today).unwrap().to_string(), "2026-11-01");
        assert_eq!(
            flyer_month("2027-01", today).unwrap().to_string(),
            "2027-01-01"
        );
        assert!(flyer_month("2026-13", today).is_err());
    }

    #[test]
    fn month_labels_read_naturally() {
        assert_eq!(
            month_label(parse_month("2026-12").unwrap()),
            "December 2026"
        );
    }

    #[test]
    fn only_unfulfilled_past_items_are_overdue() {
        let mut item = RecognitionItem {
            id: 1,
            partner_id: 1,
            partner_name: "Bakery".into(),
            ask_id: None,
            ask_subject: None,
            kind: RecognitionKind::FlyerMention,
            note: None,
            due_on: "2026-11-01".into(),
            fulfilled_on: None,
        };
        assert!(item.overdue("2026-11-02"));
        assert!(!item.overdue("2026-11-01"));
        item.fulfilled_on = Some("2026-11-03".into());
        assert!(!item.overdue("2026-12-01"));
    }

    #[test]
    fn a_recognition_needs_a_partner_kind_and_date() {
        let err = RecognitionForm::default().parse().unwrap_err();
        let AppError::Invalid(e) = err else { panic!() };
        assert!(e.get("partner_id").is_some());
        assert!(e.get("recognition").is_some());
        assert!(e.get("due_on").is_some());
    }
}
