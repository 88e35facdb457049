//! Demo data for a first start, and synthetic partners for benchmarks.

mod asks;
mod data;
mod needs;
mod polls;
mod programs;

use data::{DemoPartner, PARTNERS, SIGNUPS};

use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::partners::model::{Contact, Partner};
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::signups::model::Signup;
use crate::vocab::{Availability, InteractionKind, PartnerKind, Stage, Vocab};

fn parse<T: Vocab>(slugs: &[&str]) -> Vec<T> {
    slugs.iter().filter_map(|s| T::from_slug(s)).collect()
}

fn none_if_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn partner(d: &DemoPartner) -> Partner {
    Partner {
        name: d.name.into(),
        kind: PartnerKind::from_slug(d.kind).unwrap_or(PartnerKind::Other),
        description: none_if_empty(d.description),
        street: none_if_empty(d.street),
        neighborhood: none_if_empty(d.neighborhood),
        latitude: Some(d.lat),
        longitude: Some(d.lon),
        website: none_if_empty(d.website),
        contacts: d
            .contacts
            .iter()
            .map(|(name, role, email, phone)| Contact {
                name: (*name).into(),
                role: none_if_empty(role),
                email: none_if_empty(email),
                phone: none_if_empty(phone),
            })
            .collect(),
        offerings: parse(d.offerings),
        goals: parse(d.goals),
        audiences: parse(d.audiences),
        availability: Availability::from_slugs(d.availability).unwrap_or_default(),
        stage: Stage::from_slug(d.stage).unwrap_or(Stage::Prospect),
        tags: d
            .tags
            .split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        notes: none_if_empty(d.notes),
    }
}

fn days_ago(days: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::days(days))
        .date()
        .to_string()
}

/// Fills an empty directory with the demo town's partners, their history and a few sign-ups.
pub async fn seed_if_empty(state: &AppState) -> Result<(), AppError> {
    let db = &state.db;
    let existing: i64 = sqlx::query_scalar("select count(*) from partners")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let staff: Option<i64> = sqlx::query_scalar("select min(id) from users")
        .fetch_one(&db.pool)
        .await?;
    let mut tx = db.begin().await?;
    for d in PARTNERS {
        let id = crate::partners::repo::insert(&mut tx, &db.clock, &partner(d)).await?;
        for (ago, kind, note) in d.interactions {
            let entry = NewInteraction {
                occurred_on: days_ago(*ago),
                kind: InteractionKind::from_slug(kind).unwrap_or(InteractionKind::Other),
                note: (*note).into(),
            };
            crate::partners::repo::add_interaction(&mut tx, &db.clock, id, &entry, staff).await?;
        }
    }
    crate::server::db::commit(tx).await?;
    for s in SIGNUPS {
        let signup = Signup {
            org_name: s.org_name.into(),
            kind: PartnerKind::from_slug(s.kind).unwrap_or(PartnerKind::Other),
            website: none_if_empty(s.website),
            street: None,
            neighborhood: none_if_empty(s.neighborhood),
            contact: Contact {
                name: s.contact_name.into(),
                role: none_if_empty(s.contact_role),
                email: Some(s.contact_email.into()),
                phone: none_if_empty(s.contact_phone),
            },
            offerings: parse(s.offerings),
            goals: parse(s.goals),
            audiences: Vec::new(),
            availability: Availability::from_slugs(s.availability).unwrap_or_default(),
            message: none_if_empty(s.message),
        };
        crate::signups::repo::upsert_pending(db, &signup).await?;
    }
    polls::seed(db, staff).await?;
    needs::seed(db, staff).await?;
    asks::seed(db, staff).await?;
    programs::seed(state, staff).await?;
    tracing::info!(
        partners = PARTNERS.len(),
        signups = SIGNUPS.len(),
        "demo data loaded"
    );
    Ok(())
}

/// Adds `n` synthetic partners (variations on the demo ones) for load tests, in batches.
pub async fn seed_synthetic(db: &Db, n: usize) -> Result<(), AppError> {
    let started = db.now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tx = db.begin().await?;
        for &i in chunk {
            let d = &PARTNERS[i % PARTNERS.len()];
            let mut p = partner(d);
            p.name = format!("{} #{}", d.name, i + 1);
            p.latitude = p.latitude.map(|v| v + (i % 97) as f64 * 0.0007);
            p.longitude = p.longitude.map(|v| v - (i % 89) as f64 * 0.0007);
            crate::partners::repo::insert(&mut tx, &db.clock, &p).await?;
        }
        crate::server::db::commit(tx).await?;
    }
    tracing::info!(n, seconds = db.now() - started, "synthetic partners added");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_uses_only_known_vocabulary() {
        assert!(PARTNERS.len() >= 35, "about 40 demo partners");
        for d in PARTNERS {
            assert!(
                PartnerKind::from_slug(d.kind).is_some(),
                "{}: kind {}",
                d.name,
                d.kind
            );
            assert!(
                Stage::from_slug(d.stage).is_some(),
                "{}: stage {}",
                d.name,
                d.stage
            );
            assert_eq!(
                parse::<crate::vocab::Offering>(d.offerings).len(),
                d.offerings.len(),
                "{}",
                d.name
            );
            assert_eq!(
                parse::<crate::vocab::Goal>(d.goals).len(),
                d.goals.len(),
                "{}",
                d.name
            );
            assert_eq!(
                parse::<crate::vocab::Audience>(d.audiences).len(),
                d.audiences.len(),
                "{}",
                d.name
            );
            assert!(
                Availability::from_slugs(d.availability).is_ok(),
                "{}",
                d.name
            );
            for (_, kind, _) in d.interactions {
                assert!(
                    InteractionKind::from_slug(kind).is_some(),
                    "{}: {kind}",
                    d.name
                );
            }
            // What the directory form would accept, the demo must satisfy too.
            partner(d)
                .to_form()
                .parse()
                .unwrap_or_else(|e| panic!("{}: {e:?}", d.name));
        }
        for s in SIGNUPS {
            assert!(PartnerKind::from_slug(s.kind).is_some(), "{}", s.org_name);
        }
    }
}
