//! Request guards and response headers: who may call what, cross-site refusal, CSP.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::{ClientAddr, ViaHttps};
use super::state::AppState;
use crate::error::AppError;
use crate::identity::{Role, StaffUser};

/// The origins that may frame the `/embed/` pages, as the feature that keeps them reads them
/// (registered in the state; with none registered, nobody may frame them).
pub struct Framing(pub FramingOrigins);

/// Reads the framing origins from the database.
pub type FramingOrigins =
    Box<dyn Fn(super::db::Db) -> futures::future::BoxFuture<'static, Vec<String>> + Send + Sync>;

/// Who may call a server function, decided by its URL alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `/api/public/...`: anyone (sign-in, the join form, the current user).
    Public,
    /// `/api/staff/...`: any signed-in librarian.
    Staff,
    /// `/api/admin/...`: admins only.
    Admin,
    /// Anything else under `/api/`: refused, so a function with no prefix cannot be reached.
    Unknown,
}

/// The access rule for an `/api/` path (`None` for paths outside the API).
pub fn api_access(path: &str) -> Option<Access> {
    let rest = path.strip_prefix("/api/")?;
    Some(if rest.starts_with("public/") {
        Access::Public
    } else if rest.starts_with("staff/") {
        Access::Staff
    } else if rest.starts_with("admin/") {
        Access::Admin
    } else {
        Access::Unknown
    })
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The error as the server-function client decodes it, or a page for a plain form post.
fn refuse(err: AppError, headers: &HeaderMap) -> Response {
    if wants_html(headers) && err == AppError::Unauthorized {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/signin")]).into_response();
    }
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&err).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Works out the client address and the signed-in librarian (if any) once per request.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let headers = req.headers();
    let addr = match peer {
        Some(peer) => {
            let hops: Vec<&str> = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            state.proxies.client(peer, &hops).to_string()
        }
        None => "unknown".into(),
    };
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok());
    let https = state.proxies.https(peer, proto);
    req.extensions_mut().insert(ClientAddr(addr));
    req.extensions_mut().insert(ViaHttps(https));

    let path = req.uri().path();
    // Static files need no session; staff downloads (CSV) do.
    let is_asset = path.starts_with("/pkg/") || (path.contains('.') && !is_staff_page(path));
    // What a librarian sees stays out of every cache (a branch's shared PC, a proxy): staff
    // pages, staff and admin API answers, CSV exports, and anything answered to a session.
    let mut private =
        is_staff_page(path) || matches!(api_access(path), Some(Access::Staff | Access::Admin));
    if !is_asset {
        match crate::server::sessions::from_headers(&state, req.headers()).await {
            Ok(Some(user)) => {
                private = true;
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(_) => return refuse(AppError::Internal, req.headers()),
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Refuses server-function calls the caller may not make, before their input is even read.
pub async fn guard_api(req: Request, next: Next) -> Response {
    if let Some(access) = api_access(req.uri().path()) {
        let user = req.extensions().get::<StaffUser>();
        let refused = match access {
            Access::Public => None,
            Access::Staff if user.is_none() => Some(AppError::Unauthorized),
            Access::Staff => None,
            Access::Admin => match user {
                None => Some(AppError::Unauthorized),
                Some(u) if u.role != Role::Admin => Some(AppError::Forbidden),
                Some(_) => None,
            },
            Access::Unknown => Some(AppError::NotFound("That API function".into())),
        };
        if let Some(err) = refused {
            return refuse(err, req.headers());
        }
    }
    next.run(req).await
}

/// Gives a server function's error the status it stands for. An error raised before the
/// function's body runs (a form or JSON body that cannot be read into its arguments) leaves
/// the server-function layer as a 500; read back, it is a 400 with its message.
pub async fn error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether only librarians may open a path: the URL scheme puts every staff page under
/// `/staff` and every admin page under `/admin` (see `crate::url::who_may_open`); anyone else
/// is sent to sign in first.
pub fn is_staff_page(path: &str) -> bool {
    crate::url::who_may_open(path) != crate::url::Who::Anyone
}

/// Sends a stranger who opens a staff page to the sign-in page, which brings them back after.
/// Deciding this before rendering keeps it a real redirect, with or without JavaScript.
pub async fn staff_pages(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if is_staff_page(path) && req.extensions().get::<StaffUser>().is_none() {
        let here = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or(path);
        let location = format!("/signin?next={}", crate::url::encode(here));
        return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
    }
    next.run(req).await
}

/// A request's path as logs may keep it: the secret in a patron's manage link or a partner's
/// answer link is replaced, and the query (which may carry `next=` and other typed text) left
/// out. Session tokens travel in cookies, which are never logged.
pub fn loggable_path(path: &str) -> String {
    for secret in ["/programs/manage/", "/answer/"] {
        if let Some(rest) = path.strip_prefix(secret) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{secret}[token]{tail}");
        }
    }
    path.to_string()
}

/// Whether a request's own headers say it was sent by a page of another site.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `same-site` includes a sibling subdomain (another app, a user's page) of the library's
        // domain: only this origin itself, or the user typing the address, is trusted.
        return !(site == "same-origin" || site == "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split("://").nth(1).unwrap_or_default();
    origin == "null" || origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

/// Refuses state-changing requests that another site's page sent (cross-site request forgery).
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        return refuse(AppError::Forbidden, req.headers());
    }
    next.run(req).await
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP header with the nonce of this render (call inside the shell).
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&page_csp(&nonce)),
    ) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Only these may be framed, and only by the origins an admin lists.
pub fn is_embed(path: &str) -> bool {
    path.starts_with("/embed/")
}

/// A CSP whose `frame-ancestors` lets the given origins (or nobody) frame the page.
pub fn with_frame_ancestors(csp: &str, origins: &[String]) -> String {
    let allowed = if origins.is_empty() {
        "'none'".to_string()
    } else {
        origins.join(" ")
    };
    csp.replace(
        "frame-ancestors 'none'",
        &format!("frame-ancestors {allowed}"),
    )
}

/// Headers every response carries; pages set their own CSP (with a nonce) first.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let embed = is_embed(req.uri().path());
    let mut res = next.run(req).await;
    if embed {
        // The widget may be framed by the library's own sites; no X-Frame-Options (it cannot
        // list origins), and the CSP names them.
        let origins = match state.features.get::<Framing>() {
            Ok(framing) => (framing.0)(state.db.clone()).await,
            Err(_) => Vec::new(),
        };
        let csp = res
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .map(|v| with_frame_ancestors(v, &origins));
        if let Some(v) = csp.and_then(|c| HeaderValue::from_str(&c).ok()) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    let h = res.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if !embed {
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    }
    if !h.contains_key("content-security-policy") {
        h.insert(
            "content-security-policy",
            HeaderValue::from_static(
                "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        );
    }
    res
}

/// Refuses request bodies over the configured size with a 413 and a message a person can act
/// on, whether or not the client announced the length; smaller bodies pass on unchanged.
pub async fn limit_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config.body_limit_kb * 1024;
    let too_large = || {
        let body =
            Body::from("The form sent too much data. Shorten the longest fields and try again.");
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            body,
        )
            .into_response()
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > limit) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    let wait = std::time::Duration::from_secs(state.config.body_timeout_secs);
    let read = http_body_util::BodyExt::collect(http_body_util::Limited::new(body, limit));
    let Ok(read) = tokio::time::timeout(wait, read).await else {
        tracing::info!("a request body took too long to arrive");
        return (
            StatusCode::REQUEST_TIMEOUT,
            [(header::CONNECTION, "close")],
            "The form took too long to arrive. Check the connection and send it again.",
        )
            .into_response();
    };
    match read {
        Ok(collected) => {
            next.run(Request::from_parts(parts, Body::from(collected.to_bytes())))
                .await
        }
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            too_large()
        }
        Err(e) => {
            tracing::info!(error = %e, "could not read a request body");
            (StatusCode::BAD_REQUEST, "The request could not be read.").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_origins_may_frame_the_widget() {
        let csp = page_csp("n0nce");
        assert!(with_frame_ancestors(&csp, &[]).contains("frame-ancestors 'none'"));
        let allowed = with_frame_ancestors(&csp, &["https://www.library.example".into()]);
        assert!(allowed.contains("frame-ancestors https://www.library.example"));
        assert!(!allowed.contains("frame-ancestors 'none'"));
        assert!(is_embed("/embed/polls/x") && !is_embed("/polls/x"));
    }

    #[test]
    fn api_paths_map_to_access() {
        assert_eq!(api_access("/api/public/join"), Some(Access::Public));
        assert_eq!(api_access("/api/staff/partners/save"), Some(Access::Staff));
        assert_eq!(api_access("/api/admin/staff/create"), Some(Access::Admin));
        assert_eq!(api_access("/api/partners"), Some(Access::Unknown));
        assert_eq!(api_access("/staff/partners"), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn staff_pages_are_recognised() {
        for p in [
            "/staff",
            "/staff/partners",
            "/staff/partners/7/edit",
            "/admin/staff",
            "/staff/account",
            "/staff/signups",
        ] {
            assert!(is_staff_page(p), "{p}");
        }
        for p in [
            "/",
            "/join",
            "/join/thanks",
            "/signin",
            "/partners",
            "/partnership",
            "/staffing",
            "/pkg/x.js",
        ] {
            assert!(!is_staff_page(p), "{p}");
        }
    }

    #[test]
    fn cross_site_detection() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[(
            "sec-fetch-site",
            "anything-else"
        )])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "library.example")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://library.example"),
            ("host", "library.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "library.example")
        ])));
        assert!(!is_cross_site(&headers(&[("host", "library.example")])));
    }

    #[test]
    fn logs_never_hold_a_link_secret() {
        assert_eq!(
            loggable_path("/programs/manage/4f1c9e0a77b2"),
            "/programs/manage/[token]"
        );
        assert_eq!(loggable_path("/answer/deadbeef/x"), "/answer/[token]/x");
        assert_eq!(loggable_path("/programs/12"), "/programs/12");
    }

    #[test]
    fn page_policy_has_the_required_parts() {
        let p = page_csp("abc");
        for part in [
            "'wasm-unsafe-eval'",
            "'nonce-abc'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(p.contains(part), "{part}");
        }
    }
}
