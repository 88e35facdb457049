//! Partners in the database. Vocabulary sets are bit masks; text search runs over one
//! lowercased column kept up to date on every write.

use super::log::{Interaction, NewInteraction};
use super::model::{Contact, Partner, PartnerRecord};
use crate::error::AppError;
use crate::identity::StaffUser;
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::server::db::{Refusals, Violation};
use crate::vocab::{from_mask, to_mask, Availability, InteractionKind, PartnerKind, Stage, Vocab};

#[derive(sqlx::FromRow)]
struct PartnerDb {
    id: i64,
    name: String,
    kind: String,
    description: Option<String>,
    street: Option<String>,
    neighborhood: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    website: Option<String>,
    offerings: i64,
    goals: i64,
    audiences: i64,
    availability: i64,
    stage: String,
    tags: String,
    notes: Option<String>,
    archived: i64,
    created_at: i64,
    updated_at: i64,
}

/// A stored kind (unknown values read as "other").
pub(super) fn kind(s: &str) -> PartnerKind {
    PartnerKind::from_slug(s).unwrap_or(PartnerKind::Other)
}

/// A stored stage (unknown values read as "prospect").
pub(super) fn stage(s: &str) -> Stage {
    Stage::from_slug(s).unwrap_or(Stage::Prospect)
}

/// Tags as stored: comma separated.
pub(super) fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The lowercased text that directory search looks in.
pub fn search_text(p: &Partner) -> String {
    let mut s = format!(
        "{} {} {} {}",
        p.name,
        p.description.as_deref().unwrap_or_default(),
        p.tags.join(" "),
        p.neighborhood.as_deref().unwrap_or_default()
    );
    for c in &p.contacts {
        s.push(' ');
        s.push_str(&c.name);
    }
    s.to_lowercase()
}

/// A coordinate bound as text and cast in SQL: sqlx's `Any` driver sends a missing `f64` to
/// PostgreSQL as a 4-byte float, and the statement cached from that call then refuses real
/// 8-byte values.
pub(crate) fn coordinate(v: Option<f64>) -> Option<String> {
    v.map(|v| v.to_string())
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>>;

/// Binds a partner's profile as parameters `$1` to `$17`, in the column order that
/// [`insert`] and [`update`] both use.
fn bind_profile<'q>(q: Scalar<'q>, p: &'q Partner) -> Scalar<'q> {
    q.bind(&p.name)
        .bind(p.name.to_lowercase())
        .bind(p.kind.slug())
        .bind(&p.description)
        .bind(&p.street)
        .bind(&p.neighborhood)
        .bind(coordinate(p.latitude))
        .bind(coordinate(p.longitude))
        .bind(&p.website)
        .bind(to_mask(&p.offerings))
        .bind(to_mask(&p.goals))
        .bind(to_mask(&p.audiences))
        .bind(p.availability.0)
        .bind(p.stage.slug())
        .bind(p.tags.join(","))
        .bind(&p.notes)
        .bind(search_text(p))
}

/// Inserts a partner and its contacts inside the caller's transaction.
pub async fn insert(tx: &mut Tx, clock: &Clock, p: &Partner) -> Result<i64, AppError> {
    let q = sqlx::query_scalar(
        "insert into partners (name, name_key, kind, description, street, neighborhood, latitude, longitude, website, \
         offerings, goals, audiences, availability, stage, tags, notes, search_text, archived, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, cast($7 as double precision), cast($8 as double precision), $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, 0, $18, $18) returning id",
    );
    let id = bind_profile(q, p)
        .bind(clock.now())
        .fetch_one(&mut **tx)
        .await?;
    write_contacts(tx, id, &p.contacts).await?;
    crate::health::repo::refresh(tx, Some(id), clock).await?;
    Ok(id)
}

async fn write_contacts(
    tx: &mut Tx,
    partner_id: i64,
    contacts: &[Contact],
) -> Result<(), AppError> {
    sqlx::query("delete from contacts where partner_id = $1")
        .bind(partner_id)
        .execute(&mut **tx)
        .await?;
    for (i, c) in contacts.iter().enumerate() {
        sqlx::query("insert into contacts (partner_id, position, name, role, email, phone) values ($1, $2, $3, $4, $5, $6)")
            .bind(partner_id)
            .bind(i as i64)
            .bind(&c.name)
            .bind(&c.role)
            .bind(&c.email)
            .bind(&c.phone)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Creates a partner (no `id`) or replaces one's profile; returns its id.
pub async fn save(db: &Db, id: Option<i64>, p: &Partner) -> Result<i64, AppError> {
    match id {
        Some(id) => update(db, id, p).await.map(|()| id),
        None => {
            let mut tx = db.begin().await?;
            let id = insert(&mut tx, &db.clock, p).await?;
            crate::server::db::commit(tx).await?;
            Ok(id)
        }
    }
}

/// Replaces a partner's profile and contacts.
pub async fn update(db: &Db, id: i64, p: &Partner) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    update_in(&mut tx, &db.clock, id, p).await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Replaces a partner's profile and contacts inside the caller's transaction.
pub async fn update_in(tx: &mut Tx, clock: &Clock, id: i64, p: &Partner) -> Result<(), AppError> {
    let q = sqlx::query_scalar(
        "update partners set name = $1, name_key = $2, kind = $3, description = $4, street = $5, neighborhood = $6, \
         latitude = cast($7 as double precision), longitude = cast($8 as double precision), website = $9, \
         offerings = $10, goals = $11, audiences = $12, availability = $13, stage = $14, tags = $15, notes = $16, \
         search_text = $17, updated_at = $18 where id = $19 returning id",
    );
    let found: Option<i64> = bind_profile(q, p)
        .bind(clock.now())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    if found.is_none() {
        return Err(AppError::NotFound("That partner".into()));
    }
    write_contacts(tx, id, &p.contacts).await?;
    // The stage decides whether a quiet partnership is at risk.
    crate::health::repo::refresh(tx, Some(id), clock).await?;
    Ok(())
}

/// Makes a prospect or contacted partner active (an ask it accepted says it is), inside the
/// caller's transaction; whether the stage moved. A stage staff set to paused or ended stays.
pub async fn activate(tx: &mut Tx, clock: &Clock, id: i64) -> Result<bool, AppError> {
    let moved = sqlx::query(
        "update partners set stage = 'active', updated_at = $1 where id = $2 and stage in ('prospect', 'contacted')",
    )
    .bind(clock.now())
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(moved == 1)
}

/// Archives or restores a partner (archived partners leave the default directory view).
pub async fn set_archived(db: &Db, id: i64, archived: bool) -> Result<(), AppError> {
    let q = sqlx::query("update partners set archived = $1, updated_at = $2 where id = $3")
        .bind(i64::from(archived))
        .bind(db.now())
        .bind(id);
    if !crate::server::db::changed(db, q).await? {
        return Err(AppError::NotFound("That partner".into()));
    }
    Ok(())
}

/// One partner with its contacts.
pub async fn get(db: &Db, id: i64) -> Result<PartnerRecord, AppError> {
    let mut conn = db.pool.acquire().await?;
    load(&mut conn, id).await
}

/// One partner with its contacts, read on `conn` (a pooled connection or a transaction).
pub async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<PartnerRecord, AppError> {
    let row: Option<PartnerDb> = sqlx::query_as(
        "select id, name, kind, description, street, neighborhood, latitude, longitude, website, offerings, goals, \
         audiences, availability, stage, tags, notes, archived, created_at, updated_at from partners where id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let r = row.ok_or_else(|| AppError::NotFound("That partner".into()))?;
    let contacts: Vec<ContactRow> = sqlx::query_as(
        "select name, role, email, phone from contacts where partner_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(PartnerRecord {
        id: r.id,
        partner: Partner {
            name: r.name,
            kind: kind(&r.kind),
            description: r.description,
            street: r.street,
            neighborhood: r.neighborhood,
            latitude: r.latitude,
            longitude: r.longitude,
            website: r.website,
            contacts: contacts
                .into_iter()
                .map(|c| Contact {
                    name: c.name,
                    role: c.role,
                    email: c.email,
                    phone: c.phone,
                })
                .collect(),
            offerings: from_mask(r.offerings),
            goals: from_mask(r.goals),
            audiences: from_mask(r.audiences),
            availability: Availability(r.availability),
            stage: stage(&r.stage),
            tags: split_tags(&r.tags),
            notes: r.notes,
        },
        archived: r.archived == 1,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// A contact as stored.
#[derive(sqlx::FromRow)]
struct ContactRow {
    name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// An entry of a partner's log, with the librarian who wrote it and who last corrected it.
#[derive(sqlx::FromRow)]
struct InteractionRow {
    id: i64,
    occurred_on: String,
    kind: String,
    note: String,
    staff_id: Option<i64>,
    staff_name: Option<String>,
    edited_at: Option<i64>,
    edited_by: Option<String>,
}

/// A partner's interaction log, newest first, as librarian `viewer` sees it: each entry says
/// whether they may change it.
pub async fn interactions(
    db: &Db,
    partner_id: i64,
    viewer: &StaffUser,
) -> Result<Vec<Interaction>, AppError> {
    let rows: Vec<InteractionRow> = sqlx::query_as(
        "select i.id, i.occurred_on, i.kind, i.note, i.staff_id, u.name as staff_name, i.edited_at, \
         e.name as edited_by from interactions i left join users u on u.id = i.staff_id \
         left join users e on e.id = i.edited_by \
         where i.partner_id = $1 order by i.occurred_on desc, i.id desc",
    )
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Interaction {
            id: r.id,
            occurred_on: r.occurred_on,
            kind: InteractionKind::from_slug(&r.kind).unwrap_or(InteractionKind::Other),
            note: r.note,
            can_change: super::log::may_change(r.staff_id, viewer.id, viewer.is_admin()),
            staff_name: r.staff_name,
            edited_at: r.edited_at,
            edited_by: r.edited_by,
        })
        .collect())
}

/// Why a change to log entry `id` of partner `partner_id` found nothing to change: it is not
/// this librarian's to change, or it does not exist.
async fn entry_refusal(tx: &mut Tx, partner_id: i64, id: i64) -> AppError {
    let found: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("select id from interactions where id = $1 and partner_id = $2")
            .bind(id)
            .bind(partner_id)
            .fetch_optional(&mut **tx)
            .await;
    match found {
        Ok(Some(_)) => AppError::Forbidden,
        Ok(None) => AppError::NotFound("That log entry".into()),
        Err(e) => e.into(),
    }
}

/// Corrects an entry of a partner's log, as `user`: only the author or an admin may, which the
/// statement itself checks. The entry keeps when and by whom it was edited.
pub async fn change_entry(
    db: &Db,
    partner_id: i64,
    id: i64,
    entry: &NewInteraction,
    user: &StaffUser,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let changed: Option<i64> = sqlx::query_scalar(
        "update interactions set occurred_on = $1, kind = $2, note = $3, edited_at = $4, edited_by = $5 \
         where id = $6 and partner_id = $7 and ($8 = 1 or staff_id = $5) returning id",
    )
    .bind(&entry.occurred_on)
    .bind(entry.kind.slug())
    .bind(&entry.note)
    .bind(db.now())
    .bind(user.id)
    .bind(id)
    .bind(partner_id)
    .bind(i64::from(user.is_admin()))
    .fetch_optional(&mut *tx)
    .await?;
    if changed.is_none() {
        return Err(entry_refusal(&mut tx, partner_id, id).await);
    }
    // The date decides how recently the partner was in touch.
    crate::health::repo::refresh(&mut tx, Some(partner_id), &db.clock).await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Deletes an entry of a partner's log, as `user`: the author or an admin only.
pub async fn delete_entry(
    db: &Db,
    partner_id: i64,
    id: i64,
    user: &StaffUser,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let gone = sqlx::query(
        "delete from interactions where id = $1 and partner_id = $2 and ($3 = 1 or staff_id = $4)",
    )
    .bind(id)
    .bind(partner_id)
    .bind(i64::from(user.is_admin()))
    .bind(user.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(entry_refusal(&mut tx, partner_id, id).await);
    }
    crate::health::repo::refresh(&mut tx, Some(partner_id), &db.clock).await?;
    crate::server::db::commit(tx).await?;
    tracing::info!(partner_id, entry = id, by = user.id, "log entry deleted");
    Ok(())
}

/// Adds an entry to a partner's log, signed by a librarian, in its own transaction.
pub async fn log(
    db: &Db,
    partner_id: i64,
    entry: &NewInteraction,
    staff_id: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    add_interaction(&mut tx, &db.clock, partner_id, entry, Some(staff_id)).await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Adds an entry to a partner's log inside the caller's transaction.
pub async fn add_interaction(
    tx: &mut Tx,
    clock: &Clock,
    partner_id: i64,
    i: &NewInteraction,
    staff_id: Option<i64>,
) -> Result<i64, AppError> {
    let res = sqlx::query_scalar(
        "insert into interactions (partner_id, occurred_on, kind, note, staff_id, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(partner_id)
    .bind(&i.occurred_on)
    .bind(i.kind.slug())
    .bind(&i.note)
    .bind(staff_id)
    .bind(clock.now())
    .fetch_one(&mut **tx)
    .await;
    let id = res.refused_as([(
        Violation::ForeignKey,
        AppError::NotFound("That partner".into()),
    )])?;
    // Every contact (a call, an ask, an answer, a thank-you) changes the partnership's health.
    crate::health::repo::refresh(tx, Some(partner_id), clock).await?;
    Ok(id)
}
