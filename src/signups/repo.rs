//! Sign-ups in the database: one pending row per organization and e-mail, reviewed once.

use super::model::{org_key, Signup, SignupRecord, Status};
use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::partners::model::Contact;
use crate::server::db::{Db, Tx};
use crate::vocab::{from_mask, to_mask, Availability, InteractionKind, PartnerKind, Vocab};

/// Sign-ups one client address may send per hour.
pub const PER_ADDRESS_PER_HOUR: i64 = 5;

/// Takes a sign-up from the public form: a bot that filled the hidden field is thanked and
/// nothing is stored; otherwise the form is checked, the sender's address rate-limited, and
/// the sign-up stored (or its pending twin updated).
pub async fn submit(
    state: &crate::server::state::AppState,
    form: &super::model::JoinForm,
    addr: &str,
) -> Result<(), AppError> {
    use crate::server::rate;
    if form.is_bot() {
        tracing::info!("sign-up honeypot filled; ignored");
        return Ok(());
    }
    let signup = form.parse()?;
    let bucket = format!("join:{}", state.key.hash(addr));
    let message = "Too many sign-ups from this connection. Please try again in an hour.";
    rate::take(&state.db, &bucket, PER_ADDRESS_PER_HOUR, 3600, message).await?;
    upsert_pending(&state.db, &signup).await?;
    Ok(())
}

/// Stores a sign-up; a second one from the same organization and e-mail while the first is
/// pending updates it instead (the unique index decides, so two at once cannot both insert).
/// Returns the sign-up's id and whether it was new.
pub async fn upsert_pending(db: &Db, s: &Signup) -> Result<(i64, bool), AppError> {
    let now = db.now();
    let email = s.contact.email.clone().unwrap_or_default();
    let mut tx = db.begin().await?;
    /// The stored sign-up, and how many times it was sent.
    #[derive(sqlx::FromRow)]
    struct Upserted {
        id: i64,
        submissions: i64,
    }
    let Upserted { id, submissions } = sqlx::query_as(
        "insert into signups (org_name, org_key, email_key, kind, website, street, neighborhood, contact_name, \
         contact_role, contact_email, contact_phone, offerings, goals, audiences, availability, message, status, \
         created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'pending', $17, $17) \
         on conflict (org_key, email_key) where status = 'pending' do update set \
         org_name = excluded.org_name, kind = excluded.kind, website = excluded.website, street = excluded.street, \
         neighborhood = excluded.neighborhood, contact_name = excluded.contact_name, contact_role = excluded.contact_role, \
         contact_email = excluded.contact_email, contact_phone = excluded.contact_phone, offerings = excluded.offerings, \
         goals = excluded.goals, audiences = excluded.audiences, availability = excluded.availability, \
         message = excluded.message, submissions = signups.submissions + 1, updated_at = excluded.updated_at \
         returning id, submissions",
    )
    .bind(&s.org_name)
    .bind(org_key(&s.org_name))
    .bind(email.to_lowercase())
    .bind(s.kind.slug())
    .bind(&s.website)
    .bind(&s.street)
    .bind(&s.neighborhood)
    .bind(&s.contact.name)
    .bind(&s.contact.role)
    .bind(&email)
    .bind(&s.contact.phone)
    .bind(to_mask(&s.offerings))
    .bind(to_mask(&s.goals))
    .bind(to_mask(&s.audiences))
    .bind(s.availability.0)
    .bind(&s.message)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    crate::server::db::commit(tx).await?;
    Ok((id, submissions == 1))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_name: String,
    kind: String,
    website: Option<String>,
    street: Option<String>,
    neighborhood: Option<String>,
    contact_name: String,
    contact_role: Option<String>,
    contact_email: String,
    contact_phone: Option<String>,
    offerings: i64,
    goals: i64,
    audiences: i64,
    availability: i64,
    message: Option<String>,
    status: String,
    decline_reason: Option<String>,
    partner_id: Option<i64>,
    reviewer: Option<String>,
    submissions: i64,
    created_at: i64,
    updated_at: i64,
}

const SELECT: &str = "select s.id, s.org_name, s.kind, s.website, s.street, s.neighborhood, s.contact_name, \
    s.contact_role, s.contact_email, s.contact_phone, s.offerings, s.goals, s.audiences, s.availability, s.message, \
    s.status, s.decline_reason, s.partner_id, u.name as reviewer, s.submissions, s.created_at, s.updated_at \
    from signups s left join users u on u.id = s.reviewed_by";

fn record(r: Row) -> SignupRecord {
    SignupRecord {
        id: r.id,
        signup: Signup {
            org_name: r.org_name,
            kind: PartnerKind::from_slug(&r.kind).unwrap_or(PartnerKind::Other),
            website: r.website,
            street: r.street,
            neighborhood: r.neighborhood,
            contact: Contact {
                name: r.contact_name,
                role: r.contact_role,
                email: Some(r.contact_email),
                phone: r.contact_phone,
            },
            offerings: from_mask(r.offerings),
            goals: from_mask(r.goals),
            audiences: from_mask(r.audiences),
            availability: Availability(r.availability),
            message: r.message,
        },
        status: Status::from_slug(&r.status).unwrap_or(Status::Pending),
        decline_reason: r.decline_reason,
        partner_id: r.partner_id,
        reviewed_by: r.reviewer,
        submissions: r.submissions,
        created_at: r.created_at,
        updated_at: r.updated_at,
        likely: Vec::new(),
    }
}

/// Sign-ups in one state: pending oldest first (a queue), reviewed newest first.
pub async fn list(db: &Db, status: Status) -> Result<Vec<SignupRecord>, AppError> {
    let order = if status == Status::Pending {
        "s.created_at, s.id"
    } else {
        "s.reviewed_at desc, s.id desc"
    };
    let sql = format!("{SELECT} where s.status = $1 order by {order} limit 500");
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(status.slug())
        .fetch_all(&db.pool)
        .await?;
    let mut records: Vec<SignupRecord> = rows.into_iter().map(record).collect();
    if status == Status::Pending && !records.is_empty() {
        let index = crate::partners::merge::repo::index(db).await?;
        for r in &mut records {
            r.likely = index.likely(&r.signup.fingerprint(), None);
        }
    }
    Ok(records)
}

/// How many sign-ups wait for review.
pub async fn pending_count(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select count(*) from signups where status = 'pending'")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Why a review found no pending sign-up: someone reviewed it first, or it never existed.
async fn not_pending(tx: &mut crate::server::db::Tx, id: i64) -> AppError {
    let exists: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("select id from signups where id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await;
    match exists {
        Ok(Some(_)) => AppError::Conflict(ALREADY.into()),
        Ok(None) => AppError::NotFound("That sign-up".into()),
        Err(e) => e.into(),
    }
}

const ALREADY: &str =
    "This sign-up was already reviewed by someone else. The list has been refreshed.";

/// Marks a pending sign-up approved by `staff_id` and reads it back; a sign-up that another
/// librarian reviewed first is refused.
async fn claim(tx: &mut Tx, db: &Db, id: i64, staff_id: i64) -> Result<SignupRecord, AppError> {
    let claimed = sqlx::query("update signups set status = 'approved', reviewed_by = $1, reviewed_at = $2, updated_at = $2 where id = $3 and status = 'pending'")
        .bind(staff_id)
        .bind(db.now())
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Err(not_pending(tx, id).await);
    }
    let row: Row = sqlx::query_as(&format!("{SELECT} where s.id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(record(row))
}

/// Logs a reviewed sign-up on its partner (dated the day it was sent) and links the two.
async fn file_under(
    tx: &mut Tx,
    db: &Db,
    rec: &SignupRecord,
    partner_id: i64,
    staff_id: i64,
    mut note: String,
) -> Result<(), AppError> {
    if let Some(m) = &rec.signup.message {
        note.push_str(&format!(" Their message: “{m}”"));
    }
    let sent_on = time::OffsetDateTime::from_unix_timestamp(rec.created_at)
        .map(|t| t.date().to_string())
        .unwrap_or_default();
    let entry = NewInteraction {
        occurred_on: sent_on,
        kind: InteractionKind::Other,
        note,
    };
    crate::partners::repo::add_interaction(tx, &db.clock, partner_id, &entry, Some(staff_id))
        .await?;
    sqlx::query("update signups set partner_id = $1 where id = $2")
        .bind(partner_id)
        .bind(rec.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Approves a pending sign-up: the organization joins the directory (stage "contacted") and
/// the sign-up is the first entry of its interaction log. One transaction.
pub async fn approve(db: &Db, id: i64, staff_id: i64) -> Result<(i64, String), AppError> {
    let mut tx = db.begin().await?;
    let rec = claim(&mut tx, db, id, staff_id).await?;
    let partner = rec.signup.to_partner();
    let partner_id = crate::partners::repo::insert(&mut tx, &db.clock, &partner).await?;
    let note = format!(
        "Signed up through the public form as {}.",
        rec.signup.contact.name
    );
    file_under(&mut tx, db, &rec, partner_id, staff_id, note).await?;
    crate::server::db::commit(tx).await?;
    Ok((partner_id, partner.name))
}

/// Approves a pending sign-up into partner `partner_id`, already in the directory, instead of
/// making a new one: the partner gains the sign-up's contact and whatever its profile lacked,
/// and its log keeps the sign-up. One transaction.
pub async fn merge_into(
    db: &Db,
    id: i64,
    partner_id: i64,
    staff_id: i64,
) -> Result<(i64, String), AppError> {
    let mut tx = db.begin().await?;
    let rec = claim(&mut tx, db, id, staff_id).await?;
    let newcomer = rec.signup.to_partner();
    let (name, added) =
        crate::partners::merge::repo::fold_in(&mut tx, &db.clock, partner_id, &newcomer).await?;
    let mut note = format!(
        "Signed up again through the public form as {}, for “{}”; added to this partner instead of a new one.",
        rec.signup.contact.name, rec.signup.org_name
    );
    if !added.is_empty() {
        let names: Vec<&str> = added.iter().map(|c| c.name.as_str()).collect();
        note.push_str(&format!(" New contact: {}.", names.join(", ")));
    }
    file_under(&mut tx, db, &rec, partner_id, staff_id, note).await?;
    crate::server::db::commit(tx).await?;
    Ok((partner_id, name))
}

/// Declines a pending sign-up, keeping the reason.
pub async fn decline(db: &Db, id: i64, staff_id: i64, reason: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let n = sqlx::query(
        "update signups set status = 'declined', decline_reason = $1, reviewed_by = $2, reviewed_at = $3, updated_at = $3 \
         where id = $4 and status = 'pending'",
    )
    .bind(reason)
    .bind(staff_id)
    .bind(db.now())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(not_pending(&mut tx, id).await);
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}
