//! Asks: what a librarian asks a partner for, the templates asks start from, and the partner's
//! answer. Shared by the browser and the server; the rules are tested here.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::recognition::model::RecognitionKind;
use crate::validate;
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

impl AskStatus {
    /// The asks list's filter: one state, every state (`""`/`"all"`), or `"follow_up"`.
    pub fn parse_filter(slug: &str) -> Result<AskFilter, AppError> {
        match slug.trim() {
            "" | "all" => Ok(AskFilter::All),
            "follow_up" => Ok(AskFilter::FollowUp),
            s => Self::from_slug(s)
                .map(AskFilter::Status)
                .ok_or_else(|| AppError::BadRequest("There is no such ask state.".into())),
        }
    }

    /// Whether a partner's link still takes an answer in this state.
    pub fn answerable(self) -> bool {
        matches!(
            self,
            AskStatus::Sent | AskStatus::Accepted | AskStatus::Declined | AskStatus::Proposed
        )
    }
}

/// Which asks a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskFilter {
    All,
    Status(AskStatus),
    /// Sent, unanswered and older than the follow-up delay.
    FollowUp,
}

/// How long a partner's link works.
pub const LINK_DAYS: i64 = 30;

/// The follow-up delay until an admin sets one.
pub const DEFAULT_FOLLOW_UP_DAYS: i64 = 7;

/// Parses the follow-up delay an admin types: whole days from 1 to 30.
pub fn parse_follow_up_days(value: &str) -> Result<i64, AppError> {
    match value.trim().parse::<i64>() {
        Ok(d) if (1..=30).contains(&d) => Ok(d),
        _ => Err(AppError::field(
            "days",
            "Give a number of days from 1 to 30.",
        )),
    }
}

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

/// What a template's `{placeholders}` stand for in one ask.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateVars {
    pub contact: String,
    pub partner: String,
    pub need: String,
    pub branch: String,
    pub dates: String,
    pub in_return: String,
    pub reply_by: String,
    pub library: String,
}

/// Fills a template's `{placeholders}`; unknown ones are left as they are, so a typo shows.
pub fn fill(template: &str, v: &TemplateVars) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let value = match &after[..end] {
            "contact" => Some(&v.contact),
            "partner" => Some(&v.partner),
            "need" => Some(&v.need),
            "branch" => Some(&v.branch),
            "dates" => Some(&v.dates),
            "in_return" => Some(&v.in_return),
            "reply_by" => Some(&v.reply_by),
            "library" => Some(&v.library),
            _ => None,
        };
        match value {
            Some(s) => out.push_str(s),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders a template may use, for the template editor's hint.
pub const PLACEHOLDERS: &str =
    "{contact} {partner} {need} {branch} {dates} {in_return} {reply_by} {library}";

/// The kind of ask that suits a need's wanted offering.
pub fn kind_for(offering: crate::vocab::Offering) -> AskKind {
    use crate::vocab::Offering::*;
    match offering {
        Refreshments => AskKind::Refreshments,
        Presenter | StorytimeReader | WorkshopLeader | HealthScreening => AskKind::Presentation,
        MoneyDonation => AskKind::Sponsorship,
        MaterialsDonation | InKind | Venue => AskKind::InKind,
        Volunteers => AskKind::Volunteers,
        Promotion => AskKind::Promotion,
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

/// A template as staff edit it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
}

/// A valid template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    pub kind: AskKind,
    pub subject: String,
    pub body: String,
}

/// A stored template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRecord {
    pub id: i64,
    pub template: Template,
}

impl TemplateForm {
    pub fn validate(&self) -> FieldErrors {
        match self.parse() {
            Err(AppError::Invalid(e)) => e,
            _ => FieldErrors::default(),
        }
    }

    pub fn parse(&self) -> Result<Template, AppError> {
        let mut e = FieldErrors::default();
        let name = validate::text(&mut e, "name", "Name", &self.name, true, 80);
        let kind = validate::one::<AskKind>(&mut e, "kind", "Kind of ask", &self.kind);
        let subject = validate::text(&mut e, "subject", "Subject", &self.subject, true, 150);
        let body = validate::text(&mut e, "body", "Message", &self.body, true, 5000);
        match (name, kind, subject, body) {
            (Some(name), Some(kind), Some(subject), Some(body)) if e.is_empty() => Ok(Template {
                name,
                kind,
                subject,
                body,
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

impl Template {
    pub fn to_form(&self) -> TemplateForm {
        TemplateForm {
            name: self.name.clone(),
            kind: self.kind.slug().into(),
            subject: self.subject.clone(),
            body: self.body.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Option<time::Date> {
        crate::when::parse_iso_date("2026-11-20")
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
    fn templates_fill_known_placeholders_and_keep_others() {
        let v = TemplateVars {
            contact: "Rosa".into(),
            partner: "Sweet Crumb".into(),
            ..Default::default()
        };
        assert_eq!(
            fill("Dear {contact} of {partner}, {unknown} {", &v),
            "Dear Rosa of Sweet Crumb, {unknown} {"
        );
    }

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
        use crate::vocab::Offering;
        assert_eq!(kind_for(Offering::Refreshments), AskKind::Refreshments);
        assert_eq!(kind_for(Offering::MoneyDonation), AskKind::Sponsorship);
        assert_eq!(kind_for(Offering::StorytimeReader), AskKind::Presentation);
    }

    #[test]
    fn the_follow_up_delay_is_whole_days_within_a_month() {
        assert_eq!(parse_follow_up_days(" 10 ").unwrap(), 10);
        for bad in ["0", "31", "7.5", "a week", ""] {
            assert!(parse_follow_up_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_parse() {
        assert_eq!(AskStatus::parse_filter("").unwrap(), AskFilter::All);
        assert_eq!(
            AskStatus::parse_filter("follow_up").unwrap(),
            AskFilter::FollowUp
        );
        assert_eq!(
            AskStatus::parse_filter("expired").unwrap(),
            AskFilter::Status(AskStatus::Expired)
        );
        assert!(AskStatus::parse_filter("nope").is_err());
    }
}
