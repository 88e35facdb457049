//! Helpers every server function uses: state, status codes, the client address and the guards.

use axum::http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::state::AppState;
use crate::error::AppError;
use crate::identity::StaffUser;

/// The client's address as the server sees it (or as a trusted proxy says).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// Whether the request came over HTTPS (as a trusted proxy says).
#[derive(Clone, Copy, Debug)]
pub struct ViaHttps(pub bool);

/// Whether the request came over HTTPS, from its head.
pub fn is_https(parts: &Parts) -> bool {
    parts.extensions.get::<ViaHttps>().is_some_and(|h| h.0)
}

/// Whether a request (in a middleware) came over HTTPS.
pub fn is_https_request<B>(req: &http::Request<B>) -> bool {
    req.extensions().get::<ViaHttps>().is_some_and(|h| h.0)
}

/// The application state, from the request's context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The request's head.
pub fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the server function context");
        AppError::Internal
    })
}

/// Whether the request is a plain HTML form post (no JavaScript), which is answered with a
/// redirect rather than a status code.
pub fn is_form_post(parts: &Parts) -> bool {
    parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Runs a server function body and gives its error the matching HTTP status.
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(e) = &result {
        if let (Some(res), Some(parts)) = (use_context::<ResponseOptions>(), use_context::<Parts>())
        {
            if !is_form_post(&parts) {
                res.set_status(
                    http::StatusCode::from_u16(e.status())
                        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                );
            }
        }
    }
    result
}

/// The client's address, for rate limits.
pub fn client_addr() -> String {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientAddr>().cloned())
        .map(|a| a.0)
        .unwrap_or_else(|| "unknown".into())
}

/// The signed-in staff member, or 401.
pub async fn require_staff() -> Result<StaffUser, AppError> {
    let parts = parts()?;
    if let Some(user) = parts.extensions.get::<StaffUser>() {
        return Ok(user.clone());
    }
    let state = state()?;
    crate::server::sessions::from_headers(&state, &parts.headers)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// The signed-in admin: 401 when anonymous, 403 for staff.
pub async fn require_admin() -> Result<StaffUser, AppError> {
    let user = require_staff().await?;
    if user.role == crate::identity::Role::Admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in staff member, if any (for pages that show more to staff).
pub async fn current_staff() -> Result<Option<StaffUser>, AppError> {
    match require_staff().await {
        Ok(u) => Ok(Some(u)),
        Err(AppError::Unauthorized) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) -> Result<(), AppError> {
    let res = use_context::<ResponseOptions>().ok_or(AppError::Internal)?;
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    res.append_header(http::header::SET_COOKIE, value);
    Ok(())
}
