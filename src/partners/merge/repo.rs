//! Duplicates in the database: the directory's fingerprints, and merges, each in one
//! transaction that locks both partners first (in id order, so two merges never deadlock).

use std::collections::HashMap;

use super::model::{absorb, Fingerprint, Index, Known, Likeness, MergePreview};
use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::partners::model::{Contact, Partner, MAX_CONTACTS};
use crate::partners::repo::{add_interaction, load, update_in};
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::vocab::InteractionKind;

#[derive(sqlx::FromRow)]
struct KnownRow {
    id: i64,
    name: String,
    website: Option<String>,
    archived: i64,
}

#[derive(sqlx::FromRow)]
struct ReachRow {
    partner_id: i64,
    email: Option<String>,
    phone: Option<String>,
}

/// Every partner's fingerprint (archived ones too: a returning organization is still known).
pub async fn index(db: &Db) -> Result<Index, AppError> {
    let partners: Vec<KnownRow> =
        sqlx::query_as("select id, name, website, archived from partners")
            .fetch_all(&db.pool)
            .await?;
    let reach: Vec<ReachRow> = sqlx::query_as("select partner_id, email, phone from contacts")
        .fetch_all(&db.pool)
        .await?;
    let mut by_partner: HashMap<i64, Vec<ReachRow>> = HashMap::new();
    for r in reach {
        by_partner.entry(r.partner_id).or_default().push(r);
    }
    let known = partners
        .into_iter()
        .map(|p| {
            let reach = by_partner.remove(&p.id).unwrap_or_default();
            let print = Fingerprint::of(
                &p.name,
                p.website.as_deref(),
                reach.iter().filter_map(|r| r.email.as_deref()),
                reach.iter().filter_map(|r| r.phone.as_deref()),
            );
            Known {
                id: p.id,
                name: p.name,
                archived: p.archived == 1,
                print,
            }
        })
        .collect();
    Ok(Index::new(known))
}

/// Partners that are probably the same organization as partner `id`.
pub async fn likely_for(db: &Db, id: i64) -> Result<Vec<Likeness>, AppError> {
    let index = index(db).await?;
    let print = index
        .print_of(id)
        .cloned()
        .ok_or_else(|| AppError::NotFound("That partner".into()))?;
    Ok(index.likely(&print, Some(id)))
}

/// How many records of each kind belong to partner `id`.
#[derive(sqlx::FromRow)]
struct Belongings {
    entries: i64,
    asks: i64,
    recognitions: i64,
    programs: i64,
    signups: i64,
}

async fn belongings(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Belongings, AppError> {
    Ok(sqlx::query_as(
        "select (select count(*) from interactions where partner_id = $1) as entries, \
         (select count(*) from asks where partner_id = $1) as asks, \
         (select count(*) from recognitions where partner_id = $1) as recognitions, \
         (select count(*) from program_presenters where partner_id = $1) as programs, \
         (select count(*) from signups where partner_id = $1) as signups",
    )
    .bind(id)
    .fetch_one(conn)
    .await?)
}

/// The two partners, the kept one with the other's profile folded in, and what would move.
async fn plan(
    conn: &mut sqlx::AnyConnection,
    kept: i64,
    other: i64,
) -> Result<(Partner, Partner, MergePreview), AppError> {
    if kept == other {
        return Err(AppError::BadRequest(
            "A partner cannot be merged into itself: choose another partner.".into(),
        ));
    }
    let mut keep = load(conn, kept).await?.partner;
    let gone = load(conn, other).await?.partner;
    let b = belongings(conn, other).await?;
    let added = absorb(&mut keep, &gone, MAX_CONTACTS);
    let preview = MergePreview {
        kept_id: kept,
        kept_name: keep.name.clone(),
        other_id: other,
        other_name: gone.name.clone(),
        contacts: added.len() as i64,
        entries: b.entries,
        asks: b.asks,
        recognitions: b.recognitions,
        programs: b.programs,
        signups: b.signups,
    };
    Ok((keep, gone, preview))
}

/// What merging `other` into `kept` would move.
pub async fn preview(db: &Db, kept: i64, other: i64) -> Result<MergePreview, AppError> {
    let mut conn = db.pool.acquire().await?;
    Ok(plan(&mut conn, kept, other).await?.2)
}

/// Marks a partner as being written by this transaction, which waits for (and then sees the
/// outcome of) any other merge touching it; a partner that is gone is refused.
async fn lock(tx: &mut Tx, clock: &Clock, id: i64) -> Result<(), AppError> {
    let found: Option<i64> =
        sqlx::query_scalar("update partners set updated_at = $1 where id = $2 returning id")
            .bind(clock.now())
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    found.map(|_| ()).ok_or_else(|| {
        AppError::NotFound("That partner (it may have just been merged into another)".into())
    })
}

/// Merges partner `other` into `kept`: the kept profile gains what it lacked, and every log
/// entry, ask, recognition item, program presented and sign-up moves to it; `other` leaves the
/// directory and the kept partner's log says what was merged. Returns what moved.
pub async fn merge(
    db: &Db,
    kept: i64,
    other: i64,
    staff_id: i64,
) -> Result<MergePreview, AppError> {
    let mut tx = db.begin().await?;
    let (first, second) = if kept < other {
        (kept, other)
    } else {
        (other, kept)
    };
    lock(&mut tx, &db.clock, first).await?;
    lock(&mut tx, &db.clock, second).await?;
    // Refuses a merge into itself (nothing written: the transaction is dropped).
    let (keep, gone, moved) = plan(&mut tx, kept, other).await?;
    update_in(&mut tx, &db.clock, kept, &keep).await?;
    sqlx::query(
        "update partners set listed_publicly = 1 where id = $1 \
         and exists (select 1 from partners where id = $2 and listed_publicly = 1)",
    )
    .bind(kept)
    .bind(other)
    .execute(&mut *tx)
    .await?;
    for table in ["interactions", "asks", "recognitions", "signups"] {
        sqlx::query(&format!(
            "update {table} set partner_id = $1 where partner_id = $2"
        ))
        .bind(kept)
        .bind(other)
        .execute(&mut *tx)
        .await?;
    }
    // A program both presented keeps one presenter row.
    sqlx::query(
        "delete from program_presenters where partner_id = $1 \
         and program_id in (select program_id from program_presenters where partner_id = $2)",
    )
    .bind(other)
    .bind(kept)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update program_presenters set partner_id = $1 where partner_id = $2")
        .bind(kept)
        .bind(other)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from partners where id = $1")
        .bind(other)
        .execute(&mut *tx)
        .await?;
    let entry = NewInteraction {
        occurred_on: db.today().to_string(),
        kind: InteractionKind::Other,
        note: format!(
            "Merged “{}” (partner #{other}) into this partner: {}.",
            gone.name,
            moved.summary()
        ),
    };
    add_interaction(&mut tx, &db.clock, kept, &entry, Some(staff_id)).await?;
    crate::server::db::commit(tx).await?;
    tracing::info!(kept, other, staff_id, "partners merged");
    Ok(moved)
}

/// Folds a newcomer's profile (a sign-up's) into partner `id` inside the caller's transaction;
/// returns the partner's name and the contacts it gained.
pub async fn fold_in(
    tx: &mut Tx,
    clock: &Clock,
    id: i64,
    newcomer: &Partner,
) -> Result<(String, Vec<Contact>), AppError> {
    lock(tx, clock, id).await?;
    let mut keep = load(tx, id).await?.partner;
    let added = absorb(&mut keep, newcomer, MAX_CONTACTS);
    update_in(tx, clock, id, &keep).await?;
    Ok((keep.name, added))
}
