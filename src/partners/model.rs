//! Partners: the shared types and the rules that decide what a valid partner is.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::validate;
use crate::vocab::{Audience, Availability, Goal, Offering, PartnerKind, Stage};

/// One contact row as typed into a form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// A partner as typed into the staff form; every field is raw text until [`PartnerForm::parse`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PartnerForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub neighborhood: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub contacts: Vec<ContactForm>,
    #[serde(default)]
    pub offerings: Vec<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub availability: Vec<String>,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub notes: String,
}

/// A contact person at a partner organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A valid partner, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    pub kind: PartnerKind,
    pub description: Option<String>,
    pub street: Option<String>,
    pub neighborhood: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub contacts: Vec<Contact>,
    pub offerings: Vec<Offering>,
    pub goals: Vec<Goal>,
    pub audiences: Vec<Audience>,
    pub availability: Availability,
    pub stage: Stage,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

/// Most contacts one partner can list.
pub const MAX_CONTACTS: usize = 10;

/// Parses one contact row; an entirely blank row is skipped (`None`).
pub fn parse_contact(errors: &mut FieldErrors, prefix: &str, c: &ContactForm) -> Option<Contact> {
    let blank = [&c.name, &c.role, &c.email, &c.phone]
        .iter()
        .all(|s| s.trim().is_empty());
    if blank {
        return None;
    }
    let f = |name: &str| format!("{prefix}[{name}]");
    let name = validate::text(errors, &f("name"), "Contact name", &c.name, true, 100);
    let role = validate::text(errors, &f("role"), "Role", &c.role, false, 100);
    let email = validate::email(errors, &f("email"), &c.email, false);
    let phone = validate::phone(errors, &f("phone"), &c.phone);
    if c.email.trim().is_empty() && c.phone.trim().is_empty() {
        errors.add(
            &f("email"),
            "Give an e-mail or a phone number so the library can reach this contact.",
        );
    }
    Some(Contact {
        name: name.unwrap_or_default(),
        role,
        email,
        phone,
    })
}

impl PartnerForm {
    /// Checks every field; on failure the errors name the form fields that caused them.
    pub fn validate(&self) -> FieldErrors {
        match self.parse() {
            Ok(_) => FieldErrors::default(),
            Err(AppError::Invalid(f)) => f,
            Err(_) => FieldErrors::default(),
        }
    }

    /// Parses the form into a [`Partner`].
    pub fn parse(&self) -> Result<Partner, AppError> {
        let mut e = FieldErrors::default();
        let name = validate::text(&mut e, "name", "Name", &self.name, true, 120);
        let kind = validate::one::<PartnerKind>(&mut e, "kind", "Kind", &self.kind);
        let description = validate::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            2000,
        );
        let street = validate::text(&mut e, "street", "Street address", &self.street, false, 200);
        let neighborhood = validate::text(
            &mut e,
            "neighborhood",
            "Neighborhood",
            &self.neighborhood,
            false,
            80,
        );
        let (latitude, longitude) = validate::coordinates(&mut e, &self.latitude, &self.longitude);
        let website = validate::website(&mut e, "website", &self.website);
        let mut contacts = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            if let Some(c) = parse_contact(&mut e, &format!("contacts[{i}]"), c) {
                contacts.push(c);
            }
        }
        if contacts.len() > MAX_CONTACTS {
            e.add("contacts", format!("List at most {MAX_CONTACTS} contacts."));
        }
        let offerings = validate::slugs::<Offering>(&mut e, "offerings", &self.offerings);
        let goals = validate::slugs::<Goal>(&mut e, "goals", &self.goals);
        let audiences = validate::slugs::<Audience>(&mut e, "audiences", &self.audiences);
        let availability = Availability::from_slugs(&self.availability).unwrap_or_else(|bad| {
            e.add(
                "availability",
                format!("{bad:?} is not a day and time of day."),
            );
            Availability::default()
        });
        let stage = validate::one::<Stage>(&mut e, "stage", "Stage", &self.stage);
        let tags = validate::tags(&mut e, "tags", &self.tags);
        let notes = validate::text(&mut e, "notes", "Notes", &self.notes, false, 5000);
        let (Some(name), Some(kind), Some(stage)) = (name, kind, stage) else {
            return Err(AppError::Invalid(e));
        };
        e.into_result(Partner {
            name,
            kind,
            description,
            street,
            neighborhood,
            latitude,
            longitude,
            website,
            contacts,
            offerings,
            goals,
            audiences,
            availability,
            stage,
            tags,
            notes,
        })
    }
}

impl Partner {
    /// The form that shows this partner, for editing.
    pub fn to_form(&self) -> PartnerForm {
        PartnerForm {
            name: self.name.clone(),
            kind: crate::vocab::Vocab::slug(self.kind).into(),
            description: self.description.clone().unwrap_or_default(),
            street: self.street.clone().unwrap_or_default(),
            neighborhood: self.neighborhood.clone().unwrap_or_default(),
            latitude: self.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: self.longitude.map(|v| v.to_string()).unwrap_or_default(),
            website: self.website.clone().unwrap_or_default(),
            contacts: self
                .contacts
                .iter()
                .map(|c| ContactForm {
                    name: c.name.clone(),
                    role: c.role.clone().unwrap_or_default(),
                    email: c.email.clone().unwrap_or_default(),
                    phone: c.phone.clone().unwrap_or_default(),
                })
                .collect(),
            offerings: self
                .offerings
                .iter()
                .map(|v| crate::vocab::Vocab::slug(*v).into())
                .collect(),
            goals: self
                .goals
                .iter()
                .map(|v| crate::vocab::Vocab::slug(*v).into())
                .collect(),
            audiences: self
                .audiences
                .iter()
                .map(|v| crate::vocab::Vocab::slug(*v).into())
                .collect(),
            availability: self.availability.slugs(),
            stage: crate::vocab::Vocab::slug(self.stage).into(),
            tags: self.tags.join(", "),
            notes: self.notes.clone().unwrap_or_default(),
        }
    }
}

/// A stored partner with its history fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerRecord {
    pub id: i64,
    pub partner: Partner,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PartnerForm {
        PartnerForm {
            name: "Sweet Crumb Bakery".into(),
            kind: "local_business".into(),
            stage: "active".into(),
            offerings: vec!["refreshments".into(), "promotion".into()],
            availability: vec!["sat_morning".into()],
            contacts: vec![ContactForm {
                name: "Rosa".into(),
                email: "rosa@crumb.example".into(),
                ..Default::default()
            }],
            latitude: "44.98".into(),
            longitude: "-93.26".into(),
            tags: "Bread, cakes".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_parses_and_round_trips() {
        let p = form().parse().unwrap();
        assert_eq!(
            p.offerings,
            vec![Offering::Refreshments, Offering::Promotion]
        );
        assert_eq!(p.tags, vec!["bread", "cakes"]);
        let again = p.to_form().parse().unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn errors_name_their_fields() {
        let mut f = form();
        f.name = " ".into();
        f.kind = "spaceship".into();
        f.latitude = "123".into();
        f.contacts.push(ContactForm {
            name: "No Way To Reach".into(),
            ..Default::default()
        });
        f.offerings.push("gold".into());
        let e = f.validate();
        assert_eq!(e.get("name"), Some("Name is required."));
        assert_eq!(e.get("kind"), Some("Choose a kind from the list."));
        assert!(e.get("latitude").unwrap().contains("from -90 to 90"));
        assert!(e.get("contacts[1][email]").is_some());
        assert!(e.get("offerings").unwrap().contains("gold"));
    }

    #[test]
    fn coordinates_come_in_pairs_and_blank_contacts_are_skipped() {
        let mut f = form();
        f.longitude.clear();
        f.contacts.push(ContactForm::default());
        let e = f.validate();
        assert_eq!(
            e.get("longitude"),
            Some("Give both latitude and longitude, or neither.")
        );
        f.latitude.clear();
        assert_eq!(f.parse().unwrap().contacts.len(), 1);
    }
}
