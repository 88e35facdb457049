//! Programs as the calendar reads them: the one program row every query shares, filtered
//! lists, series sessions, presenter credits and what partners presented. SQL only.

use crate::error::AppError;
use crate::server::db::Db;
use crate::vocab::{Audience, Goal, Vocab};

/// A program row, as every query reads it.
#[derive(sqlx::FromRow, Clone)]
pub struct Row {
    pub id: i64,
    pub series_id: Option<i64>,
    pub register_for: String,
    pub title: String,
    pub description: String,
    pub audiences: i64,
    pub goals: i64,
    pub address: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub registration: String,
    pub party_limit: i64,
    pub other_presenters: Option<String>,
    pub status: String,
    pub seats_taken: i64,
    /// The branch, and the room when there is one ("Central, Story Room").
    pub place: Option<String>,
    pub accessibility: Option<String>,
    pub waiting: i64,
}

const SELECT: &str = "select p.id, p.series_id, p.register_for, p.title, p.description, \
     p.audiences, p.goals, p.address, p.starts_at, p.ends_at, p.capacity, p.registration, \
     p.party_limit, p.other_presenters, p.status, p.seats_taken, \
     case when r.id is null then b.name else b.name || ', ' || r.name end as place, \
     r.accessibility, \
     (select count(*) from registrations w where w.program_id = p.id and w.state = 'waiting') as waiting \
     from programs p left join rooms r on r.id = p.room_id \
     left join branches b on b.id = coalesce(r.branch_id, p.branch_id)";

/// One program, if it exists.
pub async fn find(db: &Db, id: i64) -> Result<Option<Row>, AppError> {
    Ok(
        sqlx::query_as::<_, Row>(&format!("{SELECT} where p.id = $1"))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Every session of a series, in time order.
pub async fn series<'e>(
    conn: impl sqlx::Executor<'e, Database = sqlx::Any>,
    series: i64,
) -> Result<Vec<Row>, AppError> {
    Ok(sqlx::query_as::<_, Row>(&format!(
        "{SELECT} where p.series_id = $1 order by p.starts_at, p.id"
    ))
    .bind(series)
    .fetch_all(conn)
    .await?)
}

/// The public calendar's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub audience: Option<Audience>,
    pub goal: Option<Goal>,
    pub branch: Option<i64>,
    pub partner: Option<i64>,
    /// Unix seconds; programs starting at or after.
    pub from: i64,
    /// Unix seconds; programs starting before.
    pub to: Option<i64>,
    /// Staff see drafts too.
    pub drafts: bool,
    pub limit: i64,
}

/// Programs in time order, filtered.
pub async fn rows(db: &Db, f: &ListFilter) -> Result<Vec<Row>, AppError> {
    let mut sql = format!("{SELECT} where p.starts_at >= $1");
    let mut n = 1;
    let mut arg = |sql: &mut String, clause: &str| {
        n += 1;
        sql.push_str(&clause.replace('?', &format!("${n}")));
    };
    if !f.drafts {
        sql.push_str(" and p.status <> 'draft'");
    }
    if f.to.is_some() {
        arg(&mut sql, " and p.starts_at < ?");
    }
    if f.audience.is_some() {
        arg(&mut sql, " and (p.audiences & ?) <> 0");
    }
    if f.goal.is_some() {
        arg(&mut sql, " and (p.goals & ?) <> 0");
    }
    if f.branch.is_some() {
        arg(&mut sql, " and coalesce(r.branch_id, p.branch_id) = ?");
    }
    if f.partner.is_some() {
        arg(
            &mut sql,
            " and exists (select 1 from program_presenters x where x.program_id = p.id and x.partner_id = ?)",
        );
    }
    arg(&mut sql, " order by p.starts_at, p.id limit ?");
    let mut q = sqlx::query_as::<_, Row>(&sql).bind(f.from);
    if let Some(to) = f.to {
        q = q.bind(to);
    }
    if let Some(a) = f.audience {
        q = q.bind(a.bit());
    }
    if let Some(g) = f.goal {
        q = q.bind(g.bit());
    }
    if let Some(b) = f.branch {
        q = q.bind(b);
    }
    if let Some(p) = f.partner {
        q = q.bind(p);
    }
    Ok(q.bind(f.limit).fetch_all(&db.pool).await?)
}

/// A partner credited on a program.
#[derive(sqlx::FromRow)]
pub struct Credit {
    pub program_id: i64,
    pub partner_id: i64,
    pub name: String,
    pub website: Option<String>,
}

/// The partner presenters of these programs, by name.
pub async fn credits(db: &Db, ids: &[i64]) -> Result<Vec<Credit>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    // The ids are integers from our own rows, so listing them inline is safe.
    Ok(sqlx::query_as(&format!(
        "select pp.program_id, p.id as partner_id, p.name, p.website from program_presenters pp \
         join partners p on p.id = pp.partner_id \
         where pp.program_id in ({list}) order by lower(p.name), p.id"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// A session of a series, as the program page lists it.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
}

/// Every session of a series (drafts and cancelled ones too), in time order.
pub async fn sessions(db: &Db, series: i64) -> Result<Vec<SessionRow>, AppError> {
    Ok(sqlx::query_as(
        "select id, starts_at, ends_at, status from programs where series_id = $1 order by starts_at, id",
    )
    .bind(series)
    .fetch_all(&db.pool)
    .await?)
}

/// A partner's programs that are over by a time: how many it was to present, and how many
/// took place (were not cancelled).
#[derive(sqlx::FromRow)]
pub struct PresentedCount {
    pub partner_id: i64,
    pub due: i64,
    pub delivered: i64,
}

/// Per partner (or for one), the programs it was to present that are over by `at`, and how
/// many of them took place.
pub async fn presented_counts(
    db: &Db,
    partner: Option<i64>,
    at: i64,
) -> Result<Vec<PresentedCount>, AppError> {
    let only = if partner.is_some() {
        " and pp.partner_id = $2"
    } else {
        ""
    };
    let sql = format!(
        "select pp.partner_id, count(*) as due, \
         sum(case when p.status = 'published' then 1 else 0 end) as delivered \
         from program_presenters pp join programs p on p.id = pp.program_id \
         where p.status <> 'draft' and p.ends_at < $1{only} group by pp.partner_id"
    );
    let mut q = sqlx::query_as::<_, PresentedCount>(&sql).bind(at);
    if let Some(p) = partner {
        q = q.bind(p);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// A program a partner presents or presented, with the people confirmed and who came.
#[derive(sqlx::FromRow)]
pub struct PresentedRow {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub confirmed: i64,
    pub attended: i64,
}

/// The programs a partner presents or presented, newest first (at most 200).
pub async fn presented(db: &Db, partner: i64) -> Result<Vec<PresentedRow>, AppError> {
    Ok(sqlx::query_as(
        "select p.id, p.title, p.starts_at, p.ends_at, p.status, \
         cast(coalesce((select sum(g.party_size) from registrations g where g.program_id = p.id and g.state = 'confirmed'), 0) as bigint) as confirmed, \
         cast(coalesce((select sum(g.party_size) from registrations g where g.program_id = p.id and g.attendance = 'attended'), 0) as bigint) as attended \
         from programs p join program_presenters pp on pp.program_id = p.id \
         where pp.partner_id = $1 and p.status <> 'draft' order by p.starts_at desc, p.id desc limit 200",
    )
    .bind(partner)
    .fetch_all(&db.pool)
    .await?)
}
