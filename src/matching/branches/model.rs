//! A branch as an admin types it, and the rules of a valid one. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::matching::engine::Place;
use crate::validate;

/// A branch as typed into the admin form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BranchForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

/// A valid branch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A stored branch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchRecord {
    pub id: i64,
    pub branch: Branch,
}

impl BranchForm {
    /// The field errors of the form as typed, for checking it in the browser.
    pub fn validate(&self) -> FieldErrors {
        self.parse()
            .err()
            .and_then(|e| e.fields().cloned())
            .unwrap_or_default()
    }

    /// Parses the form; a branch has a name, and both coordinates or neither.
    pub fn parse(&self) -> Result<Branch, AppError> {
        let mut e = FieldErrors::default();
        let name = validate::text(&mut e, "name", "Name", &self.name, true, 80);
        let address = validate::text(&mut e, "address", "Address", &self.address, false, 200);
        let (latitude, longitude) = validate::coordinates(&mut e, &self.latitude, &self.longitude);
        let Some(name) = name else {
            return Err(AppError::Invalid(e));
        };
        e.into_result(Branch {
            name,
            address,
            latitude,
            longitude,
        })
    }
}

impl Branch {
    /// The branch as its edit form starts.
    pub fn to_form(&self) -> BranchForm {
        BranchForm {
            name: self.name.clone(),
            address: self.address.clone().unwrap_or_default(),
            latitude: self.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: self.longitude.map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    /// The branch as a place to measure distances from, when it has coordinates.
    pub fn place(&self) -> Option<Place> {
        Some(Place {
            name: self.name.clone(),
            latitude: self.latitude?,
            longitude: self.longitude?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_need_a_name_and_both_coordinates() {
        let b = BranchForm {
            name: "Eastside Branch".into(),
            latitude: "44.95".into(),
            ..Default::default()
        };
        assert!(b.validate().get("longitude").is_some());
        let ok = BranchForm {
            longitude: "-93.2".into(),
            ..b
        }
        .parse()
        .unwrap();
        assert_eq!((ok.latitude, ok.longitude), (Some(44.95), Some(-93.2)));
        assert_eq!(ok.to_form().parse().unwrap(), ok);
        assert_eq!(ok.place().map(|p| p.latitude), Some(44.95));
    }
}
