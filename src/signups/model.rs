//! A sign-up as the public form sends it, and the rules it must meet.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::partners::model::{Contact, Partner};
use crate::validate;
use crate::vocab::{Audience, Availability, Goal, Offering, PartnerKind, Stage};

/// The `/join` form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub neighborhood: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_role: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub offerings: Vec<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub availability: Vec<String>,
    #[serde(default)]
    pub message: String,
    /// The honeypot: hidden from people, filled in by simple bots.
    #[serde(default)]
    pub fax_number: String,
}

/// A valid sign-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signup {
    pub org_name: String,
    pub kind: PartnerKind,
    pub website: Option<String>,
    pub street: Option<String>,
    pub neighborhood: Option<String>,
    pub contact: Contact,
    pub offerings: Vec<Offering>,
    pub goals: Vec<Goal>,
    pub audiences: Vec<Audience>,
    pub availability: Availability,
    pub message: Option<String>,
}

impl JoinForm {
    /// Whether a bot filled the hidden field.
    pub fn is_bot(&self) -> bool {
        !self.fax_number.trim().is_empty()
    }

    /// Field errors, empty when the form is valid.
    pub fn validate(&self) -> FieldErrors {
        match self.parse() {
            Err(AppError::Invalid(f)) => f,
            _ => FieldErrors::default(),
        }
    }

    /// Parses the form.
    pub fn parse(&self) -> Result<Signup, AppError> {
        let mut e = FieldErrors::default();
        let org_name = validate::text(
            &mut e,
            "org_name",
            "Organization name",
            &self.org_name,
            true,
            120,
        );
        let kind = validate::one::<PartnerKind>(&mut e, "kind", "Kind of organization", &self.kind);
        let website = validate::website(&mut e, "website", &self.website);
        let street = validate::text(&mut e, "street", "Street address", &self.street, false, 200);
        let neighborhood = validate::text(
            &mut e,
            "neighborhood",
            "Neighborhood",
            &self.neighborhood,
            false,
            80,
        );
        let contact_name = validate::text(
            &mut e,
            "contact_name",
            "Your name",
            &self.contact_name,
            true,
            100,
        );
        let contact_role = validate::text(
            &mut e,
            "contact_role",
            "Your role",
            &self.contact_role,
            false,
            100,
        );
        let contact_email = validate::email(&mut e, "contact_email", &self.contact_email, true);
        let contact_phone = validate::phone(&mut e, "contact_phone", &self.contact_phone);
        let offerings = validate::slugs::<Offering>(&mut e, "offerings", &self.offerings);
        if offerings.is_empty() && e.get("offerings").is_none() {
            e.add("offerings", "Choose at least one thing you could offer.");
        }
        let goals = validate::slugs::<Goal>(&mut e, "goals", &self.goals);
        let audiences = validate::slugs::<Audience>(&mut e, "audiences", &self.audiences);
        let availability = Availability::from_slugs(&self.availability).unwrap_or_else(|bad| {
            e.add(
                "availability",
                format!("{bad:?} is not a day and time of day."),
            );
            Availability::default()
        });
        let message = validate::text(&mut e, "message", "Message", &self.message, false, 2000);
        match (org_name, kind, contact_name, contact_email) {
            (Some(org_name), Some(kind), Some(name), Some(email)) if e.is_empty() => Ok(Signup {
                org_name,
                kind,
                website,
                street,
                neighborhood,
                contact: Contact {
                    name,
                    role: contact_role,
                    email: Some(email),
                    phone: contact_phone,
                },
                offerings,
                goals,
                audiences,
                availability,
                message,
            }),
            _ => Err(AppError::Invalid(e)),
        }
    }
}

/// The key that decides "the same pending sign-up": the name as the duplicate finder reads it
/// ([`name_key`](crate::partners::merge::model::name_key)), without its spaces, as keys were
/// stored before that reading also set aside "The" and "Inc.".
pub fn org_key(name: &str) -> String {
    crate::partners::merge::model::name_key(name).replace(' ', "")
}

impl Signup {
    /// The directory entry an approved sign-up becomes (stage "contacted").
    /// What identifies the organization, for finding it among partners already known.
    pub fn fingerprint(&self) -> crate::partners::merge::model::Fingerprint {
        crate::partners::merge::model::Fingerprint::of(
            &self.org_name,
            self.website.as_deref(),
            self.contact.email.as_deref(),
            self.contact.phone.as_deref(),
        )
    }

    pub fn to_partner(&self) -> Partner {
        Partner {
            name: self.org_name.clone(),
            kind: self.kind,
            description: None,
            street: self.street.clone(),
            neighborhood: self.neighborhood.clone(),
            latitude: None,
            longitude: None,
            website: self.website.clone(),
            contacts: vec![self.contact.clone()],
            offerings: self.offerings.clone(),
            goals: self.goals.clone(),
            audiences: self.audiences.clone(),
            availability: self.availability,
            stage: Stage::Contacted,
            tags: Vec::new(),
            notes: None,
        }
    }
}

/// Where a sign-up stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Declined,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::Approved, Status::Declined];
    pub fn slug(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Declined => "declined",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "Waiting for review",
            Status::Approved => "Approved",
            Status::Declined => "Declined",
        }
    }
    pub fn from_slug(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.slug() == s)
    }
}

/// A sign-up as the review queue shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignupRecord {
    pub id: i64,
    pub signup: Signup,
    pub status: Status,
    pub decline_reason: Option<String>,
    pub partner_id: Option<i64>,
    pub reviewed_by: Option<String>,
    pub submissions: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Partners already in the directory that are probably this organization (pending only).
    #[serde(default)]
    pub likely: Vec<crate::partners::merge::model::Likeness>,
}

/// Checks a decline reason.
pub fn parse_reason(reason: &str) -> Result<String, AppError> {
    let mut e = FieldErrors::default();
    let r = validate::text(&mut e, "reason", "Reason", reason, true, 500);
    match r {
        Some(r) if e.is_empty() => Ok(r),
        _ => Err(AppError::Invalid(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> JoinForm {
        JoinForm {
            org_name: "Purl & Loop Yarns".into(),
            kind: "local_business".into(),
            contact_name: "Dana".into(),
            contact_email: "dana@purl.example".into(),
            offerings: vec!["workshop_leader".into()],
            availability: vec!["wed_evening".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_good_sign_up_becomes_a_contacted_partner() {
        let s = good().parse().unwrap();
        let p = s.to_partner();
        assert_eq!(p.stage, Stage::Contacted);
        assert_eq!(p.contacts[0].email.as_deref(), Some("dana@purl.example"));
    }

    #[test]
    fn mistakes_are_reported_at_their_fields() {
        let f = JoinForm {
            contact_email: "dana at purl".into(),
            offerings: vec![],
            org_name: "".into(),
            ..good()
        };
        let e = f.validate();
        assert_eq!(e.get("org_name"), Some("Organization name is required."));
        assert_eq!(
            e.get("contact_email"),
            Some("Enter an e-mail address like name@example.org.")
        );
        assert_eq!(
            e.get("offerings"),
            Some("Choose at least one thing you could offer.")
        );
        assert_eq!(e.0.len(), 3);
    }

    #[test]
    fn the_same_organization_however_written() {
        assert_eq!(org_key("Purl & Loop Yarns"), org_key("purl and loop yarns"));
        assert_eq!(org_key("Purl&Loop Yarns"), org_key("PURL AND LOOP YARNS"));
        assert_eq!(org_key("  PURL & LOOP, Yarns! "), "purlandloopyarns");
        assert_ne!(org_key("Purl Loop Yarns"), org_key("Purl & Loop Yarns"));
        assert_eq!(org_key("The Purl & Loop Yarns, LLC"), "purlandloopyarns");
    }

    #[test]
    fn honeypot() {
        assert!(!good().is_bot());
        assert!(JoinForm {
            fax_number: "555".into(),
            ..good()
        }
        .is_bot());
    }

    #[test]
    fn decline_needs_a_reason() {
        assert!(parse_reason("  ").is_err());
        assert_eq!(
            parse_reason(" Outside our service area ").unwrap(),
            "Outside our service area"
        );
    }
}
