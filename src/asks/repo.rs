//! Asks in the database. Every change of state is one conditional write in one transaction,
//! with its interaction-log entry (and its e-mail, or its recognition items) beside it.

use super::model::{AskFilter, AskKind, AskStatus, NewAnswer, NewAsk, Template, TemplateRecord};
use super::records::{AskRecord, AskSummary, ContactChoice, PartnerAsk};
use crate::error::AppError;
use crate::mail::model::Email;
use crate::partners::log::NewInteraction;
use crate::recognition::model::RecognitionKind;
use crate::server::clock::Clock;
use crate::server::db::{Db, Tx};
use crate::server::db::{Refusals, Violation};
use crate::vocab::{InteractionKind, Vocab};

const FOLLOW_UP_SETTING: &str = "ask_follow_up_days";

/// The state an ask shows: a sent ask whose link ran out is expired.
const STATUS: &str =
    "case when a.status = 'sent' and a.expires_at < $1 then 'expired' else a.status end";

fn kind(s: &str) -> AskKind {
    AskKind::from_slug(s).unwrap_or(AskKind::Refreshments)
}

fn status(s: &str) -> AskStatus {
    AskStatus::from_slug(s).unwrap_or(AskStatus::Draft)
}

fn in_return(s: &str) -> Vec<RecognitionKind> {
    s.split(',')
        .filter_map(RecognitionKind::from_slug)
        .collect()
}

fn join_in_return(items: &[RecognitionKind]) -> String {
    items.iter().map(|k| k.slug()).collect::<Vec<_>>().join(",")
}

/// A token's stored form: its SHA-256, so a leaked table opens no ask.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    crate::server::state::hex(&sha2::Sha256::digest(token.as_bytes()))
}

// ---- templates ----

/// Every template, by name.
pub async fn templates(db: &Db) -> Result<Vec<TemplateRecord>, AppError> {
    let rows: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("select id, name, kind, subject, body from ask_templates order by name, id")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, k, subject, body)| TemplateRecord {
            id,
            template: Template {
                name,
                kind: kind(&k),
                subject,
                body,
            },
        })
        .collect())
}

/// Adds a template (no `id`) or changes one.
pub async fn save_template(db: &Db, id: Option<i64>, t: &Template) -> Result<i64, AppError> {
    let q = match id {
        None => sqlx::query_scalar(
            "insert into ask_templates (name, kind, subject, body, updated_at) values ($1, $2, $3, $4, $5) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update ask_templates set name = $1, kind = $2, subject = $3, body = $4, updated_at = $5 where id = $6 returning id",
        ),
    };
    let res: Result<Option<i64>, sqlx::Error> = q
        .bind(&t.name)
        .bind(t.kind.slug())
        .bind(&t.subject)
        .bind(&t.body)
        .bind(db.now())
        .bind(id.unwrap_or_default())
        .fetch_optional(&db.pool)
        .await;
    res.refused_as([(
        Violation::Unique,
        AppError::field("name", "Another template has this name. Choose another."),
    )])?
    .ok_or_else(|| AppError::NotFound("That template".into()))
}

// ---- partners, as an ask needs them ----

/// A partner's name, whether it is archived, and its contacts.
pub async fn partner_contacts(
    db: &Db,
    partner_id: i64,
) -> Result<(String, bool, Vec<ContactChoice>), AppError> {
    let p: Option<(String, i64)> =
        sqlx::query_as("select name, archived from partners where id = $1")
            .bind(partner_id)
            .fetch_optional(&db.pool)
            .await?;
    let (name, archived) = p.ok_or_else(|| AppError::NotFound("That partner".into()))?;
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "select position, name, role, email from contacts where partner_id = $1 order by position",
    )
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    let contacts = rows
        .into_iter()
        .map(|(position, name, role, email)| ContactChoice {
            position,
            label: match role {
                Some(r) => format!("{name} ({r})"),
                None => name,
            },
            email,
        })
        .collect();
    Ok((name, archived == 1, contacts))
}

/// A need's title, branch and days, for filling a template.
pub async fn need_brief(db: &Db, id: i64) -> Result<(String, String, String, String), AppError> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "select n.title, b.name, n.starts_on, n.ends_on from needs n join branches b on b.id = n.branch_id where n.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or_else(|| AppError::NotFound("That need".into()))
}

// ---- drafts ----

/// Saves a draft (no `id`) or changes one that is still a draft.
pub async fn save_draft(
    db: &Db,
    id: Option<i64>,
    a: &NewAsk,
    staff_id: i64,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let contact: Option<(String, Option<String>)> =
        sqlx::query_as("select name, email from contacts where partner_id = $1 and position = $2")
            .bind(a.partner_id)
            .bind(a.contact as i64)
            .fetch_optional(&mut *tx)
            .await?;
    let (contact_name, email) = contact.ok_or_else(|| {
        AppError::field(
            "contact",
            "That contact is no longer on the partner's list.",
        )
    })?;
    let Some(email) = email.filter(|e| !e.is_empty()) else {
        return Err(AppError::field(
            "contact",
            "This contact has no e-mail address. Add one on the partner's page, or choose another contact.",
        ));
    };
    let t = db.now();
    let q = match id {
        None => sqlx::query_scalar(
            "insert into asks (partner_id, need_id, contact_name, contact_email, kind, subject, message, in_return, \
             reply_by, status, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) returning id",
        ),
        Some(_) => sqlx::query_scalar(
            "update asks set partner_id = $1, need_id = $2, contact_name = $3, contact_email = $4, kind = $5, \
             subject = $6, message = $7, in_return = $8, reply_by = $9, updated_at = $11 \
             where id = $12 and status = 'draft' and $10 = $10 returning id",
        ),
    };
    let q = q
        .bind(a.partner_id)
        .bind(a.need_id)
        .bind(&contact_name)
        .bind(&email)
        .bind(a.kind.slug())
        .bind(&a.subject)
        .bind(&a.message)
        .bind(join_in_return(&a.in_return))
        .bind(&a.reply_by)
        .bind(staff_id)
        .bind(t);
    let q = match id {
        Some(id) => q.bind(id),
        None => q,
    };
    let saved: Option<i64> = q.fetch_optional(&mut *tx).await.refused_as([(
        Violation::ForeignKey,
        AppError::field("need_id", "That need no longer exists."),
    )])?;
    let Some(saved) = saved else {
        let exists: Option<i64> = sqlx::query_scalar("select id from asks where id = $1")
            .bind(id.unwrap_or_default())
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => {
                AppError::Conflict("This ask was sent already; it can no longer be changed.".into())
            }
            None => AppError::NotFound("That ask".into()),
        });
    };
    crate::server::db::commit(tx).await?;
    Ok(saved)
}

/// Deletes a draft.
pub async fn discard(db: &Db, id: i64) -> Result<(), AppError> {
    let q = sqlx::query("delete from asks where id = $1 and status = 'draft'").bind(id);
    if !crate::server::db::changed(db, q).await? {
        get(db, id, db.now()).await?;
        return Err(AppError::Conflict(
            "Only a draft can be discarded; this ask was sent.".into(),
        ));
    }
    Ok(())
}

// ---- reading ----

#[derive(sqlx::FromRow)]
struct AskDb {
    id: i64,
    partner_id: i64,
    partner_name: String,
    need_id: Option<i64>,
    need_title: Option<String>,
    contact_name: String,
    contact_email: String,
    kind: String,
    subject: String,
    message: String,
    in_return: String,
    reply_by: String,
    status: String,
    sent_at: Option<i64>,
    expires_at: Option<i64>,
    answer_note: Option<String>,
    proposed_on: Option<String>,
    answered_at: Option<i64>,
    answers: i64,
    fulfilled_at: Option<i64>,
    created_by: Option<String>,
}

impl AskDb {
    fn record(self) -> AskRecord {
        AskRecord {
            id: self.id,
            partner_id: self.partner_id,
            partner_name: self.partner_name,
            need_id: self.need_id,
            need_title: self.need_title,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            kind: kind(&self.kind),
            subject: self.subject,
            message: self.message,
            in_return: in_return(&self.in_return),
            reply_by: self.reply_by,
            status: status(&self.status),
            sent_at: self.sent_at,
            expires_at: self.expires_at,
            answer_note: self.answer_note,
            proposed_on: self.proposed_on,
            answered_at: self.answered_at,
            answers: self.answers,
            fulfilled_at: self.fulfilled_at,
            created_by: self.created_by,
        }
    }
}

fn ask_columns() -> String {
    format!(
        "a.id, a.partner_id, p.name as partner_name, a.need_id, n.title as need_title, a.contact_name, \
         a.contact_email, a.kind, a.subject, a.message, a.in_return, a.reply_by, {STATUS} as status, a.sent_at, \
         a.expires_at, a.answer_note, a.proposed_on, a.answered_at, a.answers, a.fulfilled_at, u.name as created_by \
         from asks a join partners p on p.id = a.partner_id left join needs n on n.id = a.need_id \
         left join users u on u.id = a.created_by"
    )
}

/// One ask as staff see it.
pub async fn get(db: &Db, id: i64, at: i64) -> Result<AskRecord, AppError> {
    let row: Option<AskDb> = sqlx::query_as(&format!("select {} where a.id = $2", ask_columns()))
        .bind(at)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(AskDb::record)
        .ok_or_else(|| AppError::NotFound("That ask".into()))
}

type SummaryRow = (
    i64,
    i64,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<i64>,
);

fn summary(r: SummaryRow) -> AskSummary {
    AskSummary {
        id: r.0,
        partner_id: r.1,
        partner_name: r.2,
        need_title: r.3,
        kind: kind(&r.4),
        subject: r.5,
        status: status(&r.6),
        sent_at: r.7,
        reply_by: r.8,
        answered_at: r.9,
    }
}

fn summary_select() -> String {
    format!(
        "select a.id, a.partner_id, p.name, n.title, a.kind, a.subject, {STATUS} as st, a.sent_at, a.reply_by, \
         a.answered_at from asks a join partners p on p.id = a.partner_id left join needs n on n.id = a.need_id"
    )
}

/// Asks a list shows, most recent first; follow-ups oldest first (the longest waiting on top).
pub async fn list(
    db: &Db,
    filter: AskFilter,
    follow_up_days: i64,
    at: i64,
) -> Result<Vec<AskSummary>, AppError> {
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
    Ok(rows.into_iter().map(summary).collect())
}

/// How many asks each state holds (expired counted apart from sent), and the follow-ups.
pub async fn counts(db: &Db, follow_up_days: i64, at: i64) -> Result<Vec<(String, i64)>, AppError> {
    let mut rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "select st, count(*) from (select {STATUS} as st from asks a) s group by st"
    ))
    .bind(at)
    .fetch_all(&db.pool)
    .await?;
    let follow: i64 = sqlx::query_scalar(
        "select count(*) from asks where status = 'sent' and expires_at >= $1 and sent_at < $2",
    )
    .bind(at)
    .bind(at - follow_up_days * 86_400)
    .fetch_one(&db.pool)
    .await?;
    rows.push(("follow_up".into(), follow));
    Ok(rows)
}

/// A partner's asks, newest first.
pub async fn for_partner(db: &Db, partner_id: i64, at: i64) -> Result<Vec<AskSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{} where a.partner_id = $2 order by a.created_at desc, a.id desc limit 50",
        summary_select()
    ))
    .bind(at)
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// The follow-up delay in days.
pub async fn follow_up_days(db: &Db) -> Result<i64, AppError> {
    let v: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(FOLLOW_UP_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(super::model::DEFAULT_FOLLOW_UP_DAYS))
}

/// Sets the follow-up delay.
pub async fn save_follow_up_days(db: &Db, days: i64) -> Result<(), AppError> {
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

// ---- sending and answering ----

async fn log(
    tx: &mut Tx,
    clock: &Clock,
    partner_id: i64,
    today: &str,
    note: String,
    staff_id: Option<i64>,
) -> Result<(), AppError> {
    let entry = NewInteraction {
        occurred_on: today.to_string(),
        kind: InteractionKind::Ask,
        note,
    };
    crate::partners::repo::add_interaction(tx, clock, partner_id, &entry, staff_id).await?;
    Ok(())
}

/// Sends a draft: gives it its link token, queues its e-mail and logs it, all at once.
/// `compose` writes the e-mail from the ask as it is being sent and the link's token.
pub async fn send(
    db: &Db,
    id: i64,
    token: &str,
    staff_id: i64,
    today: &str,
    compose: impl FnOnce(&AskRecord) -> Email,
) -> Result<AskRecord, AppError> {
    let at = db.now();
    let mut tx = db.begin().await?;
    let n = sqlx::query(
        "update asks set status = 'sent', token_hash = $1, sent_at = $2, expires_at = $3, updated_at = $2 \
         where id = $4 and status = 'draft'",
    )
    .bind(token_hash(token))
    .bind(at)
    .bind(at + super::model::LINK_DAYS * 86_400)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let row: Option<AskDb> = sqlx::query_as(&format!("select {} where a.id = $2", ask_columns()))
        .bind(at)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let ask = row
        .map(AskDb::record)
        .ok_or_else(|| AppError::NotFound("That ask".into()))?;
    if n == 0 {
        return Err(AppError::Conflict("This ask was sent already.".into()));
    }
    crate::mail::repo::enqueue(&mut tx, &db.clock, &compose(&ask)).await?;
    log(
        &mut tx,
        &db.clock,
        ask.partner_id,
        today,
        format!(
            "Asked {} for {}: “{}”.",
            ask.contact_name,
            ask.kind.label().to_lowercase(),
            ask.subject
        ),
        Some(staff_id),
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(ask)
}

/// What an answer link shows, with the ask's id; `None` for a token that opens no ask.
pub async fn by_token(
    db: &Db,
    token: &str,
    library: &str,
) -> Result<Option<(i64, PartnerAsk)>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
        i64,
    );
    let row: Option<Row> = sqlx::query_as(
        "select a.id, p.name, a.contact_name, a.kind, a.subject, a.message, a.in_return, a.reply_by, a.status, \
         a.answer_note, a.proposed_on, a.expires_at, p.listed_publicly \
         from asks a join partners p on p.id = a.partner_id where a.token_hash = $1 and a.status <> 'draft'",
    )
    .bind(token_hash(token))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| {
        (
            r.0,
            PartnerAsk {
                library: library.to_string(),
                partner_name: r.1,
                contact_name: r.2,
                kind: kind(&r.3),
                subject: r.4,
                message: r.5,
                in_return: in_return(&r.6),
                reply_by: r.7,
                status: status(&r.8),
                answer_note: r.9,
                proposed_on: r.10,
                expires_at: r.11,
                expired: r.11 < db.now(),
                listed_publicly: r.12 == 1,
            },
        )
    }))
}

/// Records a partner's answer through its link. A second answer replaces the first; the log
/// says what changed. Accepting puts what the library promised in the recognition ledger;
/// taking the acceptance back removes the promises not yet kept.
pub async fn answer(
    db: &Db,
    token: &str,
    a: &NewAnswer,
    today: time::Date,
) -> Result<AskStatus, AppError> {
    let at = db.now();
    let mut tx = db.begin().await?;
    type Row = (i64, i64, String, String, String, i64, i64, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "select a.id, a.partner_id, a.subject, a.status, a.in_return, a.expires_at, a.answers, n.ends_on \
         from asks a left join needs n on n.id = a.need_id where a.token_hash = $1 and a.status <> 'draft'",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let (id, partner_id, subject, before, promised, expires_at, answers, need_ends) =
        row.ok_or_else(|| AppError::NotFound("That ask".into()))?;
    let before = status(&before);
    if expires_at < at {
        return Err(AppError::Conflict(
            "This link has expired. Please contact the library if you would still like to help."
                .into(),
        ));
    }
    if !before.answerable() {
        return Err(AppError::Conflict(
            "This ask is already settled: the library marked it fulfilled. Thank you!".into(),
        ));
    }
    let after = a.answer.status();
    let n = sqlx::query(
        "update asks set status = $1, answer_note = $2, proposed_on = $3, answered_at = $4, answers = answers + 1, \
         updated_at = $4 where id = $5 and answers = $6 and status = $7",
    )
    .bind(after.slug())
    .bind(&a.note)
    .bind(&a.proposed_on)
    .bind(at)
    .bind(id)
    .bind(answers)
    .bind(before.slug())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(AppError::Conflict(
            "Your answer crossed another one for the same ask. Please reload the page and answer again.".into(),
        ));
    }
    sqlx::query("update partners set listed_publicly = $1 where id = $2")
        .bind(i64::from(a.listed))
        .bind(partner_id)
        .execute(&mut *tx)
        .await?;
    if after == AskStatus::Accepted {
        let due = need_ends
            .as_deref()
            .and_then(crate::when::parse_iso_date)
            .map(|d| d.max(today))
            .unwrap_or(today)
            + time::Duration::days(14);
        for k in in_return(&promised) {
            sqlx::query(
                "insert into recognitions (partner_id, ask_id, kind, due_on, created_at) values ($1, $2, $3, $4, $5) \
                 on conflict (ask_id, kind) do nothing",
            )
            .bind(partner_id)
            .bind(id)
            .bind(k.slug())
            .bind(due.to_string())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    } else if before == AskStatus::Accepted {
        sqlx::query("delete from recognitions where ask_id = $1 and fulfilled_on is null")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let mut note = if answers == 0 {
        format!("Answered “{subject}”: {}.", after.label().to_lowercase())
    } else {
        format!(
            "Changed the answer to “{subject}”: {} (was {}).",
            after.label().to_lowercase(),
            before.label().to_lowercase()
        )
    };
    if let Some(d) = &a.proposed_on {
        note.push_str(&format!(" Proposed {d}."));
    }
    if let Some(n) = &a.note {
        note.push_str(&format!(" Note: {n}"));
    }
    log(
        &mut tx,
        &db.clock,
        partner_id,
        &today.to_string(),
        note,
        None,
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(after)
}

/// Marks an accepted ask delivered.
pub async fn fulfil(db: &Db, id: i64, staff_id: i64, today: &str) -> Result<(), AppError> {
    let at = db.now();
    let mut tx = db.begin().await?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "update asks set status = 'fulfilled', fulfilled_at = $1, updated_at = $1 \
         where id = $2 and status in ('accepted', 'proposed') returning partner_id, subject",
    )
    .bind(at)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((partner_id, subject)) = row else {
        drop(tx);
        get(db, id, at).await?;
        return Err(AppError::Conflict(
            "Only an accepted ask can be marked delivered.".into(),
        ));
    };
    log(
        &mut tx,
        &db.clock,
        partner_id,
        today,
        format!("Delivered what was asked in “{subject}”."),
        Some(staff_id),
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}
