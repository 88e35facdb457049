//! The matching weights as an admin types them, and the rules of valid ones. Pure; tested
//! here.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::matching::engine::{Weights, MAX_WEIGHT};

/// The weights as typed into the admin form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeightsForm {
    #[serde(default)]
    pub offering: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub availability: String,
    #[serde(default)]
    pub distance: String,
    #[serde(default)]
    pub track_record: String,
    #[serde(default)]
    pub fatigue_per_ask: String,
    #[serde(default)]
    pub fatigue_days: String,
    #[serde(default)]
    pub open_ask_cap: String,
    #[serde(default)]
    pub far_km: String,
}

fn whole(e: &mut FieldErrors, field: &str, label: &str, value: &str, min: u32, max: u32) -> u32 {
    match value.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            e.add(
                field,
                format!("{label} must be a whole number from {min} to {max}."),
            );
            0
        }
    }
}

impl WeightsForm {
    pub fn validate(&self) -> FieldErrors {
        self.parse()
            .err()
            .and_then(|e| e.fields().cloned())
            .unwrap_or_default()
    }

    pub fn parse(&self) -> Result<Weights, AppError> {
        let mut e = FieldErrors::default();
        let w = Weights {
            offering: whole(
                &mut e,
                "offering",
                "Offering",
                &self.offering,
                0,
                MAX_WEIGHT,
            ),
            goals: whole(&mut e, "goals", "Goals", &self.goals, 0, MAX_WEIGHT),
            audience: whole(
                &mut e,
                "audience",
                "Audience",
                &self.audience,
                0,
                MAX_WEIGHT,
            ),
            availability: whole(
                &mut e,
                "availability",
                "Availability",
                &self.availability,
                0,
                MAX_WEIGHT,
            ),
            distance: whole(
                &mut e,
                "distance",
                "Distance",
                &self.distance,
                0,
                MAX_WEIGHT,
            ),
            track_record: whole(
                &mut e,
                "track_record",
                "Track record",
                &self.track_record,
                0,
                MAX_WEIGHT,
            ),
            fatigue_per_ask: whole(
                &mut e,
                "fatigue_per_ask",
                "Points off per recent ask",
                &self.fatigue_per_ask,
                0,
                MAX_WEIGHT,
            ),
            fatigue_days: whole(
                &mut e,
                "fatigue_days",
                "Days an ask counts as recent",
                &self.fatigue_days,
                0,
                365,
            ),
            open_ask_cap: whole(
                &mut e,
                "open_ask_cap",
                "Open ask limit",
                &self.open_ask_cap,
                1,
                20,
            ),
            far_km: whole(
                &mut e,
                "far_km",
                "Distance that earns nothing",
                &self.far_km,
                2,
                500,
            ),
        };
        if e.is_empty()
            && w.offering + w.goals + w.audience + w.availability + w.distance + w.track_record == 0
        {
            e.add("offering", "Give at least one factor some weight.");
        }
        e.into_result(w)
    }
}

impl From<Weights> for WeightsForm {
    fn from(w: Weights) -> Self {
        Self {
            offering: w.offering.to_string(),
            goals: w.goals.to_string(),
            audience: w.audience.to_string(),
            availability: w.availability.to_string(),
            distance: w.distance.to_string(),
            track_record: w.track_record.to_string(),
            fatigue_per_ask: w.fatigue_per_ask.to_string(),
            fatigue_days: w.fatigue_days.to_string(),
            open_ask_cap: w.open_ask_cap.to_string(),
            far_km: w.far_km.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_and_refuse_nonsense() {
        let w = Weights::default();
        assert_eq!(WeightsForm::from(w).parse().unwrap(), w);
        let bad = WeightsForm {
            goals: "-1".into(),
            ..WeightsForm::from(w)
        };
        assert!(bad.validate().get("goals").is_some());
        let zero = WeightsForm {
            offering: "0".into(),
            goals: "0".into(),
            audience: "0".into(),
            availability: "0".into(),
            distance: "0".into(),
            track_record: "0".into(),
            ..WeightsForm::from(w)
        };
        assert!(zero.validate().get("offering").is_some());
    }
}
