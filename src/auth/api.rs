//! Server functions for signing in and managing staff accounts.

use leptos::prelude::*;

use super::model::{StaffAccount, StaffUser};
use crate::error::AppError;

/// The signed-in librarian, if any.
#[server(endpoint = "public/me")]
pub async fn me() -> Result<Option<StaffUser>, AppError> {
    use crate::server::api::*;
    respond(current_staff()).await
}

/// Signs a librarian in and goes to `next` (a path on this site).
#[server(endpoint = "public/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use super::{model::safe_next, service};
    use crate::server::api::*;
    use crate::server::sessions as session;
    respond(async move {
        let state = state()?;
        let parts = parts()?;
        let user_id = service::authenticate(&state, &email, &password, &client_addr()).await?;
        let token = session::start(&state, user_id, session::token(&parts.headers)).await?;
        let secure = is_https(&parts);
        let cookie = session::cookie(&token, state.config.session_max_hours * 3600, secure);
        set_cookie(&cookie)?;
        leptos_axum::redirect(&safe_next(&next));
        Ok(())
    })
    .await
}

/// Signs out: the session is deleted on the server and the cookie cleared.
#[server(endpoint = "public/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::api::*;
    use crate::server::sessions as session;
    respond(async move {
        let state = state()?;
        let parts = parts()?;
        if let Some(token) = session::token(&parts.headers) {
            session::end(&state, &token).await?;
        }
        set_cookie(&session::clear_cookie(is_https(&parts)))?;
        leptos_axum::redirect("/signin?signed_out=1");
        Ok(())
    })
    .await
}

/// Changes the signed-in librarian's own password.
#[server(endpoint = "staff/account/change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let user = require_staff().await?;
        let state = state()?;
        super::service::change_own_password(&state, &user, &current, &new_password, &confirm)
            .await?;
        leptos_axum::redirect("/signin?changed=1");
        Ok(())
    })
    .await
}

/// Every staff account.
#[server(endpoint = "admin/staff/list")]
pub async fn list_staff() -> Result<Vec<StaffAccount>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        super::repo::list(&state()?.db).await
    })
    .await
}

/// Creates a staff account with an initial password the admin passes on.
#[server(endpoint = "admin/staff/create")]
pub async fn create_staff(
    email: String,
    name: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        super::service::create_account(&state()?, &email, &name, &role, &password).await?;
        Ok(())
    })
    .await
}

/// Deactivates (`active = "false"`) or reactivates an account.
#[server(endpoint = "admin/staff/set_active")]
pub async fn set_staff_active(id: i64, active: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let admin = require_admin().await?;
        super::service::set_active(&state()?, &admin, id, active == "true").await?;
        Ok(())
    })
    .await
}

/// Gives an account a new password chosen by the admin.
#[server(endpoint = "admin/staff/reset_password")]
pub async fn reset_staff_password(id: i64, password: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        super::service::reset_password(&state()?, id, &password).await?;
        Ok(())
    })
    .await
}
