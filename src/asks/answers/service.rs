//! Answering an ask and marking it delivered: the rules an answer meets, what the partner
//! and the librarian are told, and one transaction per action.

use super::model::{answer_note, promises_due, NewAnswer, PartnerAsk};
use super::repo;
use crate::asks::model::AskStatus;
use crate::asks::repo::{in_return, kind, status};
use crate::error::AppError;
use crate::server::db::Db;

/// What an answer link shows; `None` for a token that opens no ask.
pub async fn view(db: &Db, token: &str, library: &str) -> Result<Option<PartnerAsk>, AppError> {
    let now = db.now();
    Ok(repo::by_token(db, token).await?.map(|r| PartnerAsk {
        library: library.to_string(),
        partner_name: r.partner_name,
        contact_name: r.contact_name,
        kind: kind(&r.kind),
        subject: r.subject,
        message: r.message,
        in_return: in_return(&r.in_return),
        reply_by: r.reply_by,
        status: status(&r.status),
        answer_note: r.answer_note,
        proposed_on: r.proposed_on,
        expires_at: r.expires_at,
        expired: r.expires_at < now,
        listed_publicly: r.listed_publicly == 1,
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
    let ask = repo::answering(&mut tx, token)
        .await?
        .ok_or_else(|| AppError::NotFound("That ask".into()))?;
    let before = status(&ask.status);
    if ask.expires_at < at {
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
    if !repo::record(&mut tx, ask.id, ask.answers, before, a, at).await? {
        return Err(AppError::Conflict(
            "Your answer crossed another one for the same ask. Please reload the page and answer again.".into(),
        ));
    }
    repo::set_listed(&mut tx, ask.partner_id, a.listed).await?;
    if after == AskStatus::Accepted {
        let due = promises_due(ask.need_ends.as_deref(), today);
        crate::recognition::repo::promise(
            &mut tx,
            ask.partner_id,
            ask.id,
            &in_return(&ask.in_return),
            &due.to_string(),
            at,
        )
        .await?;
    } else if before == AskStatus::Accepted {
        crate::recognition::repo::withdraw_unkept(&mut tx, ask.id).await?;
    }
    crate::asks::repo::log(
        &mut tx,
        &db.clock,
        ask.partner_id,
        &today.to_string(),
        answer_note(&ask.subject, ask.answers, before, a),
        None,
    )
    .await?;
    // A yes is what makes a partnership active; the log says why the stage moved.
    if after == AskStatus::Accepted
        && crate::partners::repo::activate(&mut tx, &db.clock, ask.partner_id).await?
    {
        let entry = crate::partners::log::NewInteraction {
            occurred_on: today.to_string(),
            kind: crate::vocab::InteractionKind::Other,
            note: format!("Now an active partner: accepted “{}”.", ask.subject),
        };
        crate::partners::repo::add_interaction(&mut tx, &db.clock, ask.partner_id, &entry, None)
            .await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(after)
}

/// Marks an accepted ask delivered.
pub async fn fulfil(db: &Db, id: i64, staff_id: i64, today: &str) -> Result<(), AppError> {
    let at = db.now();
    let mut tx = db.begin().await?;
    let Some(done) = repo::mark_fulfilled(&mut tx, id, at).await? else {
        drop(tx);
        crate::asks::lists::service::get_at(db, id, at).await?;
        return Err(AppError::Conflict(
            "Only an accepted ask can be marked delivered.".into(),
        ));
    };
    crate::asks::repo::log(
        &mut tx,
        &db.clock,
        done.partner_id,
        today,
        format!("Delivered what was asked in “{}”.", done.subject),
        Some(staff_id),
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}
