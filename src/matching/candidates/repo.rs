//! Candidates in the database: the partners, and the asks the engine weighs them by.

use crate::matching::engine::{Candidate, TrackRecord};
use crate::server::db::Db;
use crate::vocab::{Availability, Set, Stage, Vocab};

#[derive(sqlx::FromRow)]
struct CandidateRow {
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

impl CandidateRow {
    /// The partner as the engine sees it, before its asks are added.
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

/// Every partner that is not archived, without its asks.
pub async fn all(db: &Db) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows: Vec<CandidateRow> =
        sqlx::query_as(&format!("{CANDIDATE_COLUMNS} where archived = 0"))
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(CandidateRow::candidate).collect())
}

/// One partner, without its asks, and whether it is archived; `None` when there is none.
pub async fn one(db: &Db, id: i64) -> Result<Option<(Candidate, bool)>, sqlx::Error> {
    let row: Option<CandidateRow> = sqlx::query_as(&format!("{CANDIDATE_COLUMNS} where id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| {
        let archived = r.archived == 1;
        (r.candidate(), archived)
    }))
}

/// One partner's answered asks: how many were answered, accepted, fell due and were
/// delivered.
#[derive(sqlx::FromRow)]
pub struct AskTally {
    pub partner_id: i64,
    pub answered: i64,
    pub accepted: i64,
    pub due: i64,
    pub delivered: i64,
}

/// The answered asks per partner (or of one partner) at time `at`; an accepted ask falls due
/// when its need (or, without one, its reply-by date) is before `today`.
pub async fn ask_tallies(
    db: &Db,
    partner: Option<i64>,
    at: i64,
    today: &str,
) -> Result<Vec<AskTally>, sqlx::Error> {
    let only = if partner.is_some() {
        "and a.partner_id = $3"
    } else {
        ""
    };
    let q = format!(
        "select a.partner_id, \
         sum(case when a.status in ('accepted', 'declined', 'proposed', 'fulfilled') then 1 else 0 end) as answered, \
         sum(case when a.status in ('accepted', 'proposed', 'fulfilled') then 1 else 0 end) as accepted, \
         sum(case when a.status = 'fulfilled' or (a.status in ('accepted', 'proposed') \
             and coalesce(n.ends_on, a.reply_by) < $1) then 1 else 0 end) as due, \
         sum(case when a.status = 'fulfilled' then 1 else 0 end) as delivered \
         from asks a left join needs n on n.id = a.need_id \
         where a.status <> 'draft' and $2 = $2 {only} group by a.partner_id"
    );
    let mut rq = sqlx::query_as::<_, AskTally>(&q).bind(today).bind(at);
    if let Some(p) = partner {
        rq = rq.bind(p);
    }
    rq.fetch_all(&db.pool).await
}

/// An ask sent recently or still open, as the engine's fatigue rule weighs it.
#[derive(sqlx::FromRow)]
pub struct RecentAsk {
    pub partner_id: i64,
    pub sent_at: i64,
    /// The branch of its need, or who sent it.
    pub sent_by: String,
    /// 1 while it waits for an answer.
    pub is_open: i64,
}

/// Asks (of every partner, or of one) sent since `since` or still open at `at`.
pub async fn recent_asks(
    db: &Db,
    partner: Option<i64>,
    at: i64,
    since: i64,
) -> Result<Vec<RecentAsk>, sqlx::Error> {
    let only = if partner.is_some() {
        "and a.partner_id = $3"
    } else {
        ""
    };
    let q = format!(
        "select a.partner_id, a.sent_at, coalesce(b.name, u.name, 'the library') as sent_by, \
         case when a.status = 'sent' and a.expires_at >= $1 then 1 else 0 end as is_open \
         from asks a left join needs n on n.id = a.need_id left join branches b on b.id = n.branch_id \
         left join users u on u.id = a.created_by \
         where a.status <> 'draft' and (a.sent_at >= $2 or (a.status = 'sent' and a.expires_at >= $1)) {only}"
    );
    let mut pq = sqlx::query_as::<_, RecentAsk>(&q).bind(at).bind(since);
    if let Some(p) = partner {
        pq = pq.bind(p);
    }
    pq.fetch_all(&db.pool).await
}

/// The partners of one kind, for the "Find partners" filter.
pub async fn ids_of_kind(
    db: &Db,
    kind: crate::vocab::PartnerKind,
) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("select id from partners where kind = $1 and archived = 0")
            .bind(kind.slug())
            .fetch_all(&db.pool)
            .await?;
    Ok(ids.into_iter().collect())
}
