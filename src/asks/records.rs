//! What the ask pages show: staff views of asks, a draft's choices, and the partner's view.

use serde::{Deserialize, Serialize};

use super::model::{AskForm, AskKind, AskStatus, TemplateRecord};
use crate::recognition::model::RecognitionKind;

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

/// The asks page: one state's asks, with how many each state holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsksView {
    pub asks: Vec<AskSummary>,
    pub counts: Vec<(String, i64)>,
    pub follow_up_days: i64,
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

/// A partner contact the ask can go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChoice {
    pub position: i64,
    pub label: String,
    pub email: Option<String>,
}

/// Everything the draft form needs: the partner, the need, the templates, and the fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskDraft {
    /// The ask being edited, or `None` for a new one.
    pub id: Option<i64>,
    pub partner_name: String,
    pub need_title: Option<String>,
    pub contacts: Vec<ContactChoice>,
    pub templates: Vec<TemplateRecord>,
    /// The template the message came from, for a new ask.
    pub template_id: Option<i64>,
    /// Other open or recent asks to this partner, to think twice before asking again.
    pub recent: Vec<AskSummary>,
    pub form: AskForm,
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
