//! Needs in the database.

use super::model::{Need, NeedRecord, NeedStatus, NeedSummary, TimeOfDay};
use crate::matching::engine::Place;
use crate::server::db::{Db, Tx};
use crate::vocab::{from_mask, to_mask, Offering, Vocab};

/// A need as stored, with its branch (and where it is), its author and its poll.
#[derive(sqlx::FromRow)]
struct NeedRow {
    id: i64,
    title: String,
    offering: String,
    goals: i64,
    audiences: i64,
    branch_id: i64,
    starts_on: String,
    ends_on: String,
    time_of_day: String,
    notes: Option<String>,
    status: String,
    poll_id: Option<i64>,
    created_at: i64,
    updated_at: i64,
    branch_name: String,
    branch_latitude: Option<f64>,
    branch_longitude: Option<f64>,
    created_by_name: Option<String>,
    poll_question: Option<String>,
}

const NEED_COLUMNS: &str = "n.id, n.title, n.offering, n.goals, n.audiences, n.branch_id, n.starts_on, n.ends_on, \
     n.time_of_day, n.notes, n.status, n.poll_id, n.created_at, n.updated_at, b.name as branch_name, \
     b.latitude as branch_latitude, b.longitude as branch_longitude, u.name as created_by_name, p.question as poll_question \
     from needs n join branches b on b.id = n.branch_id left join users u on u.id = n.created_by \
     left join polls p on p.id = n.poll_id";

fn status(s: &str) -> NeedStatus {
    NeedStatus::from_slug(s).unwrap_or(NeedStatus::Open)
}

impl NeedRow {
    fn need(&self) -> Need {
        Need {
            title: self.title.clone(),
            offering: Offering::from_slug(&self.offering).unwrap_or(Offering::Volunteers),
            goals: from_mask(self.goals),
            audiences: from_mask(self.audiences),
            branch_id: self.branch_id,
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            time_of_day: TimeOfDay::from_slug(&self.time_of_day).unwrap_or(TimeOfDay::Any),
            notes: self.notes.clone(),
            poll_id: self.poll_id,
        }
    }

    /// The need's branch as a place to measure from, when it has coordinates.
    fn place(&self) -> Option<Place> {
        Some(Place {
            name: self.branch_name.clone(),
            latitude: self.branch_latitude?,
            longitude: self.branch_longitude?,
        })
    }

    fn record(self) -> NeedRecord {
        NeedRecord {
            id: self.id,
            need: self.need(),
            status: status(&self.status),
            branch_name: self.branch_name,
            created_by: self.created_by_name,
            poll_question: self.poll_question,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    fn summary(self) -> NeedSummary {
        let need = self.need();
        NeedSummary {
            id: self.id,
            title: self.title,
            offering: need.offering,
            branch_name: self.branch_name,
            when: need.when(),
            status: status(&self.status),
        }
    }
}

/// Records a need (no `id`) or changes one; `None` when the need to change is gone. A branch
/// that is gone comes back as the database's refusal; a poll that is gone is simply not
/// linked.
pub async fn save(
    tx: &mut Tx,
    id: Option<i64>,
    n: &Need,
    staff_id: i64,
    at: i64,
) -> Result<Option<i64>, sqlx::Error> {
    // $1..$11 are the same for both statements; $12 is the author or the need.
    let (sql, last) = match id {
        None => (
            "insert into needs (title, offering, goals, audiences, branch_id, starts_on, ends_on, time_of_day, notes, \
             poll_id, updated_at, created_at, created_by, status) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, (select id from polls where id = $10), $11, $11, $12, 'open') \
             returning id",
            staff_id,
        ),
        Some(id) => (
            "update needs set title = $1, offering = $2, goals = $3, audiences = $4, branch_id = $5, starts_on = $6, \
             ends_on = $7, time_of_day = $8, notes = $9, \
             poll_id = coalesce((select id from polls where id = $10), poll_id), updated_at = $11 \
             where id = $12 returning id",
            id,
        ),
    };
    sqlx::query_scalar(sql)
        .bind(&n.title)
        .bind(n.offering.slug())
        .bind(to_mask(&n.goals))
        .bind(to_mask(&n.audiences))
        .bind(n.branch_id)
        .bind(&n.starts_on)
        .bind(&n.ends_on)
        .bind(n.time_of_day.slug())
        .bind(&n.notes)
        .bind(n.poll_id)
        .bind(at)
        .bind(last)
        .fetch_optional(&mut **tx)
        .await
}

/// One need, and its branch as a place to measure from (when the branch has coordinates).
pub async fn need_and_place(
    db: &Db,
    id: i64,
) -> Result<Option<(NeedRecord, Option<Place>)>, sqlx::Error> {
    let row: Option<NeedRow> = sqlx::query_as(&format!("select {NEED_COLUMNS} where n.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| {
        let place = r.place();
        (r.record(), place)
    }))
}

/// Needs in one state (all states when `None`), soonest first.
pub async fn needs(db: &Db, only: Option<NeedStatus>) -> Result<Vec<NeedSummary>, sqlx::Error> {
    let rows: Vec<NeedRow> = sqlx::query_as(&format!(
        "select {NEED_COLUMNS} where ($1 = '' or n.status = $1) order by n.starts_on, n.id"
    ))
    .bind(only.map(|s| s.slug()).unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(NeedRow::summary).collect())
}

/// Open needs with their branches' places, for the reverse view on a partner's page.
pub async fn open_needs(db: &Db) -> Result<Vec<(NeedSummary, Need, Option<Place>)>, sqlx::Error> {
    let rows: Vec<NeedRow> = sqlx::query_as(&format!(
        "select {NEED_COLUMNS} where n.status = 'open' order by n.starts_on, n.id"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (need, place) = (r.need(), r.place());
            (r.summary(), need, place)
        })
        .collect())
}

/// Marks a need open, filled or cancelled; whether there was such a need.
pub async fn set_status(db: &Db, id: i64, s: NeedStatus) -> Result<bool, crate::error::AppError> {
    let q = sqlx::query("update needs set status = $1, updated_at = $2 where id = $3")
        .bind(s.slug())
        .bind(db.now())
        .bind(id);
    crate::server::db::changed(db, q).await
}
