//! Demo branches and needs: what the Millbrook library is looking for right now.

use crate::error::AppError;
use crate::matching::branches::{model::Branch, service as branches};
use crate::matching::needs::model::{Need, NeedStatus, TimeOfDay};
use crate::matching::needs::service as needs;
use crate::server::db::Db;
use crate::vocab::{Audience, Goal, Offering};

/// The demo town's three branches: (name, address, latitude, longitude).
const BRANCHES: &[(&str, &str, f64, f64)] = &[
    ("Central Library", "300 Main Street", 44.96010, -93.25020),
    ("Eastside Branch", "1410 Lake Road", 44.95480, -93.20510),
    ("Northgate Branch", "77 Gateway Avenue", 44.99790, -93.24210),
];

struct DemoNeed {
    title: &'static str,
    offering: Offering,
    goals: &'static [Goal],
    audiences: &'static [Audience],
    branch: usize,
    /// First and last day, in days from today.
    days: (i64, i64),
    time: TimeOfDay,
    notes: &'static str,
    status: NeedStatus,
}

const NEEDS: &[DemoNeed] = &[
    DemoNeed {
        title: "Refreshments for the neighborhood meeting",
        offering: Offering::Refreshments,
        goals: &[Goal::Civic],
        audiences: &[Audience::Adults, Audience::Families],
        branch: 0,
        days: (12, 12),
        time: TimeOfDay::Evening,
        notes: "About 60 people. Coffee and something sweet; we can thank the donor in the flyer and from the podium.",
        status: NeedStatus::Open,
    },
    DemoNeed {
        title: "Guest reader for the fire-safety storytime",
        offering: Offering::StorytimeReader,
        goals: &[Goal::EarlyChildhood, Goal::Literacy, Goal::Health],
        audiences: &[Audience::Children, Audience::Families],
        branch: 1,
        days: (20, 20),
        time: TimeOfDay::Morning,
        notes: "Thirty minutes of stories, then the children may look at the truck in the parking lot.",
        status: NeedStatus::Open,
    },
    DemoNeed {
        title: "Presenter: getting started with e-book readers",
        offering: Offering::Presenter,
        goals: &[Goal::DigitalSkills, Goal::Seniors],
        audiences: &[Audience::Seniors],
        branch: 2,
        days: (28, 42),
        time: TimeOfDay::Afternoon,
        notes: "",
        status: NeedStatus::Open,
    },
    DemoNeed {
        title: "Sponsor for teen art supplies",
        offering: Offering::MoneyDonation,
        goals: &[Goal::Teens, Goal::Arts],
        audiences: &[Audience::Teens],
        branch: 0,
        days: (5, 60),
        time: TimeOfDay::Any,
        notes: "A small gift toward paint, sketchbooks and a button maker; sponsors go on the sponsor wall.",
        status: NeedStatus::Open,
    },
    DemoNeed {
        title: "Blood-pressure checks at the health fair",
        offering: Offering::HealthScreening,
        goals: &[Goal::Health, Goal::Seniors],
        audiences: &[Audience::Adults, Audience::Seniors],
        branch: 1,
        days: (-10, -10),
        time: TimeOfDay::Morning,
        notes: "",
        status: NeedStatus::Filled,
    },
];

impl DemoNeed {
    fn need(&self, branch_id: i64) -> Need {
        Need {
            title: self.title.into(),
            offering: self.offering,
            goals: self.goals.to_vec(),
            audiences: self.audiences.to_vec(),
            branch_id,
            starts_on: day(self.days.0),
            ends_on: day(self.days.1),
            time_of_day: self.time,
            notes: (!self.notes.is_empty()).then(|| self.notes.to_string()),
            poll_id: None,
        }
    }
}

/// A day `offset` days from today, as `YYYY-MM-DD`.
pub(super) fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

/// Adds the demo branches and needs when there are no branches.
pub async fn seed(db: &Db, staff: Option<i64>) -> Result<(), AppError> {
    if !branches::all(db).await?.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::new();
    for (name, address, lat, lon) in BRANCHES {
        let b = Branch {
            name: (*name).into(),
            address: Some((*address).into()),
            latitude: Some(*lat),
            longitude: Some(*lon),
        };
        ids.push(branches::save(db, None, &b).await?);
    }
    let Some(staff) = staff else {
        return Ok(());
    };
    for d in NEEDS {
        let id = needs::save(db, None, &d.need(ids[d.branch]), staff).await?;
        if d.status != NeedStatus::Open {
            needs::set_status(db, id, d.status).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_needs_are_valid_and_name_real_branches() {
        for d in NEEDS {
            assert!(d.branch < BRANCHES.len(), "{}", d.title);
            assert!(d.days.0 <= d.days.1, "{}", d.title);
            d.need(1)
                .to_form()
                .parse()
                .unwrap_or_else(|e| panic!("{}: {e:?}", d.title));
        }
    }
}
