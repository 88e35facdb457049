//! Demo asks, in every state an ask can be in, with what the library promised in return:
//! enough history for the follow-up list, the sponsor wall, the flyer and partnership health.
//! No e-mail is queued for them.

use super::needs::day;
use crate::asks::model::{AskKind, AskStatus};
use crate::error::AppError;
use crate::partners::log::NewInteraction;
use crate::recognition::model::RecognitionKind;
use crate::server::db::Db;
use crate::vocab::{InteractionKind, Vocab};

struct DemoAsk {
    partner: &'static str,
    /// The need's title, when the ask is for one.
    need: Option<&'static str>,
    kind: AskKind,
    subject: &'static str,
    message: &'static str,
    status: AskStatus,
    /// Days since it was sent (`None`: a draft).
    sent: Option<i64>,
    answer_note: &'static str,
    /// Promised in return: (kind, due in days from today, fulfilled days ago).
    promised: &'static [(RecognitionKind, i64, Option<i64>)],
    /// Agreed to be thanked in public.
    listed: bool,
}

const ASKS: &[DemoAsk] = &[
    DemoAsk {
        partner: "Riverbend Café",
        need: Some("Refreshments for the neighborhood meeting"),
        kind: AskKind::Refreshments,
        subject: "Could Riverbend Café bring coffee to the neighborhood meeting?",
        message: "Dear Hannah,\n\nWe are expecting about sixty neighbours at Central Library for the neighborhood meeting. Would Riverbend Café brew the coffee? We would thank you in the flyer and from the podium.\n\nWith thanks,\nMillbrook Public Library",
        status: AskStatus::Sent,
        sent: Some(9),
        answer_note: "",
        promised: &[],
        listed: false,
    },
    DemoAsk {
        partner: "Millbrook Community Credit Union",
        need: Some("Sponsor for teen art supplies"),
        kind: AskKind::Sponsorship,
        subject: "A small gift toward teen art supplies?",
        message: "Dear friends at the credit union,\n\nOur teen art club needs paint, sketchbooks and a button maker. A modest donation would go straight to the supplies; sponsors are thanked on the sponsor wall and in the flyer.\n\nGratefully,\nMillbrook Public Library",
        status: AskStatus::Accepted,
        sent: Some(6),
        answer_note: "Happy to give $250. Our financial-literacy team would love to visit the club too.",
        promised: &[
            (RecognitionKind::SponsorList, 20, None),
            (RecognitionKind::FlyerMention, 0, None),
        ],
        listed: true,
    },
    DemoAsk {
        partner: "Eastside Community Health Clinic",
        need: Some("Blood-pressure checks at the health fair"),
        kind: AskKind::Presentation,
        subject: "Blood-pressure checks at the health fair",
        message: "Dear clinic team,\n\nWould two of your nurses check blood pressure at the Eastside health fair? We will credit the clinic on the program page and thank you in public.\n\nWarm regards,\nMillbrook Public Library",
        status: AskStatus::Fulfilled,
        sent: Some(35),
        answer_note: "Two nurses, 9 to 12. We will bring the cuffs.",
        promised: &[
            (RecognitionKind::ProgramCredit, -12, Some(11)),
            (RecognitionKind::ThankYouPost, -5, None),
        ],
        listed: true,
    },
    DemoAsk {
        partner: "Sweet Crumb Bakery",
        need: None,
        kind: AskKind::Refreshments,
        subject: "Cookies for the summer reading finale?",
        message: "Dear Rosa,\n\nThe summer reading finale is our biggest party of the year. Could Sweet Crumb bring cookies for about a hundred readers?\n\nWith thanks,\nMillbrook Public Library",
        status: AskStatus::Fulfilled,
        sent: Some(50),
        answer_note: "Of course — a hundred cookies, some gluten-free.",
        promised: &[
            (RecognitionKind::FlyerMention, -30, Some(31)),
            (RecognitionKind::FrontDeskSign, 10, None),
        ],
        listed: true,
    },
    DemoAsk {
        partner: "Panel Gap Comics",
        need: None,
        kind: AskKind::Presentation,
        subject: "Would you lead a comic-drawing workshop for teens?",
        message: "Dear Jamal,\n\nOur teens keep asking for a comic-drawing workshop. Would someone from Panel Gap lead one on a Saturday afternoon?\n\nBest,\nMillbrook Public Library",
        status: AskStatus::Declined,
        sent: Some(20),
        answer_note: "Not this season — our artist is away. Ask us again in spring!",
        promised: &[],
        listed: false,
    },
    DemoAsk {
        partner: "Tin Soldier Hobbies",
        need: None,
        kind: AskKind::InKind,
        subject: "Board games for family game night?",
        message: "Dear friends,\n\nWould Tin Soldier Hobbies lend a few board games for family game night? We would put up a thank-you sign at the front desk.\n\nMillbrook Public Library",
        status: AskStatus::Sent,
        sent: Some(40),
        answer_note: "",
        promised: &[],
        listed: false,
    },
    DemoAsk {
        partner: "Millbrook Fire Station No. 2",
        need: Some("Guest reader for the fire-safety storytime"),
        kind: AskKind::Presentation,
        subject: "Would a firefighter read at the fire-safety storytime?",
        message: "Dear Captain Ferreira,\n\nOur Eastside storytime is about fire safety this month. Would one of your crew read two stories and show the children the truck?\n\nWith thanks,\nMillbrook Public Library",
        status: AskStatus::Draft,
        sent: None,
        answer_note: "",
        promised: &[],
        listed: false,
    },
];

/// Adds the demo asks once, when there are none and their partners exist.
pub async fn seed(db: &Db, staff: Option<i64>) -> Result<(), AppError> {
    let existing: i64 = sqlx::query_scalar("select count(*) from asks")
        .fetch_one(&db.pool)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let at = db.now();
    let mut tx = db.begin().await?;
    for d in ASKS {
        let partner: Option<i64> = sqlx::query_scalar("select id from partners where name = $1")
            .bind(d.partner)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(partner) = partner else { continue };
        let contact: Option<(String, String)> = sqlx::query_as(
            "select name, email from contacts where partner_id = $1 and email is not null order by position limit 1",
        )
        .bind(partner)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((contact_name, email)) = contact else {
            continue;
        };
        let need: Option<i64> = match d.need {
            Some(t) => {
                sqlx::query_scalar("select id from needs where title = $1")
                    .bind(t)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        let sent_at = d.sent.map(|s| at - s * 86_400);
        let answered = !d.answer_note.is_empty();
        let in_return: Vec<&str> = d.promised.iter().map(|(k, _, _)| k.slug()).collect();
        let id: i64 = sqlx::query_scalar(
            "insert into asks (partner_id, need_id, contact_name, contact_email, kind, subject, message, in_return, \
             reply_by, status, token_hash, sent_at, expires_at, answer_note, answered_at, answers, fulfilled_at, \
             created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) returning id",
        )
        .bind(partner)
        .bind(need)
        .bind(&contact_name)
        .bind(&email)
        .bind(d.kind.slug())
        .bind(d.subject)
        .bind(d.message)
        .bind(in_return.join(","))
        .bind(day(d.sent.map(|s| 14 - s).unwrap_or(14).max(1)))
        .bind(d.status.slug())
        .bind(sent_at.map(|_| crate::asks::repo::token_hash(&crate::server::state::random_hex(32))))
        .bind(sent_at)
        .bind(sent_at.map(|t| t + crate::asks::model::LINK_DAYS * 86_400))
        .bind((!d.answer_note.is_empty()).then_some(d.answer_note))
        .bind(answered.then(|| sent_at.unwrap_or(at) + 2 * 86_400))
        .bind(i64::from(answered))
        .bind((d.status == AskStatus::Fulfilled).then(|| at - 10 * 86_400))
        .bind(staff)
        .bind(sent_at.unwrap_or(at))
        .fetch_one(&mut *tx)
        .await?;
        for (kind, due, fulfilled) in d.promised {
            sqlx::query(
                "insert into recognitions (partner_id, ask_id, kind, due_on, fulfilled_on, created_at) values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(partner)
            .bind(id)
            .bind(kind.slug())
            .bind(day(*due))
            .bind(fulfilled.map(|f| day(-f)))
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        if d.listed {
            sqlx::query("update partners set listed_publicly = 1 where id = $1")
                .bind(partner)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(s) = d.sent {
            let mut entries = vec![(s, format!("Asked {contact_name}: “{}”.", d.subject), staff)];
            if answered {
                entries.push((
                    (s - 2).max(0),
                    format!(
                        "Answered “{}”: {}. Note: {}",
                        d.subject,
                        d.status.label().to_lowercase(),
                        d.answer_note
                    ),
                    None,
                ));
            }
            for (ago, note, by) in entries {
                let entry = NewInteraction {
                    occurred_on: day(-ago),
                    kind: InteractionKind::Ask,
                    note,
                };
                crate::partners::repo::add_interaction(&mut tx, &db.clock, partner, &entry, by)
                    .await?;
            }
        }
    }
    crate::server::db::commit(tx).await?;
    Ok(())
}
