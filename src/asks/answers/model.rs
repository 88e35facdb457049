//! A partner's answer: the choices, the form and its rules, what the link page shows, and
//! the words the interaction log keeps. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::asks::model::{AskKind, AskStatus};
use crate::error::{AppError, FieldErrors};
use crate::recognition::model::RecognitionKind;
use crate::validate;
use crate::vocab::{vocab, Vocab};

vocab! {
    /// A partner's answer to an ask.
    Answer {
        Accept = "accept", "Yes, we can do it";
        Decline = "decline", "No, not this time";
        Propose = "propose", "Yes, but on another date";
    }
}

impl Answer {
    /// The state an ask is in after this answer.
    pub fn status(self) -> AskStatus {
        match self {
            Answer::Accept => AskStatus::Accepted,
            Answer::Decline => AskStatus::Declined,
            Answer::Propose => AskStatus::Proposed,
        }
    }
}

/// An ask as the partner sees it through the link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerAsk {
    pub library: String,
    pub partner_name: String,
    pub contact_name: String,
    pub kind: AskKind,
    pub subject: String,
    pub message: String,
    pub in_return: Vec<RecognitionKind>,
    pub reply_by: String,
    pub status: AskStatus,
    pub answer_note: Option<String>,
    pub proposed_on: Option<String>,
    pub expires_at: i64,
    /// The link ran out.
    pub expired: bool,
    pub listed_publicly: bool,
}

/// A partner's answer as posted from the link page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub proposed_on: String,
    #[serde(default)]
    pub note: String,
    /// "on" when the partner agrees to be named in public.
    #[serde(default)]
    pub listed: Option<String>,
}

/// A valid answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAnswer {
    pub answer: Answer,
    pub proposed_on: Option<String>,
    pub note: Option<String>,
    pub listed: bool,
}

impl AnswerForm {
    /// Parses the answer; a proposed date is required for (only) a proposal, and not past.
    pub fn parse(&self, today: Option<time::Date>) -> Result<NewAnswer, AppError> {
        let mut e = FieldErrors::default();
        let answer = if self.answer.trim().is_empty() {
            e.add("answer", "Choose your answer.");
            None
        } else {
            validate::one::<Answer>(&mut e, "answer", "Answer", &self.answer)
        };
        let proposed_on = match answer {
            Some(Answer::Propose) => {
                let d = if self.proposed_on.trim().is_empty() {
                    e.add("proposed_on", "Give the date that would suit you.");
                    None
                } else {
                    validate::date(&mut e, "proposed_on", &self.proposed_on)
                };
                if let (Some(d), Some(today)) = (d, today) {
                    if d < today {
                        e.add("proposed_on", "The date you propose cannot be in the past.");
                    }
                }
                d.map(|d| d.to_string())
            }
            _ => None,
        };
        let note = validate::text(&mut e, "note", "Note", &self.note, false, 1000);
        match answer {
            Some(answer) if e.is_empty() => Ok(NewAnswer {
                answer,
                proposed_on,
                note,
                listed: self.listed.as_deref().is_some_and(|v| !v.is_empty()),
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// When the library's promises fall due once a partner says yes: two weeks after the need
/// ends (or after today, when the need is over already or there is none).
pub fn promises_due(need_ends: Option<&str>, today: time::Date) -> time::Date {
    need_ends
        .and_then(crate::when::parse_iso_date)
        .map(|d| d.max(today))
        .unwrap_or(today)
        + time::Duration::days(14)
}

/// The interaction-log line of an answer: the first one, or a change (`earlier` answers
/// before it), with the proposed date and the partner's note.
pub fn answer_note(subject: &str, earlier: i64, before: AskStatus, a: &NewAnswer) -> String {
    let after = a.answer.status();
    let mut note = if earlier == 0 {
        format!("Answered “{subject}”: {}.", after.label().to_lowercase())
    } else {
        format!(
            "Changed the answer to “{subject}”: {} (was {}).",
            after.label().to_lowercase(),
            before.label().to_lowercase()
        )
    };
    if let Some(d) = &a.proposed_on {
        note.push_str(&format!(" Proposed {d}."));
    }
    if let Some(n) = &a.note {
        note.push_str(&format!(" Note: {n}"));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Option<time::Date> {
        crate::when::parse_iso_date("2026-11-20")
    }

    #[test]
    fn a_proposal_needs_a_date_that_is_not_past() {
        let mut a = AnswerForm {
            answer: "propose".into(),
            ..Default::default()
        };
        let AppError::Invalid(e) = a.parse(today()).unwrap_err() else {
            panic!()
        };
        assert!(e.get("proposed_on").is_some());
        a.proposed_on = "2026-11-01".into();
        let AppError::Invalid(e) = a.parse(today()).unwrap_err() else {
            panic!()
        };
        assert!(e.get("proposed_on").unwrap().contains("past"));
        a.proposed_on = "2026-12-05".into();
        let ok = a.parse(today()).unwrap();
        assert_eq!(ok.proposed_on.as_deref(), Some("2026-12-05"));
        assert!(!ok.listed);
    }

    #[test]
    fn an_acceptance_ignores_a_stray_date() {
        let a = AnswerForm {
            answer: "accept".into(),
            proposed_on: "garbage".into(),
            listed: Some("on".into()),
            ..Default::default()
        };
        let ok = a.parse(today()).unwrap();
        assert_eq!(ok.answer.status(), AskStatus::Accepted);
        assert_eq!(ok.proposed_on, None);
        assert!(ok.listed);
    }

    #[test]
    fn no_answer_is_a_field_error() {
        let AppError::Invalid(e) = AnswerForm::default().parse(today()).unwrap_err() else {
            panic!()
        };
        assert_eq!(e.get("answer"), Some("Choose your answer."));
    }

    #[test]
    fn promises_fall_due_two_weeks_after_the_need_or_today() {
        let today = today().unwrap();
        let d = |s: &str| crate::when::parse_iso_date(s).unwrap();
        assert_eq!(promises_due(Some("2026-12-05"), today), d("2026-12-19"));
        assert_eq!(promises_due(Some("2026-11-01"), today), d("2026-12-04"));
        assert_eq!(promises_due(None, today), d("2026-12-04"));
    }

    #[test]
    fn the_log_says_whether_the_answer_changed() {
        let a = NewAnswer {
            answer: Answer::Propose,
            proposed_on: Some("2026-12-05".into()),
            note: Some("Mornings suit us.".into()),
            listed: false,
        };
        assert_eq!(
            answer_note("Cookies?", 0, AskStatus::Sent, &a),
            "Answered “Cookies?”: other date proposed. Proposed 2026-12-05. Note: Mornings suit us."
        );
        assert!(answer_note("Cookies?", 1, AskStatus::Accepted, &a)
            .starts_with("Changed the answer to “Cookies?”: other date proposed (was accepted)."));
    }
}
