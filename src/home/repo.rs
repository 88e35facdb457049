//! Queries behind the staff start page.

use super::api::{AtRisk, RecentInteraction, StaffSummary};
use crate::error::AppError;
use crate::server::db::Db;
use crate::vocab::{InteractionKind, Stage, Vocab};

#[derive(sqlx::FromRow)]
struct StageCount {
    stage: String,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct RecentRow {
    partner_id: i64,
    partner_name: String,
    occurred_on: String,
    kind: String,
    note: String,
    staff_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AtRiskRow {
    id: i64,
    name: String,
    health_score: Option<i64>,
    health_risks: String,
}

/// Partners per stage, pending sign-ups and the latest interactions.
pub async fn summary(db: &Db, today: time::Date) -> Result<StaffSummary, AppError> {
    let counts: Vec<StageCount> = sqlx::query_as(
        "select stage, count(*) as n from partners where archived = 0 group by stage",
    )
    .fetch_all(&db.pool)
    .await?;
    let by_stage = Stage::ALL
        .iter()
        .map(|&s| {
            (
                s,
                counts
                    .iter()
                    .find(|c| c.stage == s.slug())
                    .map(|c| c.n)
                    .unwrap_or(0),
            )
        })
        .collect();
    let pending_signups = crate::signups::repo::pending_count(db).await?;
    let rows: Vec<RecentRow> = sqlx::query_as(
        "select p.id as partner_id, p.name as partner_name, i.occurred_on, i.kind, i.note, u.name as staff_name \
         from interactions i \
         join partners p on p.id = i.partner_id left join users u on u.id = i.staff_id \
         order by i.occurred_on desc, i.id desc limit 8",
    )
    .fetch_all(&db.pool)
    .await?;
    let recent = rows
        .into_iter()
        .map(|r| RecentInteraction {
            partner_id: r.partner_id,
            partner_name: r.partner_name,
            occurred_on: r.occurred_on,
            kind: InteractionKind::from_slug(&r.kind).unwrap_or(InteractionKind::Other),
            note: r.note,
            staff_name: r.staff_name,
        })
        .collect();
    let at_risk: Vec<AtRiskRow> = sqlx::query_as(
        "select id, name, health_score, health_risks from partners where archived = 0 and health_risks <> '' \
         order by coalesce(health_score, 0), name_key limit 12",
    )
    .fetch_all(&db.pool)
    .await?;
    let at = db.now();
    let days = crate::asks::lists::repo::follow_up_days(db).await?;
    let follow_ups = crate::asks::lists::repo::follow_ups(db, days, at).await?;
    let overdue_recognition: i64 = sqlx::query_scalar(
        "select count(*) from recognitions where fulfilled_on is null and due_on < $1",
    )
    .bind(today.to_string())
    .fetch_one(&db.pool)
    .await?;
    let failed_mail: i64 = sqlx::query_scalar("select count(*) from outbox where state = 'failed'")
        .fetch_one(&db.pool)
        .await?;
    Ok(StaffSummary {
        by_stage,
        pending_signups,
        recent,
        at_risk: at_risk
            .into_iter()
            .map(|r| AtRisk {
                partner_id: r.id,
                name: r.name,
                score: r.health_score,
                risks: r.health_risks,
            })
            .collect(),
        follow_ups,
        overdue_recognition,
        failed_mail,
    })
}
