//! The recognition ledger, the sponsor wall and the flyer, from the database.

use super::model::{Highlight, NewRecognition, RecognitionItem, RecognitionKind, Sponsor};
use crate::asks::model::AskKind;
use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::server::db::{Db, Tx};
use crate::server::db::{Refusals, Violation};
use crate::vocab::{InteractionKind, Vocab};

/// Which ledger items a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerFilter {
    Open,
    Overdue,
    Fulfilled,
    All,
}

impl LedgerFilter {
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s.trim() {
            "" | "open" => Ok(Self::Open),
            "overdue" => Ok(Self::Overdue),
            "fulfilled" => Ok(Self::Fulfilled),
            "all" => Ok(Self::All),
            _ => Err(AppError::BadRequest(
                "There is no such list of recognition.".into(),
            )),
        }
    }
}

/// A ledger item as stored, with its partner's name and its ask's subject.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    partner_id: i64,
    partner_name: String,
    ask_id: Option<i64>,
    ask_subject: Option<String>,
    kind: String,
    note: Option<String>,
    due_on: String,
    fulfilled_on: Option<String>,
}

fn item(r: Row) -> RecognitionItem {
    RecognitionItem {
        id: r.id,
        partner_id: r.partner_id,
        partner_name: r.partner_name,
        ask_id: r.ask_id,
        ask_subject: r.ask_subject,
        kind: RecognitionKind::from_slug(&r.kind).unwrap_or(RecognitionKind::ThankYouPost),
        note: r.note,
        due_on: r.due_on,
        fulfilled_on: r.fulfilled_on,
    }
}

const SELECT: &str = "select r.id, r.partner_id, p.name as partner_name, r.ask_id, a.subject as ask_subject, r.kind, \
     r.note, r.due_on, r.fulfilled_on from recognitions r join partners p on p.id = r.partner_id left join asks a on a.id = r.ask_id";

/// Ledger items: open and overdue ones soonest due first, fulfilled ones latest first.
pub async fn list(db: &Db, f: LedgerFilter, today: &str) -> Result<Vec<RecognitionItem>, AppError> {
    let (cond, order) = match f {
        LedgerFilter::Open => ("r.fulfilled_on is null and $1 = $1", "r.due_on, r.id"),
        LedgerFilter::Overdue => ("r.fulfilled_on is null and r.due_on < $1", "r.due_on, r.id"),
        LedgerFilter::Fulfilled => (
            "r.fulfilled_on is not null and $1 = $1",
            "r.fulfilled_on desc, r.id desc",
        ),
        LedgerFilter::All => ("$1 = $1", "r.due_on desc, r.id desc"),
    };
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} where {cond} order by {order} limit 500"))
            .bind(today)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(item).collect())
}

/// One partner's ledger items, soonest due first.
pub async fn for_partner(db: &Db, partner_id: i64) -> Result<Vec<RecognitionItem>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where r.partner_id = $1 order by r.due_on desc, r.id desc"
    ))
    .bind(partner_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}

/// Adds an item by hand (a thank-you the library decided on without an ask).
pub async fn add(db: &Db, r: &NewRecognition) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let res: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "insert into recognitions (partner_id, kind, note, due_on, created_at) values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(r.partner_id)
    .bind(r.kind.slug())
    .bind(&r.note)
    .bind(&r.due_on)
    .bind(db.now())
    .fetch_one(&mut *tx)
    .await;
    let id = res.refused_as([(
        Violation::ForeignKey,
        AppError::field("partner_id", "That partner no longer exists."),
    )])?;
    crate::health::repo::refresh(&mut tx, Some(r.partner_id), &db.clock).await?;
    crate::server::db::commit(tx).await?;
    Ok(id)
}

/// Marks an item fulfilled today, and logs the thank-you on the partner.
pub async fn fulfil(db: &Db, id: i64, today: &str, staff_id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    #[derive(sqlx::FromRow)]
    struct Fulfilled {
        partner_id: i64,
        kind: String,
    }
    let row: Option<Fulfilled> = sqlx::query_as(
        "update recognitions set fulfilled_on = $1 where id = $2 and fulfilled_on is null returning partner_id, kind",
    )
    .bind(today)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Fulfilled { partner_id, kind }) = row else {
        let exists: Option<i64> = sqlx::query_scalar("select id from recognitions where id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => AppError::Conflict("This item was already marked fulfilled.".into()),
            None => AppError::NotFound("That recognition item".into()),
        });
    };
    let label = RecognitionKind::from_slug(&kind)
        .map(|k| k.label())
        .unwrap_or("Recognition");
    let entry = NewInteraction {
        occurred_on: today.to_string(),
        kind: InteractionKind::ThankYou,
        note: format!("Recognition given: {}.", label.to_lowercase()),
    };
    crate::partners::repo::add_interaction(&mut tx, &db.clock, partner_id, &entry, Some(staff_id))
        .await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Partners with current recognition (an item due within the past year or later) who agreed
/// to be named in public, by name, with what they are thanked for.
pub async fn sponsors(db: &Db, today: time::Date) -> Result<Vec<Sponsor>, AppError> {
    let since = (today - time::Duration::days(365)).to_string();
    #[derive(sqlx::FromRow)]
    struct SponsorRow {
        id: i64,
        name: String,
        website: Option<String>,
        kind: Option<String>,
    }
    let rows: Vec<SponsorRow> = sqlx::query_as(
        "select p.id, p.name, p.website, a.kind from recognitions r join partners p on p.id = r.partner_id \
         left join asks a on a.id = r.ask_id \
         where p.listed_publicly = 1 and p.archived = 0 and r.due_on >= $1 \
         order by p.name_key, p.id",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<Sponsor> = Vec::new();
    for SponsorRow {
        id,
        name,
        website,
        kind,
    } in rows
    {
        if out.last().map(|s| s.partner_id) != Some(id) {
            out.push(Sponsor {
                partner_id: id,
                name,
                website,
                thanks_for: Vec::new(),
            });
        }
        if let (Some(s), Some(k)) = (out.last_mut(), kind.and_then(|k| AskKind::from_slug(&k))) {
            let label = k.label().to_string();
            if !s.thanks_for.contains(&label) {
                s.thanks_for.push(label);
            }
        }
    }
    Ok(out)
}

/// The partners a month's flyer mentions: flyer-mention items due that month, of partners
/// who agreed to be named.
pub async fn highlights(db: &Db, first: time::Date) -> Result<Vec<Highlight>, AppError> {
    let next = first
        .replace_day(28)
        .map(|d| d + time::Duration::days(7))
        .and_then(|d| d.replace_day(1))
        .unwrap_or(first);
    #[derive(sqlx::FromRow)]
    struct HighlightRow {
        name: String,
        kind: Option<String>,
        need: Option<String>,
        note: Option<String>,
    }
    let rows: Vec<HighlightRow> = sqlx::query_as(
        "select p.name, a.kind, n.title as need, r.note from recognitions r join partners p on p.id = r.partner_id \
         left join asks a on a.id = r.ask_id left join needs n on n.id = a.need_id \
         where r.kind = 'flyer_mention' and p.listed_publicly = 1 and p.archived = 0 \
         and r.due_on >= $1 and r.due_on < $2 order by p.name_key, r.id",
    )
    .bind(first.to_string())
    .bind(next.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |HighlightRow {
                 name,
                 kind,
                 need,
                 note,
             }| {
                let what = match (kind.and_then(|k| AskKind::from_slug(&k)), need) {
                    (Some(k), Some(n)) => format!("{} for {n}", k.label()),
                    (Some(k), None) => k.label().to_string(),
                    (None, _) => note.unwrap_or_else(|| "A generous neighbour".into()),
                };
                Highlight { name, what }
            },
        )
        .collect())
}

/// Puts what the library promised for an accepted ask in the ledger, due on `due_on`, in the
/// answer's transaction. A promise already there (an earlier acceptance) stays as it is.
pub async fn promise(
    tx: &mut Tx,
    partner_id: i64,
    ask_id: i64,
    kinds: &[RecognitionKind],
    due_on: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    for k in kinds {
        sqlx::query(
            "insert into recognitions (partner_id, ask_id, kind, due_on, created_at) values ($1, $2, $3, $4, $5) \
             on conflict (ask_id, kind) do nothing",
        )
        .bind(partner_id)
        .bind(ask_id)
        .bind(k.slug())
        .bind(due_on)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Takes back the promises of an ask not yet kept (its acceptance was withdrawn).
pub async fn withdraw_unkept(tx: &mut Tx, ask_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from recognitions where ask_id = $1 and fulfilled_on is null")
        .bind(ask_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
