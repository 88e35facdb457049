//! Drafting and sending asks: what a new draft starts with, the rules a draft is saved by,
//! and sending as one transaction (the link, the e-mail and the log entry together).

use super::model::{
    ask_email, default_in_return, default_reply_by, kind_for, sent_note, AskDraft, AskForm, NewAsk,
};
use super::repo;
use crate::asks::model::{in_return_text, AskKind, AskRecord, AskStatus, LINK_DAYS};
use crate::asks::templates::model::{fill, TemplateVars};
use crate::error::AppError;
use crate::server::db::{Db, Refusals, Violation};
use crate::vocab::{Offering, Vocab};
use crate::when::{date, day, day_span};

const SENT_ALREADY: &str = "This ask was sent already; it can no longer be changed.";

fn no_ask() -> AppError {
    AppError::NotFound("That ask".into())
}

/// A partner's name, whether it is archived, and its contacts.
async fn partner_contacts(
    db: &Db,
    partner_id: i64,
) -> Result<(String, bool, Vec<super::model::ContactChoice>), AppError> {
    let p = repo::partner(db, partner_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That partner".into()))?;
    let contacts = repo::contacts(db, partner_id).await?;
    Ok((p.name, p.archived == 1, contacts))
}

/// A new ask to a partner, for a need or not, with its message filled from a template.
pub async fn new_draft(
    db: &Db,
    partner_id: i64,
    need_id: Option<i64>,
    template_id: Option<i64>,
    today: time::Date,
    library: &str,
) -> Result<AskDraft, AppError> {
    let (partner_name, archived, contacts) = partner_contacts(db, partner_id).await?;
    if archived {
        return Err(AppError::Conflict(format!(
            "{partner_name} is archived: restore it before asking."
        )));
    }
    let need = match need_id {
        Some(id) => Some(
            repo::need_brief(db, id)
                .await?
                .ok_or_else(|| AppError::NotFound("That need".into()))?,
        ),
        None => None,
    };
    let offering = need.as_ref().and_then(|n| Offering::from_slug(&n.offering));
    let templates = crate::asks::templates::repo::all(db).await?;
    let chosen = template_id
        .and_then(|id| templates.iter().find(|t| t.id == id))
        .or_else(|| {
            offering.and_then(|o| templates.iter().find(|t| t.template.kind == kind_for(o)))
        })
        .or(templates.first());
    let kind = chosen
        .map(|t| t.template.kind)
        .or(offering.map(kind_for))
        .unwrap_or(AskKind::Refreshments);
    let in_return = default_in_return(kind);
    let starts = need
        .as_ref()
        .and_then(|n| crate::when::parse_iso_date(&n.starts_on));
    let reply_by = default_reply_by(today, starts);
    let contact = contacts
        .iter()
        .find(|c| c.email.is_some())
        .or(contacts.first());
    let vars = TemplateVars {
        contact: contact
            .map(|c| c.label.split(" (").next().unwrap_or_default().to_string())
            .unwrap_or_else(|| "friends".into()),
        partner: partner_name.clone(),
        need: need
            .as_ref()
            .map(|n| n.title.clone())
            .unwrap_or_else(|| "an upcoming program".into()),
        branch: need
            .as_ref()
            .map(|n| n.branch.clone())
            .unwrap_or_else(|| "The library".into()),
        dates: need
            .as_ref()
            .map(|n| day_span(&n.starts_on, &n.ends_on))
            .unwrap_or_else(|| "date to be agreed".into()),
        in_return: in_return_text(&in_return),
        reply_by: day(&reply_by.to_string()),
        library: library.to_string(),
    };
    let (subject, message) = chosen
        .map(|t| {
            (
                fill(&t.template.subject, &vars),
                fill(&t.template.body, &vars),
            )
        })
        .unwrap_or_default();
    let recent = crate::asks::lists::repo::for_partner(db, partner_id, db.now())
        .await?
        .into_iter()
        .filter(|a| a.status != AskStatus::Draft)
        .take(5)
        .collect();
    Ok(AskDraft {
        id: None,
        partner_name,
        need_title: need.map(|n| n.title),
        template_id: chosen.map(|t| t.id),
        templates,
        recent,
        form: AskForm {
            partner_id: partner_id.to_string(),
            need_id: need_id.map(|i| i.to_string()).unwrap_or_default(),
            contact: contact.map(|c| c.position.to_string()).unwrap_or_default(),
            kind: kind.slug().into(),
            subject,
            message,
            in_return: in_return.iter().map(|k| k.slug().to_string()).collect(),
            reply_by: reply_by.to_string(),
        },
        contacts,
    })
}

/// A saved draft, to change it.
pub async fn edit_draft(db: &Db, id: i64) -> Result<AskDraft, AppError> {
    let ask = crate::asks::lists::service::get(db, id).await?;
    if ask.status != AskStatus::Draft {
        return Err(AppError::Conflict(SENT_ALREADY.into()));
    }
    let (partner_name, _, contacts) = partner_contacts(db, ask.partner_id).await?;
    let position = contacts
        .iter()
        .find(|c| c.email.as_deref() == Some(ask.contact_email.as_str()))
        .map(|c| c.position.to_string())
        .unwrap_or_default();
    Ok(AskDraft {
        id: Some(id),
        partner_name,
        need_title: ask.need_title.clone(),
        contacts,
        templates: Vec::new(),
        template_id: None,
        recent: Vec::new(),
        form: AskForm {
            partner_id: ask.partner_id.to_string(),
            need_id: ask.need_id.map(|i| i.to_string()).unwrap_or_default(),
            contact: position,
            kind: ask.kind.slug().into(),
            subject: ask.subject,
            message: ask.message,
            in_return: ask.in_return.iter().map(|k| k.slug().to_string()).collect(),
            reply_by: ask.reply_by,
        },
    })
}

/// Saves a draft (no `id`) or changes one that is still a draft. The ask goes to the
/// contact's address as the partner lists it now, so the contact must have one.
pub async fn save_draft(
    db: &Db,
    id: Option<i64>,
    a: &NewAsk,
    staff_id: i64,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let contact = repo::addressee(&mut tx, a.partner_id, a.contact as i64)
        .await?
        .ok_or_else(|| {
            AppError::field(
                "contact",
                "That contact is no longer on the partner's list.",
            )
        })?;
    let Some(email) = contact.email.filter(|e| !e.is_empty()) else {
        return Err(AppError::field(
            "contact",
            "This contact has no e-mail address. Add one on the partner's page, or choose another contact.",
        ));
    };
    let saved = repo::write(&mut tx, id, a, (&contact.name, &email), staff_id, db.now())
        .await
        .refused_as([(
            Violation::ForeignKey,
            AppError::field("need_id", "That need no longer exists."),
        )])?;
    let Some(saved) = saved else {
        return Err(if repo::exists(&mut tx, id.unwrap_or_default()).await? {
            AppError::Conflict(SENT_ALREADY.into())
        } else {
            no_ask()
        });
    };
    crate::server::db::commit(tx).await?;
    Ok(saved)
}

/// Deletes a draft; a sent ask stays.
pub async fn discard(db: &Db, id: i64) -> Result<(), AppError> {
    if !repo::discard(db, id).await? {
        crate::asks::lists::service::get(db, id).await?;
        return Err(AppError::Conflict(
            "Only a draft can be discarded; this ask was sent.".into(),
        ));
    }
    Ok(())
}

/// Sends a draft: gives it a fresh link token of 256 random bits, queues its e-mail and logs
/// it, all in one transaction.
pub async fn send(
    db: &Db,
    id: i64,
    staff_id: i64,
    base_url: &str,
    today: time::Date,
) -> Result<AskRecord, AppError> {
    let token = crate::server::state::random_hex(32);
    let link = format!("{base_url}/answer/{token}");
    let expires = date(db.now() + LINK_DAYS * 86_400);
    let at = db.now();
    let mut tx = db.begin().await?;
    let was_draft = repo::mark_sent(&mut tx, id, &token, at, at + LINK_DAYS * 86_400).await?;
    let ask = crate::asks::repo::find(&mut *tx, id, at)
        .await?
        .ok_or_else(no_ask)?;
    if !was_draft {
        return Err(AppError::Conflict("This ask was sent already.".into()));
    }
    let email = ask_email(
        &ask.contact_name,
        &ask.contact_email,
        &ask.subject,
        &ask.message,
        &day(&ask.reply_by),
        &link,
        &expires,
    );
    crate::mail::repo::enqueue(&mut tx, &db.clock, &email).await?;
    crate::asks::repo::log(
        &mut tx,
        &db.clock,
        ask.partner_id,
        &today.to_string(),
        sent_note(&ask.contact_name, ask.kind, &ask.subject),
        Some(staff_id),
    )
    .await?;
    crate::server::db::commit(tx).await?;
    Ok(ask)
}
