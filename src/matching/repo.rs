//! Branches, needs, matching weights and match candidates in the database.

use super::engine::{Candidate, PastAsk, Place, TrackRecord, Weights};
use super::model::{Branch, BranchRecord, Need, NeedRecord, NeedStatus, NeedSummary, TimeOfDay};
use crate::error::AppError;
use crate::partners::repo::coordinate;
use crate::server::db::Db;
use crate::server::db::{Refusals, Violation};
use crate::vocab::{from_mask, to_mask, Availability, Offering, Set, Stage, Vocab};

/// The settings key of the matching weights (JSON).
pub const WEIGHTS_SETTING: &str = "match_weights";

/// A branch as stored: id, name, address, latitude, longitude.
type BranchRow = (i64, String, Option<String>, Option<f64>, Option<f64>);

/// Every branch, by name.
pub async fn branches(db: &Db) -> Result<Vec<BranchRecord>, AppError> {
    let rows: Vec<BranchRow> = sqlx::query_as(
        "select id, name, address, latitude, longitude from branches order by name_key, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, address, latitude, longitude)| BranchRecord {
            id,
            branch: Branch {
                name,
                address,
                latitude,
                longitude,
            },
        })
        .collect())
}

/// Adds a branch (no `id`) or changes one; names are unique, whatever their case.
pub async fn save_branch(db: &Db, id: Option<i64>, b: &Branch) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let q = match id {
        None => sqlx::query_scalar(
            "insert into branches (name, name_key, address, latitude, longitude, created_at, updated_at) \
             values ($1, $2, $3, cast($4 as double precision), cast($5 as double precision), $6, $6) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update branches set name = $1, name_key = $2, address = $3, latitude = cast($4 as double precision), \
             longitude = cast($5 as double precision), updated_at = $6 where id = $7 returning id",
        ),
    };
    let q = q
        .bind(&b.name)
        .bind(b.name.to_lowercase())
        .bind(&b.address)
        .bind(coordinate(b.latitude))
        .bind(coordinate(b.longitude))
        .bind(db.now());
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    let res: Result<Option<i64>, sqlx::Error> = q.fetch_optional(&mut *tx).await;
    let saved = res
        .refused_as([(
            Violation::Unique,
            AppError::field("name", "Another branch already has this name."),
        )])?
        .ok_or_else(|| AppError::NotFound("That branch".into()))?;
    crate::server::db::commit(tx).await?;
    Ok(saved)
}

#[derive(sqlx::FromRow)]
struct NeedDb {
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

impl NeedDb {
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

/// Records a need (no `id`) or changes one. A branch that is gone is the branch field's error;
/// a poll that is gone is simply not linked.
pub async fn save_need(db: &Db, id: Option<i64>, n: &Need, staff_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
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
    let res: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(sql)
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
        .bind(db.now())
        .bind(last)
        .fetch_optional(&mut *tx)
        .await;
    let saved = res
        .refused_as([(
            Violation::ForeignKey,
            AppError::field("branch_id", "That branch no longer exists. Choose another."),
        )])?
        .ok_or_else(|| AppError::NotFound("That need".into()))?;
    crate::server::db::commit(tx).await?;
    Ok(saved)
}

/// One need with its branch, its author and the poll it came from.
pub async fn need(db: &Db, id: i64) -> Result<NeedRecord, AppError> {
    need_and_place(db, id).await.map(|(record, _)| record)
}

/// One need, and its branch as a place to measure from (when the branch has coordinates).
pub async fn need_and_place(db: &Db, id: i64) -> Result<(NeedRecord, Option<Place>), AppError> {
    let row: Option<NeedDb> = sqlx::query_as(&format!("select {NEED_COLUMNS} where n.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let row = row.ok_or_else(|| AppError::NotFound("That need".into()))?;
    let place = row.place();
    Ok((row.record(), place))
}

/// Needs in one state (all states when `None`), soonest first.
pub async fn needs(db: &Db, only: Option<NeedStatus>) -> Result<Vec<NeedSummary>, AppError> {
    let rows: Vec<NeedDb> = sqlx::query_as(&format!(
        "select {NEED_COLUMNS} where ($1 = '' or n.status = $1) order by n.starts_on, n.id"
    ))
    .bind(only.map(|s| s.slug()).unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(NeedDb::summary).collect())
}

/// Open needs with their branches' places, for the reverse view on a partner's page.
pub async fn open_needs(db: &Db) -> Result<Vec<(NeedSummary, Need, Option<Place>)>, AppError> {
    let rows: Vec<NeedDb> = sqlx::query_as(&format!(
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

/// Marks a need open, filled or cancelled.
pub async fn set_status(db: &Db, id: i64, s: NeedStatus) -> Result<(), AppError> {
    let q = sqlx::query("update needs set status = $1, updated_at = $2 where id = $3")
        .bind(s.slug())
        .bind(db.now())
        .bind(id);
    if !crate::server::db::changed(db, q).await? {
        return Err(AppError::NotFound("That need".into()));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CandidateDb {
    id: i64,
    name: String,
    stage: String,
    offerings: i64,
    goals: i64,
    audiences: i64,
    availability: i64,
    latitude: Option<f64>,
    longitude: Option<f64>,
    archived: i64,
}

impl CandidateDb {
    fn candidate(self) -> Candidate {
        Candidate {
            id: self.id,
            name: self.name,
            stage: Stage::from_slug(&self.stage).unwrap_or(Stage::Prospect),
            offerings: Set::from_mask(self.offerings),
            goals: Set::from_mask(self.goals),
            audiences: Set::from_mask(self.audiences),
            availability: Availability(self.availability),
            location: self.latitude.zip(self.longitude),
            record: TrackRecord::default(),
            asks: Vec::new(),
        }
    }
}

const CANDIDATE_COLUMNS: &str =
    "select id, name, stage, offerings, goals, audiences, availability, latitude, \
     longitude, archived from partners";

/// Every partner in the directory (archived ones are not candidates), with its record of
/// asks and its recent asks.
pub async fn candidates(db: &Db) -> Result<Vec<Candidate>, AppError> {
    let rows: Vec<CandidateDb> = sqlx::query_as(&format!("{CANDIDATE_COLUMNS} where archived = 0"))
        .fetch_all(&db.pool)
        .await?;
    let mut out: Vec<Candidate> = rows.into_iter().map(CandidateDb::candidate).collect();
    let (records, asks) = ask_history(db, None).await?;
    let index: std::collections::HashMap<i64, usize> =
        out.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for (id, r) in records {
        if let Some(&i) = index.get(&id) {
            out[i].record = r;
        }
    }
    for (id, a) in asks {
        if let Some(&i) = index.get(&id) {
            out[i].asks.push(a);
        }
    }
    Ok(out)
}

/// Asks already sent, as the engine weighs them: per partner, the track record (answers,
/// acceptances, what was due and what was delivered) and the asks recent or still open.
async fn ask_history(
    db: &Db,
    partner: Option<i64>,
) -> Result<(Vec<(i64, TrackRecord)>, Vec<(i64, PastAsk)>), AppError> {
    let at = db.now();
    let today = db.today().to_string();
    let only = if partner.is_some() {
        "and a.partner_id = $3"
    } else {
        ""
    };
    let q = format!(
        "select a.partner_id, \
         sum(case when a.status in ('accepted', 'declined', 'proposed', 'fulfilled') then 1 else 0 end), \
         sum(case when a.status in ('accepted', 'proposed', 'fulfilled') then 1 else 0 end), \
         sum(case when a.status = 'fulfilled' or (a.status in ('accepted', 'proposed') \
             and coalesce(n.ends_on, a.reply_by) < $1) then 1 else 0 end), \
         sum(case when a.status = 'fulfilled' then 1 else 0 end) \
         from asks a left join needs n on n.id = a.need_id \
         where a.status <> 'draft' and $2 = $2 {only} group by a.partner_id"
    );
    let mut rq = sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(&q)
        .bind(&today)
        .bind(at);
    if let Some(p) = partner {
        rq = rq.bind(p);
    }
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    let mut records: Vec<(i64, TrackRecord)> = rq
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(id, answered, accepted, due, delivered)| {
            (
                id,
                TrackRecord {
                    answered: n(answered),
                    accepted: n(accepted),
                    due: n(due),
                    delivered: n(delivered),
                },
            )
        })
        .collect();
    // Programs the partner was to present that are over count as promises too: delivered
    // when the program took place, not when it was cancelled.
    for c in crate::programs::calendar::repo::presented_counts(db, partner, at).await? {
        let (id, due, delivered) = (c.partner_id, c.due, c.delivered);
        match records.iter_mut().find(|(p, _)| *p == id) {
            Some((_, r)) => {
                r.due += n(due);
                r.delivered += n(delivered);
            }
            None => records.push((
                id,
                TrackRecord {
                    due: n(due),
                    delivered: n(delivered),
                    ..TrackRecord::default()
                },
            )),
        }
    }
    // Sixty days covers any fatigue window an admin may set; open asks count however old.
    let since = at - 60 * 86_400;
    let q = format!(
        "select a.partner_id, a.sent_at, coalesce(b.name, u.name, 'the library'), \
         case when a.status = 'sent' and a.expires_at >= $1 then 1 else 0 end \
         from asks a left join needs n on n.id = a.need_id left join branches b on b.id = n.branch_id \
         left join users u on u.id = a.created_by \
         where a.status <> 'draft' and (a.sent_at >= $2 or (a.status = 'sent' and a.expires_at >= $1)) {only}"
    );
    let mut pq = sqlx::query_as::<_, (i64, i64, String, i64)>(&q)
        .bind(at)
        .bind(since);
    if let Some(p) = partner {
        pq = pq.bind(p);
    }
    let asks = pq
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(id, sent_at, by, open)| {
            (
                id,
                PastAsk {
                    days_ago: u32::try_from((at - sent_at).max(0) / 86_400).unwrap_or(u32::MAX),
                    by,
                    open: open == 1,
                },
            )
        })
        .collect();
    Ok((records, asks))
}

/// One partner as a candidate, and whether it is archived.
pub async fn candidate_by_id(db: &Db, id: i64) -> Result<(Candidate, bool), AppError> {
    let row: Option<CandidateDb> = sqlx::query_as(&format!("{CANDIDATE_COLUMNS} where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let row = row.ok_or_else(|| AppError::NotFound("That partner".into()))?;
    let archived = row.archived == 1;
    let mut c = row.candidate();
    let (records, asks) = ask_history(db, Some(id)).await?;
    if let Some((_, r)) = records.into_iter().next() {
        c.record = r;
    }
    c.asks = asks.into_iter().map(|(_, a)| a).collect();
    Ok((c, archived))
}

/// The partners of one kind, for the "Find partners" filter.
pub async fn ids_of_kind(
    db: &Db,
    kind: crate::vocab::PartnerKind,
) -> Result<std::collections::HashSet<i64>, AppError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("select id from partners where kind = $1 and archived = 0")
            .bind(kind.slug())
            .fetch_all(&db.pool)
            .await?;
    Ok(ids.into_iter().collect())
}

/// The weights in force: the admin's, or the defaults.
pub async fn weights(db: &Db) -> Result<Weights, AppError> {
    let v: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(WEIGHTS_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Saves the weights.
pub async fn save_weights(db: &Db, w: &Weights) -> Result<(), AppError> {
    let json = serde_json::to_string(w).map_err(|e| AppError::internal(&e.to_string()))?;
    sqlx::query(
        "insert into settings (key, value) values ($1, $2) \
         on conflict (key) do update set value = excluded.value",
    )
    .bind(WEIGHTS_SETTING)
    .bind(json)
    .execute(&db.pool)
    .await?;
    crate::server::db::wrote();
    Ok(())
}
