//! The asks lists in the database: asks by state, a partner's asks, the counts, and the
//! follow-up delay setting.

use super::model::{AskFilter, DEFAULT_FOLLOW_UP_DAYS};
use crate::asks::model::AskSummary;
use crate::asks::repo::{kind, status, STATUS};
use crate::server::db::Db;
use crate::vocab::Vocab;

const FOLLOW_UP_SETTING: &str = "ask_follow_up_days";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    partner_id: i64,
    partner_name: String,
    need_title: Option<String>,
    kind: String,
    subject: String,
    st: String,
    sent_at: Option<i64>,
    reply_by: String,
    answered_at: Option<i64>,
}

impl SummaryRow {
    fn summary(self) -> AskSummary {
        AskSummary {
            id: self.id,
            partner_id: self.partner_id,
            partner_name: self.partner_name,
            need_title: self.need_title,
            kind: kind(&self.kind),
            subject: self.subject,
            status: status(&self.st),
            sent_at: self.sent_at,
            reply_by: self.reply_by,
            answered_at: self.answered_at,
        }
    }
}

fn summary_select() -> String {
    format!(
        "select a.id, a.partner_id, p.name as partner_name, n.title as need_title, a.kind, a.subject, {STATUS} as st, \
         a.sent_at, a.reply_by, a.answered_at \
         from asks a join partners p on p.id = a.partner_id left join needs n on n.id = a.need_id"
    )
}

/// Asks a list shows at time `at`, most recent first; follow-ups oldest first (the longest
/// waiting on top).
pub async fn list(
    db: &Db,
    filter: AskFilter,
    follow_up_days: i64,
    at: i64,
) -> Result<Vec<AskSummary>, sqlx::Error> {
    let (cond, order) = match filter {
        AskFilter::All => (
            "$2 = $2 and $3 = $3".to_string(),
            "a.created_at desc, a.id desc",
        ),
        AskFilter::Status(_) => (
            format!("({STATUS}) = $2 and $3 = $3"),
            "coalesce(a.sent_at, a.created_at) desc, a.id desc",
        ),
        AskFilter::FollowUp => (
            "a.status = 'sent' and a.expires_at >= $1 and a.sent_at < $3 and $2 = $2".to_string(),
            "a.sent_at, a.id",
        ),
    };
    let sql = format!(
        "{} where {cond} order by {order} limit 500",
        summary_select()
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
        .bind(at)
        .bind(match filter {
            AskFilter::Status(s) => s.slug(),
            _ => "",
        })
        .bind(at - follow_up_days * 86_400)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(SummaryRow::summary).collect())
}

/// A partner's asks at time `at`, newest first.
pub async fn for_partner(
    db: &Db,
    partner_id: i64,
    at: i64,
) -> Result<Vec<AskSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{} where a.partner_id = $2 order by a.created_at desc, a.id desc limit 50",
        summary_select()
    ))
    .bind(at)
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(SummaryRow::summary).collect())
}

/// How many asks one state holds.
#[derive(sqlx::FromRow)]
pub struct StateCount {
    pub st: String,
    pub n: i64,
}

/// How many asks each state holds at time `at` (expired counted apart from sent).
pub async fn state_counts(db: &Db, at: i64) -> Result<Vec<StateCount>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select st, count(*) as n from (select {STATUS} as st from asks a) s group by st"
    ))
    .bind(at)
    .fetch_all(&db.pool)
    .await
}

/// How many sent asks wait for an answer longer than the follow-up delay at time `at`.
pub async fn follow_ups(db: &Db, follow_up_days: i64, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from asks where status = 'sent' and expires_at >= $1 and sent_at < $2",
    )
    .bind(at)
    .bind(at - follow_up_days * 86_400)
    .fetch_one(&db.pool)
    .await
}

/// The follow-up delay in days: the admin's, or the default.
pub async fn follow_up_days(db: &Db) -> Result<i64, sqlx::Error> {
    let v: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(FOLLOW_UP_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_FOLLOW_UP_DAYS))
}

/// Sets the follow-up delay.
pub async fn save_follow_up_days(db: &Db, days: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into settings (key, value) values ($1, $2) \
         on conflict (key) do update set value = excluded.value",
    )
    .bind(FOLLOW_UP_SETTING)
    .bind(days.to_string())
    .execute(&db.pool)
    .await?;
    crate::server::db::wrote();
    Ok(())
}
