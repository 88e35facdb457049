//! Templates as staff edit them, and filling one for an ask. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::asks::model::AskKind;
use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::Vocab;

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
    /// The field errors of the form as typed, for checking it in the browser.
    pub fn validate(&self) -> FieldErrors {
        match self.parse() {
            Err(AppError::Invalid(e)) => e,
            _ => FieldErrors::default(),
        }
    }

    /// Parses the form into a template, or names each field that is wrong.
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
    /// The template as its edit form starts.
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
}
