//! Server functions for polls: thin wrappers over [`super::service`] and [`super::repo`].

use leptos::prelude::*;

use super::ballot::{VoteForm, Voted};
use super::form::PollForm;
use super::poll::{PollSummary, PollView};
use crate::error::AppError;

/// What a librarian sees of one poll.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaffPoll {
    pub view: PollView,
    /// One-time codes `(issued, used)`, for code polls.
    pub codes: (i64, i64),
}

/// Poll settings as an admin sees them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PollSettings {
    /// Card-number patterns, one per line.
    pub pattern: String,
    /// Whether a card matched by pattern must also end in a mod-10 check digit.
    pub check_digit: bool,
    /// How many cards the imported list holds.
    pub listed: i64,
    /// Origins allowed to frame the poll widget, one per line.
    pub embed_origins: String,
}

#[cfg(feature = "ssr")]
async fn visitor() -> Result<super::service::Visitor, AppError> {
    use crate::server::api::*;
    let parts = parts()?;
    Ok(super::service::Visitor {
        addr: client_addr(),
        voter_cookie: super::voter::cookie_value(&parts.headers),
        is_staff: current_staff().await?.is_some(),
    })
}

/// A poll's page for the visitor asking: results only when the poll's rule allows.
#[server(endpoint = "public/polls/view")]
pub async fn load_poll(slug: String) -> Result<PollView, AppError> {
    use crate::server::api::*;
    respond(async move { super::service::view(&state()?, &slug, &visitor().await?).await }).await
}

/// Casts or changes a ballot. A plain form post comes back to the poll's page.
#[server(endpoint = "public/polls/vote")]
pub async fn vote(#[server(flatten)] form: VoteForm) -> Result<Voted, AppError> {
    use crate::server::api::*;
    respond(async move {
        let state = state()?;
        let parts = parts()?;
        let result = super::service::vote(&state, &form, &visitor().await?).await?;
        if is_form_post(&parts) {
            let base = if form.embed == "1" {
                "/embed/polls"
            } else {
                "/polls"
            };
            let what = match result.voted {
                Voted::Counted => "counted",
                Voted::Changed => "changed",
            };
            leptos_axum::redirect(&format!("{base}/{}?voted={what}", result.poll.slug));
        }
        Ok(result.voted)
    })
    .await
}

/// Every poll, newest first.
#[server(endpoint = "staff/polls/list")]
pub async fn list_polls() -> Result<Vec<PollSummary>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::list(&state()?.db).await
    })
    .await
}

/// Creates a poll; a plain form post then opens its staff page.
#[server(endpoint = "staff/polls/create")]
pub async fn create_poll(#[server(flatten)] form: PollForm) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let id = super::service::create(&state()?, staff.id, &form).await?;
        leptos_axum::redirect(&format!("/staff/polls/{id}"));
        Ok(id)
    })
    .await
}

/// One poll with its results, whatever its visibility rule.
#[server(endpoint = "staff/polls/get")]
pub async fn load_staff_poll(id: i64) -> Result<StaffPoll, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::staff_view(&state()?, id, &visitor().await?).await
    })
    .await
}

/// The polls patrons can answer now, and those closed lately with their results.
#[server(endpoint = "public/polls/list")]
pub async fn public_polls() -> Result<super::rules::PublicPolls, AppError> {
    use crate::server::api::*;
    respond(async move { super::service::public_list(&state()?).await }).await
}

/// A poll as its edit page needs it: the form filled in, and how many have voted.
#[server(endpoint = "staff/polls/editor")]
pub async fn poll_editor(id: i64) -> Result<super::edit::PollEditor, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::editor(&state()?, id).await
    })
    .await
}

/// Saves a poll's edit (`scope` "wording" once people have voted), then opens its staff page.
#[server(endpoint = "staff/polls/save")]
pub async fn save_poll(
    id: i64,
    #[server(default)] scope: String,
    #[server(flatten)] form: PollForm,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::save(&state()?, id, scope == "wording", &form).await?;
        leptos_axum::redirect(&format!("/staff/polls/{id}"));
        Ok(())
    })
    .await
}

/// Deletes a poll nobody has voted in, then opens the list of polls.
#[server(endpoint = "staff/polls/delete")]
pub async fn delete_poll(id: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::edit::confirmed_delete(&confirm)?;
        super::repo::delete(&state()?.db, id).await?;
        leptos_axum::redirect("/staff/polls?deleted=1");
        Ok(())
    })
    .await
}

/// Closes a poll now.
#[server(endpoint = "staff/polls/close")]
pub async fn close_poll(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::close(&state()?, id).await
    })
    .await
}

/// Makes one-time codes for a code poll; they are shown once, to print.
#[server(endpoint = "staff/polls/codes")]
pub async fn make_codes(id: i64, count: String) -> Result<Vec<String>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::make_codes(&state()?, id, &count).await
    })
    .await
}

/// The poll settings in force.
#[server(endpoint = "admin/polls/settings")]
pub async fn load_poll_settings() -> Result<PollSettings, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        super::service::settings(&state()?).await
    })
    .await
}

/// Saves the card patterns, the list of valid cards (when one is pasted) and the origins that
/// may frame the poll widget, all at once. Returns how many cards the list holds.
#[server(endpoint = "admin/polls/save_settings")]
pub async fn save_poll_settings(
    pattern: String,
    #[server(default)] check_digit: Option<String>,
    cards: String,
    embed_origins: String,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let cards = (!cards.trim().is_empty()).then_some(cards.as_str());
        let check_digit = check_digit.is_some_and(|v| !v.is_empty());
        let listed =
            super::service::save_settings(&state()?, &pattern, check_digit, cards, &embed_origins)
                .await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/admin/polls?saved={listed}"));
        }
        Ok(listed)
    })
    .await
}
