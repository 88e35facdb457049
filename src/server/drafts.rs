//! Keeps what was typed into a form that failed without JavaScript (see `ui::draft`).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::Response;

use super::api::is_https_request;
use super::cookies;
use crate::ui::draft::{self, COOKIE};

/// How long a draft waits for the page it belongs to (the browser follows the redirect at once).
const DRAFT_SECONDS: i64 = 120;

/// Whether a page address is one a failed plain form post sent the browser back to: leptos_axum
/// adds the error as `__err=…`.
pub fn is_sent_back(uri: &Uri) -> bool {
    uri.query()
        .is_some_and(|q| q.split('&').any(|p| p.starts_with("__err=")))
}

/// The page a failed plain form post sends the browser back to (`Location: …?__err=…`).
fn sent_back_to(res: &Response) -> Option<String> {
    if !res.status().is_redirection() {
        return None;
    }
    let location = res.headers().get(header::LOCATION)?.to_str().ok()?;
    let uri: Uri = location.parse().ok()?;
    is_sent_back(&uri).then(|| uri.path().to_string())
}

fn is_plain_form(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// On a plain form post that fails, keeps the posted fields in a cookie for the page the browser
/// is sent back to; on that page's render, hands them to the fields, and removes the cookie.
pub async fn keep_typed(req: Request, next: Next) -> Response {
    let secure = is_https_request(&req);
    if req.method() == Method::POST && req.uri().path().starts_with("/api/") && is_plain_form(&req)
    {
        let (parts, body) = req.into_parts();
        // `limit_body` has already read (and bounded) the body: this takes no time.
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return next.run(Request::from_parts(parts, Body::empty())).await;
        };
        let mut res = next
            .run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await;
        if let Some(page) = sent_back_to(&res) {
            let value = draft::encode(&page, &bytes);
            set(
                &mut res,
                &cookies::first_party(COOKIE, &value, DRAFT_SECONDS, secure),
            );
        }
        return res;
    }
    let Some(value) = cookies::read(req.headers(), COOKIE) else {
        return next.run(req).await;
    };
    let mut req = req;
    let failed = is_sent_back(req.uri());
    if let Some(d) = draft::decode(&value).filter(|d| failed && d.page == req.uri().path()) {
        req.extensions_mut().insert(d);
    }
    let mut res = next.run(req).await;
    set(&mut res, &cookies::first_party(COOKIE, "", 0, secure));
    res
}

fn set(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}
