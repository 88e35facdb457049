//! Server functions of asks: drafting, sending, the partner's answer, and the lists.

use leptos::prelude::*;

use super::answers::model::{AnswerForm, PartnerAsk};
use super::drafts::model::{AskDraft, AskForm};
use super::lists::model::AsksView;
use super::model::{AskRecord, AskSummary};
use super::templates::model::{TemplateForm, TemplateRecord};
use crate::error::AppError;

/// A new ask to a partner (for a need, or not), its message filled from a template.
#[server(endpoint = "staff/asks/draft")]
pub async fn load_ask_draft(
    partner_id: i64,
    #[server(default)] need_id: Option<i64>,
    #[server(default)] template_id: Option<i64>,
) -> Result<AskDraft, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let today = st.clock.today();
        super::drafts::service::new_draft(
            &st.db,
            partner_id,
            need_id,
            template_id,
            today,
            &st.config.library_name,
        )
        .await
    })
    .await
}

/// A saved draft, to change it.
#[server(endpoint = "staff/asks/for_edit")]
pub async fn load_ask_for_edit(id: i64) -> Result<AskDraft, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::drafts::service::edit_draft(&state()?.db, id).await
    })
    .await
}

/// Saves a draft (no `id`) or changes one; the ask's page follows.
#[server(endpoint = "staff/asks/save")]
pub async fn save_ask(
    #[server(default)] id: Option<i64>,
    #[server(flatten)] form: AskForm,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let st = state()?;
        let ask = form.parse(Some(st.clock.today()))?;
        let id = super::drafts::service::save_draft(&st.db, id, &ask, staff.id).await?;
        leptos_axum::redirect(&format!("/staff/asks/{id}"));
        Ok(id)
    })
    .await
}

/// Sends a draft: its e-mail, with the partner's link, goes to the outbox.
#[server(endpoint = "staff/asks/send")]
pub async fn send_ask(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let st = state()?;
        let today = st.clock.today();
        super::drafts::service::send(&st.db, id, staff.id, &st.config.base_url(), today).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/asks/{id}?sent=1"));
        }
        Ok(())
    })
    .await
}

/// Deletes a draft.
#[server(endpoint = "staff/asks/discard")]
pub async fn discard_ask(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::drafts::service::discard(&state()?.db, id).await?;
        leptos_axum::redirect("/staff/asks?status=draft");
        Ok(())
    })
    .await
}

/// Marks an accepted ask delivered.
#[server(endpoint = "staff/asks/fulfil")]
pub async fn fulfil_ask(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let st = state()?;
        let today = st.clock.today();
        super::answers::service::fulfil(&st.db, id, staff.id, &today.to_string()).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/asks/{id}"));
        }
        Ok(())
    })
    .await
}

/// Asks in one state (`""` for all, `follow_up` for those waiting too long).
#[server(endpoint = "staff/asks/list")]
pub async fn list_asks(#[server(default)] status: String) -> Result<AsksView, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let filter = super::lists::model::AskFilter::parse(&status)?;
        super::lists::service::view(&state()?.db, filter).await
    })
    .await
}

/// One ask, whole.
#[server(endpoint = "staff/asks/get")]
pub async fn get_ask(id: i64) -> Result<AskRecord, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::lists::service::get(&state()?.db, id).await
    })
    .await
}

/// A partner's asks, newest first.
#[server(endpoint = "staff/asks/for_partner")]
pub async fn partner_asks(partner_id: i64) -> Result<Vec<AskSummary>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::lists::service::for_partner(&state()?.db, partner_id).await
    })
    .await
}

/// Sets after how many days an unanswered ask is listed for follow-up.
#[server(endpoint = "admin/asks/save_follow_up")]
pub async fn save_follow_up_days(days: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let days = super::lists::model::parse_follow_up_days(&days)?;
        super::lists::repo::save_follow_up_days(&state()?.db, days).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect("/staff/asks?status=follow_up");
        }
        Ok(())
    })
    .await
}

/// Every ask template.
#[server(endpoint = "staff/asks/templates")]
pub async fn list_templates() -> Result<Vec<TemplateRecord>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::templates::service::all(&state()?.db).await
    })
    .await
}

/// Adds a template (no `id`) or changes one.
#[server(endpoint = "staff/asks/save_template")]
pub async fn save_template(
    #[server(default)] id: Option<i64>,
    #[server(flatten)] form: TemplateForm,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let t = form.parse()?;
        let id = super::templates::service::save(&state()?.db, id, &t).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/asks/templates?saved={id}"));
        }
        Ok(id)
    })
    .await
}

/// An ask as its partner sees it, through the link's token.
#[server(endpoint = "public/asks/view")]
pub async fn view_ask(token: String) -> Result<PartnerAsk, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        super::answers::service::view(&st.db, &token, &st.config.library_name)
            .await?
            .ok_or_else(|| AppError::NotFound("That link".into()))
    })
    .await
}

/// A partner's answer: accept, decline or propose another date, with a note.
#[server(endpoint = "public/asks/answer")]
pub async fn answer_ask(
    token: String,
    #[server(flatten)] form: AnswerForm,
) -> Result<String, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let today = st.clock.today();
        let answer = form.parse(Some(today))?;
        let status = super::answers::service::answer(&st.db, &token, &answer, today).await?;
        leptos_axum::redirect(&format!("/answer/{token}?answered=1"));
        Ok(crate::vocab::Vocab::slug(status).to_string())
    })
    .await
}
