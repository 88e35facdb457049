//! Demo polls: an open reader poll with a few hundred ballots, and a closed one.

use crate::error::AppError;
use crate::polls::form::NewPoll;
use crate::polls::poll::{ChoiceKind, Visibility, VoterCheck};
use crate::polls::writer::choices_text;
use crate::server::db::Db;
use crate::vocab::{Goal, Offering};

const DAY: i64 = 86_400;

/// The open poll's options and how many demo ballots each gets.
const LASTING: &[(&str, usize)] = &[
    ("Trust between the partners", 112),
    ("Skills that complement each other", 46),
    ("Goals both sides share", 71),
    ("A shared stake in the community", 58),
    ("Clear, regular communication", 64),
];

/// The closed poll's options and their demo ballots.
const SPRING: &[(&str, usize)] = &[
    ("Knitting for beginners, with Purl & Skein", 38),
    (
        "Budgeting basics, with Millbrook Community Credit Union",
        52,
    ),
    ("Drawing your own comic, with Panel Gap Comics", 61),
    ("Home fire safety, with Fire Station No. 2", 29),
];

fn poll(
    slug: &str,
    question: &str,
    description: &str,
    options: &[(&str, usize)],
    opens_at: i64,
    closes_at: i64,
    visibility: Visibility,
) -> NewPoll {
    NewPoll {
        question: question.into(),
        description: Some(description.into()),
        choice: ChoiceKind::Single,
        max_choices: 1,
        opens_at,
        closes_at: Some(closes_at),
        visibility,
        voter_check: VoterCheck::Browser,
        options: options.iter().map(|(o, _)| (*o).to_string()).collect(),
        goals: vec![Goal::Civic],
        offerings: vec![Offering::WorkshopLeader],
        program_id: None,
        slug: slug.into(),
    }
}

/// Adds the demo polls when there are none.
pub async fn seed(db: &Db, staff: Option<i64>) -> Result<(), AppError> {
    let existing: i64 = sqlx::query_scalar("select count(*) from polls")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let now = db.now();
    let polls = [
        (
            poll(
                "lasting-partnerships",
                "What matters most in a partnership that lasts?",
                "The library works with bakeries, banks, fire fighters, schools and many more. Tell us what you think keeps such a partnership going.",
                LASTING,
                now - 10 * DAY,
                now + 20 * DAY,
                Visibility::Live,
            ),
            LASTING,
        ),
        (
            poll(
                "spring-workshop",
                "Which workshop should we run next spring?",
                "Each one would be led by a neighbour of the library.",
                SPRING,
                now - 40 * DAY,
                now - 5 * DAY,
                Visibility::AfterClose,
            ),
            SPRING,
        ),
    ];
    for (p, counts) in polls {
        let id = crate::polls::repo::create(db, staff, &p).await?;
        let options: Vec<i64> =
            sqlx::query_scalar("select id from poll_options where poll_id = $1 order by position")
                .bind(id)
                .fetch_all(&db.pool)
                .await?;
        let mut tx = db.begin().await?;
        let mut n = 0i64;
        let span = p.closes_at.unwrap_or(now).min(now) - p.opens_at;
        for (option, (_, count)) in options.iter().zip(counts) {
            for _ in 0..*count {
                n += 1;
                // Spread the ballots over the time the poll has been open, deterministically.
                let at = p.opens_at + (n * 7_919) % span.max(1);
                sqlx::query(
                    "insert into ballots (poll_id, voter, choices, cast_at, changed_at, revisions) \
                     values ($1, $2, $3, $4, $4, 0)",
                )
                .bind(id)
                .bind(format!("demo:{n}"))
                .bind(choices_text(&[*option]))
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        }
        crate::server::db::commit(tx).await?;
    }
    Ok(())
}
