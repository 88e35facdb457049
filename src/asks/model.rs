//! Asks: what a librarian asks a partner for, where an ask stands, and the ask itself as every
//! sub-domain (drafting, answering, the lists) shows it. Shared by the browser and the server.

use serde::{Deserialize, Serialize};

use crate::recognition::model::RecognitionKind;
use crate::vocab::{vocab, Vocab};

vocab! {
    /// What is being asked for.
    AskKind {
        Refreshments = "refreshments", "Refreshments";
        Presentation = "presentation", "Presentation";
        Sponsorship = "sponsorship", "Sponsorship donation";
        InKind = "in_kind", "In-kind goods";
        Volunteers = "volunteers", "Volunteers";
        Promotion = "promotion", "Promotion";
    }
}

vocab! {
    /// Where an ask stands. `Expired` is never stored: it is a sent ask whose link ran out.
    AskStatus {
        Draft = "draft", "Draft";
        Sent = "sent", "Sent";
        Accepted = "accepted", "Accepted";
        Declined = "declined", "Declined";
        Proposed = "proposed", "Other date proposed";
        Expired = "expired", "Expired";
        Fulfilled = "fulfilled", "Fulfilled";
    }
}

impl AskStatus {
    /// Whether a partner's link still takes an answer in this state.
    pub fn answerable(self) -> bool {
        matches!(
            self,
            AskStatus::Sent | AskStatus::Accepted | AskStatus::Declined | AskStatus::Proposed
        )
    }
}

/// How long a partner's link works.
pub const LINK_DAYS: i64 = 30;

/// "a mention in the library flyer and a sign at the front desk".
pub fn in_return_text(items: &[RecognitionKind]) -> String {
    let words: Vec<String> = items
        .iter()
        .map(|k| {
            let l = k.label();
            let mut c = l.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    match words.as_slice() {
        [] => "our heartfelt thanks".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// An ask in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskSummary {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub need_title: Option<String>,
    pub kind: AskKind,
    pub subject: String,
    pub status: AskStatus,
    pub sent_at: Option<i64>,
    pub reply_by: String,
    pub answered_at: Option<i64>,
}

/// One ask, whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskRecord {
    pub id: i64,
    pub partner_id: i64,
    pub partner_name: String,
    pub need_id: Option<i64>,
    pub need_title: Option<String>,
    pub contact_name: String,
    pub contact_email: String,
    pub kind: AskKind,
    pub subject: String,
    pub message: String,
    pub in_return: Vec<RecognitionKind>,
    pub reply_by: String,
    pub status: AskStatus,
    pub sent_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub answer_note: Option<String>,
    pub proposed_on: Option<String>,
    pub answered_at: Option<i64>,
    /// How many times the partner answered (a changed answer counts again).
    pub answers: i64,
    pub fulfilled_at: Option<i64>,
    pub created_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_library_offers_reads_as_a_phrase() {
        use RecognitionKind::*;
        assert_eq!(in_return_text(&[]), "our heartfelt thanks");
        assert_eq!(
            in_return_text(&[FlyerMention, FrontDeskSign]),
            "a mention in the library flyer and a sign at the front desk"
        );
        assert_eq!(
            in_return_text(&[FlyerMention, FrontDeskSign, ThankYouPost]),
            "a mention in the library flyer, a sign at the front desk and a thank-you post"
        );
    }

    #[test]
    fn only_a_sent_or_answered_ask_takes_an_answer() {
        assert!(AskStatus::Sent.answerable());
        assert!(AskStatus::Proposed.answerable());
        assert!(!AskStatus::Draft.answerable());
        assert!(!AskStatus::Fulfilled.answerable());
        assert!(!AskStatus::Expired.answerable());
    }
}
