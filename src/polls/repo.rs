//! Polls in the database: polls and their options, ballot counts, library cards, one-time codes.
//! Ballots themselves are written by [`super::writer`].

use super::form::NewPoll;
use super::poll::{ChoiceKind, Poll, PollOption, PollSummary, Visibility, VoterCheck};
use super::rules::{tally, Results};
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::db::{Refusals, Violation};
use crate::vocab::{from_mask, to_mask, Vocab};

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>>;

/// Binds a poll's settings as parameters `$1` to `$12`, in the column order that [`create`]
/// and [`replace`] both use.
fn bind_poll<'q>(q: Scalar<'q>, p: &'q NewPoll) -> Scalar<'q> {
    q.bind(&p.slug)
        .bind(&p.question)
        .bind(&p.description)
        .bind(p.choice.slug())
        .bind(p.max_choices)
        .bind(p.opens_at)
        .bind(p.closes_at)
        .bind(p.visibility.slug())
        .bind(p.voter_check.slug())
        .bind(to_mask(&p.goals))
        .bind(to_mask(&p.offerings))
        .bind(p.program_id)
}

/// Stores a new poll and its options in one transaction. A slug already in use is a field error.
pub async fn create(db: &Db, staff_id: Option<i64>, p: &NewPoll) -> Result<i64, AppError> {
    let now = db.now();
    let mut tx = db.begin().await?;
    let q = sqlx::query_scalar(
        "insert into polls (slug, question, description, choice, max_choices, opens_at, closes_at, \
         visibility, voter_check, goals, offerings, program_id, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) returning id",
    );
    let inserted: Result<i64, sqlx::Error> = bind_poll(q, p)
        .bind(staff_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
    let id = inserted.refused_as([
        (Violation::Unique, slug_taken(&p.slug)),
        (
            Violation::ForeignKey,
            AppError::field("program", "Choose a program from the list."),
        ),
    ])?;
    insert_options(&mut tx, id, &p.options).await?;
    crate::server::db::commit(tx).await?;
    Ok(id)
}

/// Why a poll whose first ballot arrived during an edit keeps its options.
pub const VOTED_MEANWHILE: &str = "Someone voted while you were editing, so only the wording can change now. Nothing was saved: open the poll's edit page again to reword it.";

/// Starts a transaction for a change that only a poll without ballots allows. On PostgreSQL it
/// waits for ballots being written to land and holds new ones back until it ends, so "no ballot
/// yet" stays true until the change commits (SQLite's write transaction already does that).
async fn before_any_ballot(db: &Db) -> Result<crate::server::db::Tx, AppError> {
    let mut tx = db.begin().await?;
    if db.backend == crate::server::db::Backend::Postgres {
        sqlx::query("lock table ballots in share mode")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// Whether a poll exists and has ballots, to say why a conditional change found nothing.
async fn why_unchanged(tx: &mut crate::server::db::Tx, id: i64, voted: &str) -> AppError {
    let found: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
        "select (select count(*) from ballots where poll_id = $1) from polls where id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await;
    match found {
        Ok(Some(_)) => AppError::Conflict(voted.into()),
        Ok(None) => AppError::NotFound("That poll".into()),
        Err(e) => e.into(),
    }
}

/// Replaces everything about a poll that has no ballot yet: its settings and its options. One
/// transaction; a poll that got its first ballot meanwhile is refused ([`VOTED_MEANWHILE`]).
pub async fn replace(db: &Db, id: i64, p: &NewPoll) -> Result<(), AppError> {
    let mut tx = before_any_ballot(db).await?;
    let q = sqlx::query_scalar(
        "update polls set slug = $1, question = $2, description = $3, choice = $4, max_choices = $5, \
         opens_at = $6, closes_at = $7, visibility = $8, voter_check = $9, goals = $10, offerings = $11, \
         program_id = $12, updated_at = $13 \
         where id = $14 and not exists (select 1 from ballots where poll_id = $14) returning id",
    );
    let updated: Result<Option<i64>, sqlx::Error> = bind_poll(q, p)
        .bind(db.now())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await;
    let updated = updated.refused_as([
        (Violation::Unique, slug_taken(&p.slug)),
        (
            Violation::ForeignKey,
            AppError::field("program", "Choose a program from the list."),
        ),
    ])?;
    if updated.is_none() {
        return Err(why_unchanged(&mut tx, id, VOTED_MEANWHILE).await);
    }
    sqlx::query("delete from poll_options where poll_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_options(&mut tx, id, &p.options).await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Rewords a poll that people have voted in: the question, the description and each option's
/// label in place (every option keeps its id and so its ballots), noting when. Refused when the
/// poll's options are not as many as the labels.
pub async fn reword(db: &Db, id: i64, w: &super::edit::Wording) -> Result<(), AppError> {
    let now = db.now();
    let mut tx = db.begin().await?;
    let found: Option<i64> = sqlx::query_scalar(
        "update polls set question = $1, description = $2, wording_edited_at = $3, updated_at = $3 \
         where id = $4 returning id",
    )
    .bind(&w.question)
    .bind(&w.description)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Err(AppError::NotFound("That poll".into()));
    }
    let options: i64 = sqlx::query_scalar("select count(*) from poll_options where poll_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if options != w.labels.len() as i64 {
        return Err(AppError::Conflict(
            "The poll's options changed while you were editing. Open its edit page again.".into(),
        ));
    }
    for (position, label) in w.labels.iter().enumerate() {
        sqlx::query("update poll_options set label = $1 where poll_id = $2 and position = $3")
            .bind(label)
            .bind(id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// Deletes a poll nobody has voted in (its codes go with it; a need made from it stays).
pub async fn delete(db: &Db, id: i64) -> Result<(), AppError> {
    let mut tx = before_any_ballot(db).await?;
    let gone = sqlx::query(
        "delete from polls where id = $1 and not exists (select 1 from ballots where poll_id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(why_unchanged(
            &mut tx,
            id,
            "People have voted in this poll, so it is kept with their ballots: close it instead.",
        )
        .await);
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}

/// A poll's number of ballots.
pub async fn ballot_count(db: &Db, id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select count(*) from ballots where poll_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// The field error for a web address another poll uses.
fn slug_taken(slug: &str) -> AppError {
    AppError::field(
        "slug",
        format!("Another poll already uses the address /polls/{slug}. Choose a different one."),
    )
}

/// Inserts a poll's options in order.
async fn insert_options(
    tx: &mut crate::server::db::Tx,
    id: i64,
    options: &[String],
) -> Result<(), AppError> {
    for (i, label) in options.iter().enumerate() {
        sqlx::query("insert into poll_options (poll_id, position, label) values ($1, $2, $3)")
            .bind(id)
            .bind(i as i64)
            .bind(label)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A poll as stored, with the title of the program it asks about.
#[derive(sqlx::FromRow)]
struct PollRow {
    id: i64,
    slug: String,
    question: String,
    description: Option<String>,
    choice: String,
    max_choices: i64,
    opens_at: i64,
    closes_at: Option<i64>,
    closed_at: Option<i64>,
    visibility: String,
    voter_check: String,
    goals: i64,
    offerings: i64,
    program_id: Option<i64>,
    program_title: Option<String>,
    wording_edited_at: Option<i64>,
}

/// One of a poll's options.
#[derive(sqlx::FromRow)]
struct OptionRow {
    id: i64,
    label: String,
}

/// A poll's options, in order.
async fn options(db: &Db, poll_id: i64) -> Result<Vec<OptionRow>, sqlx::Error> {
    sqlx::query_as("select id, label from poll_options where poll_id = $1 order by position")
        .bind(poll_id)
        .fetch_all(&db.pool)
        .await
}

const POLL_COLUMNS: &str = "id, slug, question, description, choice, max_choices, opens_at, \
     closes_at, closed_at, visibility, voter_check, goals, offerings, program_id, \
     (select title from programs pr where pr.id = polls.program_id) as program_title, wording_edited_at";

async fn with_options(db: &Db, row: PollRow) -> Result<Poll, AppError> {
    let id = row.id;
    let options = options(db, id).await?;
    let bad = |what: &str| AppError::internal(&format!("poll {id} has an unknown {what}"));
    Ok(Poll {
        id,
        slug: row.slug,
        question: row.question,
        description: row.description,
        choice: ChoiceKind::from_slug(&row.choice).ok_or_else(|| bad("choice"))?,
        max_choices: row.max_choices,
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        closed_at: row.closed_at,
        visibility: Visibility::from_slug(&row.visibility).ok_or_else(|| bad("visibility"))?,
        voter_check: VoterCheck::from_slug(&row.voter_check).ok_or_else(|| bad("voter check"))?,
        goals: from_mask(row.goals),
        offerings: from_mask(row.offerings),
        program: row.program_id.zip(row.program_title),
        options: options
            .into_iter()
            .map(|o| PollOption {
                id: o.id,
                label: o.label,
            })
            .collect(),
        wording_edited_at: row.wording_edited_at,
    })
}

/// A poll by its address.
pub async fn by_slug(db: &Db, slug: &str) -> Result<Poll, AppError> {
    let row: Option<PollRow> =
        sqlx::query_as(&format!("select {POLL_COLUMNS} from polls where slug = $1"))
            .bind(slug)
            .fetch_optional(&db.pool)
            .await?;
    let row = row.ok_or_else(|| AppError::NotFound("That poll".into()))?;
    with_options(db, row).await
}

/// A poll by its id.
pub async fn by_id(db: &Db, id: i64) -> Result<Poll, AppError> {
    let row: Option<PollRow> =
        sqlx::query_as(&format!("select {POLL_COLUMNS} from polls where id = $1"))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let row = row.ok_or_else(|| AppError::NotFound("That poll".into()))?;
    with_options(db, row).await
}

/// A poll in the staff list, with its number of ballots.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    question: String,
    opens_at: i64,
    closes_at: Option<i64>,
    closed_at: Option<i64>,
    voter_check: String,
    ballots: i64,
}

/// Every poll, newest first, with its number of ballots.
pub async fn list(db: &Db) -> Result<Vec<PollSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "select p.id, p.slug, p.question, p.opens_at, p.closes_at, p.closed_at, p.voter_check, \
             (select count(*) from ballots b where b.poll_id = p.id) as ballots \
             from polls p order by p.opens_at desc, p.id desc",
    )
    .fetch_all(&db.pool)
    .await?;
    let now = db.now();
    Ok(rows
        .into_iter()
        .map(|r| PollSummary {
            id: r.id,
            slug: r.slug,
            question: r.question,
            phase: super::rules::phase(r.opens_at, r.closes_at, r.closed_at, now),
            voter_check: VoterCheck::from_slug(&r.voter_check).unwrap_or(VoterCheck::Browser),
            ballots: r.ballots,
            opens_at: r.opens_at,
            ends_at: super::rules::ends_at(r.closes_at, r.closed_at),
        })
        .collect())
}

/// Closes a poll now. Closing a closed poll changes nothing (and says so).
pub async fn close(db: &Db, id: i64) -> Result<(), AppError> {
    let now = db.now();
    let q = sqlx::query(
        "update polls set closed_at = $1, updated_at = $1 \
         where id = $2 and closed_at is null and (closes_at is null or closes_at > $1)",
    )
    .bind(now)
    .bind(id);
    if !crate::server::db::changed(db, q).await? {
        by_id(db, id).await?;
        return Err(AppError::Conflict("This poll is already closed.".into()));
    }
    Ok(())
}

/// The counts of a poll's ballots.
pub async fn results(db: &Db, poll_id: i64) -> Result<Results, AppError> {
    let options: Vec<(i64, String)> = options(db, poll_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.label))
        .collect();
    /// Ballots with the same choices, counted together.
    #[derive(sqlx::FromRow)]
    struct Group {
        choices: String,
        n: i64,
    }
    // Ballots with the same choices are counted together by the index, then split per option.
    let groups: Vec<Group> = sqlx::query_as(
        "select choices, count(*) as n from ballots where poll_id = $1 group by choices",
    )
    .bind(poll_id)
    .fetch_all(&db.pool)
    .await?;
    let ballots = groups.iter().map(|g| g.n).sum();
    let counts: Vec<(i64, i64)> = groups
        .iter()
        .flat_map(|g| {
            g.choices
                .split(',')
                .filter_map(|c| c.parse::<i64>().ok())
                .map(move |id| (id, g.n))
        })
        .collect();
    Ok(tally(&options, &counts, ballots))
}

/// The choices a voter's ballot holds, if they have voted.
pub async fn ballot_of(db: &Db, poll_id: i64, voter: &str) -> Result<Option<Vec<i64>>, AppError> {
    let choices: Option<String> =
        sqlx::query_scalar("select choices from ballots where poll_id = $1 and voter = $2")
            .bind(poll_id)
            .bind(voter)
            .fetch_optional(&db.pool)
            .await?;
    Ok(choices.map(|c| c.split(',').filter_map(|id| id.parse().ok()).collect()))
}

/// A ballot as the export shows it: when it was cast (or last changed) and its choices
/// (option ids, comma-separated); never who cast it.
#[derive(sqlx::FromRow)]
pub struct BallotRow {
    pub changed_at: i64,
    pub choices: String,
}

/// Every ballot of a poll, oldest first.
pub async fn ballots(db: &Db, poll_id: i64) -> Result<Vec<BallotRow>, AppError> {
    Ok(sqlx::query_as(
        "select changed_at, choices from ballots where poll_id = $1 order by changed_at, id",
    )
    .bind(poll_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The settings key of the origins that may frame the poll widget.
pub const EMBED_ORIGINS_SETTING: &str = "embed_origins";

/// The origins that may frame the poll widget.
pub async fn embed_origins(db: &Db) -> Result<Vec<String>, AppError> {
    let v: Option<String> = sqlx::query_scalar("select value from settings where key = $1")
        .bind(EMBED_ORIGINS_SETTING)
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect())
}

/// Saves the card-number patterns and the embed origins and, when `cards` is given, replaces
/// the list of valid cards (by keyed hash); all in one transaction.
pub async fn save_settings(
    db: &Db,
    pattern: &str,
    check_digit: bool,
    cards: Option<&[String]>,
    origins: &[String],
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let check_digit = if check_digit { "mod10" } else { "" };
    for (key, value) in [
        (super::voter::CARD_PATTERN_SETTING, pattern.to_string()),
        (
            super::voter::CARD_CHECK_DIGIT_SETTING,
            check_digit.to_string(),
        ),
        (EMBED_ORIGINS_SETTING, origins.join(" ")),
    ] {
        sqlx::query(
            "insert into settings (key, value) values ($1, $2) \
             on conflict (key) do update set value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(hashes) = cards {
        sqlx::query("delete from library_cards")
            .execute(&mut *tx)
            .await?;
        for h in hashes {
            sqlx::query("insert into library_cards (card_hash) values ($1) on conflict do nothing")
                .bind(h)
                .execute(&mut *tx)
                .await?;
        }
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}
