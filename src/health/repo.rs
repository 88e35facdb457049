//! Keeps each partner's health score current: after every logged contact (inside that
//! action's transaction) and for every partner once a day, since silence ages by itself.

use std::collections::HashMap;

use super::model::{assess, HealthFacts};
use crate::error::AppError;
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::vocab::{Stage, Vocab};

const REFRESHED_SETTING: &str = "health_refreshed_on";

/// `and <column> = $n` when one partner is refreshed.
fn only(column: &str, n: usize, one: Option<i64>) -> String {
    one.map(|_| format!(" and {column} = ${n}"))
        .unwrap_or_default()
}

/// A partner to assess.
#[derive(sqlx::FromRow)]
struct PartnerRow {
    id: i64,
    stage: String,
}

/// When a partner was last in touch.
#[derive(sqlx::FromRow)]
struct LastContact {
    partner_id: i64,
    last_on: Option<String>,
}

/// A partner's sent asks: how many, answered, ignored (expired unanswered), due and kept.
#[derive(sqlx::FromRow, Clone, Copy, Default)]
struct AskCounts {
    partner_id: i64,
    sent: i64,
    answered: i64,
    ignored: i64,
    due: i64,
    delivered: i64,
}

/// A partner's promises that fell due (recognition owed, or programs to present) and how
/// many of them were kept.
#[derive(sqlx::FromRow, Clone, Copy, Default)]
struct Kept {
    partner_id: i64,
    due: i64,
    kept: i64,
}

/// Recomputes the health of one partner (or of all) inside the caller's transaction.
pub async fn refresh(tx: &mut Tx, one: Option<i64>, clock: &Clock) -> Result<usize, AppError> {
    let today = clock.today();
    let today_s = today.to_string();
    let at = clock.now();
    let sql = format!(
        "select id, stage from partners where archived = 0{}",
        only("id", 1, one)
    );
    let mut q = sqlx::query_as::<_, PartnerRow>(&sql);
    if let Some(id) = one {
        q = q.bind(id);
    }
    let partners: Vec<PartnerRow> = q.fetch_all(&mut **tx).await?;
    if partners.is_empty() {
        return Ok(0);
    }

    let sql = format!(
        "select partner_id, max(occurred_on) as last_on from interactions where 1 = 1{} group by partner_id",
        only("partner_id", 1, one)
    );
    let mut q = sqlx::query_as::<_, LastContact>(&sql);
    if let Some(id) = one {
        q = q.bind(id);
    }
    let last: HashMap<i64, Option<String>> = q
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|l| (l.partner_id, l.last_on))
        .collect();

    let sql = format!(
        "select a.partner_id, count(*) as sent, \
         sum(case when a.answered_at is not null then 1 else 0 end) as answered, \
         sum(case when a.status = 'sent' and a.expires_at < $1 then 1 else 0 end) as ignored, \
         sum(case when a.status = 'fulfilled' or (a.status in ('accepted', 'proposed') \
             and coalesce(n.ends_on, a.reply_by) < $2) then 1 else 0 end) as due, \
         sum(case when a.status = 'fulfilled' then 1 else 0 end) as delivered \
         from asks a left join needs n on n.id = a.need_id where a.status <> 'draft'{} group by a.partner_id",
        only("a.partner_id", 3, one)
    );
    let mut q = sqlx::query_as::<_, AskCounts>(&sql).bind(at).bind(&today_s);
    if let Some(id) = one {
        q = q.bind(id);
    }
    let asks: HashMap<i64, AskCounts> = q
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|a| (a.partner_id, a))
        .collect();

    let sql = format!(
        "select partner_id, sum(case when due_on < $1 then 1 else 0 end) as due, \
         sum(case when due_on < $1 and fulfilled_on is not null then 1 else 0 end) as kept \
         from recognitions where 1 = 1{} group by partner_id",
        only("partner_id", 2, one)
    );
    let mut q = sqlx::query_as::<_, Kept>(&sql).bind(&today_s);
    if let Some(id) = one {
        q = q.bind(id);
    }
    let owed: HashMap<i64, Kept> = q
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|k| (k.partner_id, k))
        .collect();

    // Programs the partner was to present that are over: delivered unless cancelled.
    let sql = format!(
        "select pp.partner_id, count(*) as due, sum(case when p.status = 'published' then 1 else 0 end) as kept \
         from program_presenters pp join programs p on p.id = pp.program_id \
         where p.status <> 'draft' and p.ends_at < $1{} group by pp.partner_id",
        only("pp.partner_id", 2, one)
    );
    let mut q = sqlx::query_as::<_, Kept>(&sql).bind(at);
    if let Some(id) = one {
        q = q.bind(id);
    }
    let programs: HashMap<i64, Kept> = q
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|k| (k.partner_id, k))
        .collect();

    for PartnerRow { id, stage } in &partners {
        let a = asks.get(id).copied().unwrap_or_default();
        let p = programs.get(id).copied().unwrap_or_default();
        let (due, delivered) = (a.due + p.due, a.delivered + p.kept);
        let r = owed.get(id).copied().unwrap_or_default();
        let days = last
            .get(id)
            .cloned()
            .flatten()
            .and_then(|d| crate::when::parse_iso_date(&d))
            .map(|d| (today - d).whole_days());
        let stage = Stage::from_slug(stage);
        let h = assess(&HealthFacts {
            days_since_contact: days,
            asks_sent: a.sent,
            asks_answered: a.answered,
            asks_ignored: a.ignored,
            due,
            delivered,
            recognition_due: r.due,
            recognition_given: r.kept,
            kept: matches!(stage, Some(Stage::Active | Stage::Contacted)),
        });
        sqlx::query(
            "update partners set health_score = $1, health_reasons = $2, health_risks = $3 where id = $4",
        )
        .bind(h.score)
        .bind(h.reasons.join("; "))
        .bind(h.risks.join("; "))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(partners.len())
}

/// Recomputes every partner's health once per day (the first call of a new day does it).
pub async fn refresh_daily(db: &Db) -> Result<(), AppError> {
    let day = db.today().to_string();
    let done: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(REFRESHED_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    if done.as_deref() == Some(day.as_str()) {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let n = refresh(&mut tx, None, &db.clock).await?;
    sqlx::query(
        "insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
    )
    .bind(REFRESHED_SETTING)
    .bind(&day)
    .execute(&mut *tx)
    .await?;
    crate::server::db::commit(tx).await?;
    tracing::info!(partners = n, "partnership health refreshed for {day}");
    Ok(())
}
