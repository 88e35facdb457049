//! A draft ask: the form and its rules, what a new draft starts with, and the e-mail that
//! carries a sent ask. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::asks::model::{AskKind, AskSummary, LINK_DAYS};
use crate::asks::templates::model::TemplateRecord;
use crate::error::{AppError, FieldErrors};
use crate::recognition::model::RecognitionKind;
use crate::validate;
use crate::vocab::Offering;

/// What the library offers in return for each kind of ask, until the librarian changes it.
pub fn default_in_return(kind: AskKind) -> Vec<RecognitionKind> {
    use RecognitionKind::*;
    match kind {
        AskKind::Refreshments => vec![FlyerMention, FrontDeskSign],
        AskKind::Presentation => vec![ProgramCredit, ThankYouPost],
        AskKind::Sponsorship => vec![SponsorList, FlyerMention],
        AskKind::InKind => vec![FrontDeskSign, ThankYouPost],
        AskKind::Volunteers | AskKind::Promotion => vec![ThankYouPost],
    }
}

/// The kind of ask that suits a need's wanted offering.
pub fn kind_for(offering: Offering) -> AskKind {
    use Offering::*;
    match offering {
        Refreshments => AskKind::Refreshments,
        Presenter | StorytimeReader | WorkshopLeader | HealthScreening => AskKind::Presentation,
        MoneyDonation => AskKind::Sponsorship,
        MaterialsDonation | InKind | Venue => AskKind::InKind,
        Volunteers => AskKind::Volunteers,
        Promotion => AskKind::Promotion,
    }
}

/// The reply-by date a new ask gets: two weeks out, or the day before the need starts when
/// that comes sooner (but never before tomorrow).
pub fn default_reply_by(today: time::Date, need_starts: Option<time::Date>) -> time::Date {
    let two_weeks = today + time::Duration::days(14);
    let tomorrow = today + time::Duration::days(1);
    match need_starts {
        Some(s) => (s - time::Duration::days(1)).clamp(tomorrow, two_weeks),
        None => two_weeks,
    }
}

/// The e-mail that carries an ask: the librarian's message, then the partner's own link.
pub fn ask_email(
    to_name: &str,
    to_address: &str,
    subject: &str,
    message: &str,
    reply_by: &str,
    link: &str,
    expires: &str,
) -> crate::mail::model::Email {
    let body = format!(
        "{message}\n\n----------\nAnswer in one click (accept, decline, or propose another date):\n{link}\n\n\
         Please answer by {reply_by}. The link is yours alone and works until {expires}.\n"
    );
    crate::mail::model::Email {
        to_address: to_address.to_string(),
        to_name: Some(to_name.to_string()),
        subject: subject.to_string(),
        body,
        topic: "ask".into(),
        attachment: None,
    }
}

/// The interaction-log line of a sent ask.
pub fn sent_note(contact_name: &str, kind: AskKind, subject: &str) -> String {
    use crate::vocab::Vocab;
    format!(
        "Asked {contact_name} for {}: “{subject}”.",
        kind.label().to_lowercase()
    )
}

/// A partner contact the ask can go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChoice {
    pub position: i64,
    pub label: String,
    pub email: Option<String>,
}

impl ContactChoice {
    /// A contact as the draft form lists it: "Rosa (Owner)", or the name alone.
    pub fn new(position: i64, name: String, role: Option<String>, email: Option<String>) -> Self {
        ContactChoice {
            position,
            label: match role {
                Some(r) => format!("{name} ({r})"),
                None => name,
            },
            email,
        }
    }
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

/// An ask as typed into the draft form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskForm {
    #[serde(default)]
    pub partner_id: String,
    #[serde(default)]
    pub need_id: String,
    /// The contact's position in the partner's list.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub in_return: Vec<String>,
    #[serde(default)]
    pub reply_by: String,
}

/// A valid draft, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAsk {
    pub partner_id: i64,
    pub need_id: Option<i64>,
    pub contact: usize,
    pub kind: AskKind,
    pub subject: String,
    pub message: String,
    pub in_return: Vec<RecognitionKind>,
    pub reply_by: String,
}

impl AskForm {
    /// Checks the fields that need no database; `today` is the library's date.
    pub fn validate(&self, today: Option<time::Date>) -> FieldErrors {
        match self.parse(today) {
            Err(AppError::Invalid(e)) => e,
            _ => FieldErrors::default(),
        }
    }

    /// Parses the form. The reply-by date is today or later and no later than the link lasts.
    pub fn parse(&self, today: Option<time::Date>) -> Result<NewAsk, AppError> {
        let mut e = FieldErrors::default();
        let partner_id = self.partner_id.trim().parse::<i64>().ok();
        if partner_id.is_none() {
            e.add("partner_id", "Choose the partner to ask.");
        }
        let need_id = match self.need_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("need_id", "That need is not one of the list.");
                    None
                }
            },
        };
        let contact = self.contact.trim().parse::<usize>().ok();
        if contact.is_none() {
            e.add("contact", "Choose who to ask.");
        }
        let kind = validate::one::<AskKind>(&mut e, "kind", "Kind of ask", &self.kind);
        let subject = validate::text(&mut e, "subject", "Subject", &self.subject, true, 150);
        let message = validate::text(&mut e, "message", "Message", &self.message, true, 5000);
        let in_return = validate::slugs::<RecognitionKind>(&mut e, "in_return", &self.in_return);
        let reply_by = validate::date(&mut e, "reply_by", &self.reply_by);
        if let (Some(d), Some(today)) = (reply_by, today) {
            if d < today {
                e.add("reply_by", "The reply-by date cannot be in the past.");
            } else if d > today + time::Duration::days(LINK_DAYS) {
                e.add(
                    "reply_by",
                    format!("The answer link lasts {LINK_DAYS} days: choose a reply-by date within them."),
                );
            }
        }
        if let Some(m) = &message {
            if m.contains("{") && unknown_placeholder(m) {
                e.add(
                    "message",
                    "The message still has a {placeholder} in it. Replace it with words.",
                );
            }
        }
        match (partner_id, contact, kind, subject, message, reply_by) {
            (
                Some(partner_id),
                Some(contact),
                Some(kind),
                Some(subject),
                Some(message),
                Some(d),
            ) if e.is_empty() => Ok(NewAsk {
                partner_id,
                need_id,
                contact,
                kind,
                subject,
                message,
                in_return,
                reply_by: d.to_string(),
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// Whether text still holds a `{word}` placeholder (letters and underscores only).
fn unknown_placeholder(text: &str) -> bool {
    text.split('{').skip(1).any(|after| {
        after.split_once('}').is_some_and(|(inner, _)| {
            !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Option<time::Date> {
        crate::when::parse_iso_date("2026-11-20")
    }

    fn d(s: &str) -> time::Date {
        crate::when::parse_iso_date(s).unwrap()
    }

    fn form() -> AskForm {
        AskForm {
            partner_id: "3".into(),
            need_id: "7".into(),
            contact: "0".into(),
            kind: "refreshments".into(),
            subject: "Cookies for the meeting?".into(),
            message: "Dear Rosa, could you bring cookies?".into(),
            in_return: vec!["flyer_mention".into()],
            reply_by: "2026-11-30".into(),
        }
    }

    #[test]
    fn a_complete_draft_parses() {
        let a = form().parse(today()).unwrap();
        assert_eq!(a.partner_id, 3);
        assert_eq!(a.need_id, Some(7));
        assert_eq!(a.kind, AskKind::Refreshments);
        assert_eq!(a.in_return, vec![RecognitionKind::FlyerMention]);
    }

    #[test]
    fn reply_by_is_within_the_life_of_the_link() {
        let mut f = form();
        f.reply_by = "2026-11-19".into();
        assert!(f
            .validate(today())
            .get("reply_by")
            .unwrap()
            .contains("past"));
        f.reply_by = "2026-12-21".into();
        assert!(f
            .validate(today())
            .get("reply_by")
            .unwrap()
            .contains("30 days"));
        f.reply_by = "2026-12-20".into();
        assert!(f.validate(today()).is_empty());
    }

    #[test]
    fn a_left_over_placeholder_is_caught() {
        let mut f = form();
        f.message = "Dear {contact}, hello".into();
        assert!(f.validate(today()).get("message").is_some());
        f.message = "Braces {like this} are fine".into();
        assert!(f.validate(today()).is_empty());
    }

    #[test]
    fn reply_by_leaves_time_before_the_need() {
        let today = d("2026-11-20");
        assert_eq!(default_reply_by(today, None), d("2026-12-04"));
        assert_eq!(
            default_reply_by(today, Some(d("2026-11-28"))),
            d("2026-11-27")
        );
        assert_eq!(
            default_reply_by(today, Some(d("2027-02-01"))),
            d("2026-12-04")
        );
        assert_eq!(
            default_reply_by(today, Some(d("2026-11-20"))),
            d("2026-11-21")
        );
    }

    #[test]
    fn the_email_carries_the_message_and_the_link() {
        let e = ask_email(
            "Rosa",
            "rosa@crumb.example",
            "Cookies?",
            "Dear Rosa,\nplease.",
            "Nov 30, 2026",
            "http://x/answer/abc",
            "Dec 20, 2026",
        );
        assert!(e.body.starts_with("Dear Rosa,\nplease."));
        assert!(e.body.contains("\nhttp://x/answer/abc\n"));
        assert!(e.body.contains("by Nov 30, 2026"));
        assert_eq!(e.to_name.as_deref(), Some("Rosa"));
        assert_eq!(e.topic, "ask");
    }

    #[test]
    fn every_offering_has_a_kind_of_ask() {
        assert_eq!(kind_for(Offering::Refreshments), AskKind::Refreshments);
        assert_eq!(kind_for(Offering::MoneyDonation), AskKind::Sponsorship);
        assert_eq!(kind_for(Offering::StorytimeReader), AskKind::Presentation);
    }

    #[test]
    fn a_contact_reads_with_its_role() {
        let c = ContactChoice::new(0, "Rosa".into(), Some("Owner".into()), None);
        assert_eq!(c.label, "Rosa (Owner)");
        assert_eq!(ContactChoice::new(1, "Ann".into(), None, None).label, "Ann");
    }
}
