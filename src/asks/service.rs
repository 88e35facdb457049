//! Drafting and sending asks: the work between the server functions and the database.

use super::model::{
    default_in_return, fill, in_return_text, kind_for, AskForm, TemplateVars, LINK_DAYS,
};
use super::records::{AskDraft, AskRecord};
use super::repo;
use crate::error::AppError;
use crate::server::db::Db;
use crate::vocab::Vocab;
use crate::when::{date, day, day_span};

/// The reply-by date a new ask gets: two weeks out, or the day before the need starts when
/// that comes sooner (but never before tomorrow).
pub fn default_reply_by(today: time::Date, need_starts: Option<time::Date>) -> time::Date {
    let two_weeks = today + time::Duration::days(14);
    let tomorrow = today + time::Duration::days(1);
    match need_starts {
        Some(s) => (s - time::Duration::days(1)).clamp(tomorrow, two_weeks),
        None => two_weeks,
    }
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
    let (partner_name, archived, contacts) = repo::partner_contacts(db, partner_id).await?;
    if archived {
        return Err(AppError::Conflict(format!(
            "{partner_name} is archived: restore it before asking."
        )));
    }
    let need = match need_id {
        Some(id) => Some(repo::need_brief(db, id).await?),
        None => None,
    };
    let offering: Option<crate::vocab::Offering> = match need_id {
        Some(id) => {
            let o: Option<String> = sqlx::query_scalar("select offering from needs where id = $1")
                .bind(id)
                .fetch_optional(&db.pool)
                .await?;
            o.and_then(|o| crate::vocab::Offering::from_slug(&o))
        }
        None => None,
    };
    let templates = repo::templates(db).await?;
    let chosen = template_id
        .and_then(|id| templates.iter().find(|t| t.id == id))
        .or_else(|| {
            offering.and_then(|o| templates.iter().find(|t| t.template.kind == kind_for(o)))
        })
        .or(templates.first());
    let kind = chosen
        .map(|t| t.template.kind)
        .or(offering.map(kind_for))
        .unwrap_or(super::model::AskKind::Refreshments);
    let in_return = default_in_return(kind);
    let starts = need
        .as_ref()
        .and_then(|n| crate::when::parse_iso_date(&n.2));
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
            .map(|n| n.0.clone())
            .unwrap_or_else(|| "an upcoming program".into()),
        branch: need
            .as_ref()
            .map(|n| n.1.clone())
            .unwrap_or_else(|| "The library".into()),
        dates: need
            .as_ref()
            .map(|n| day_span(&n.2, &n.3))
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
    let recent = repo::for_partner(db, partner_id, db.now())
        .await?
        .into_iter()
        .filter(|a| a.status != super::model::AskStatus::Draft)
        .take(5)
        .collect();
    Ok(AskDraft {
        id: None,
        partner_name,
        need_title: need.map(|n| n.0),
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
    let ask = repo::get(db, id, db.now()).await?;
    if ask.status != super::model::AskStatus::Draft {
        return Err(AppError::Conflict(
            "This ask was sent already; it can no longer be changed.".into(),
        ));
    }
    let (partner_name, _, contacts) = repo::partner_contacts(db, ask.partner_id).await?;
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

/// Sends a draft; the e-mail carries a fresh link token of 256 random bits.
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
    repo::send(db, id, &token, staff_id, &today.to_string(), |ask| {
        super::model::ask_email(
            &ask.contact_name,
            &ask.contact_email,
            &ask.subject,
            &ask.message,
            &day(&ask.reply_by),
            &link,
            &expires,
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> time::Date {
        crate::when::parse_iso_date(s).unwrap()
    }

    #[test]
    fn reply_by_leaves_time_before_the_need() {
        let today = d("2026-11-20");
        assert_eq!(default_reply_by(today, None), d("2026-12-04"));
        assert_eq!(
            default_reply_by(today, Some(d("2026-11-28"))),
            d("2026-11-27")
        );
        assert_eq!(
            default_reply_by(today, Some(d("2027-02-01"))),
            d("2026-12-04")
        );
        assert_eq!(
            default_reply_by(today, Some(d("2026-11-20"))),
            d("2026-11-21")
        );
    }
}
