//! Who a voter is, as the database sees it: always a keyed hash, never a card number or code.
//!
//! - browser polls: a random voter id in a signed, HttpOnly cookie;
//! - card polls: the normalised card number, checked against the admin's patterns or imported list;
//! - code polls: the normalised one-time code, which must be one of the poll's codes.
//!
//! Every key is an HMAC under the server's secret, so a copy of the database reveals no card
//! number, and codes cannot be checked offline.

use crate::server::state::{random_hex, AppState};

/// The browser voter cookie's name.
pub const COOKIE: &str = "cp_voter";

/// The settings key of the admin's card-number patterns.
pub const CARD_PATTERN_SETTING: &str = "card_pattern";

/// The settings key that asks card numbers matched by pattern to end in a mod-10 check digit.
pub const CARD_CHECK_DIGIT_SETTING: &str = "card_check_digit";

fn signature(state: &AppState, id: &str) -> String {
    state.key.hash(&format!("voter-cookie:{id}"))[..32].to_string()
}

/// A new browser voter id and the cookie value that carries it.
pub fn new_browser_voter(state: &AppState) -> (String, String) {
    let id = random_hex(16);
    let value = format!("{id}.{}", signature(state, &id));
    (id, value)
}

/// The voter id a cookie value carries, if its signature is ours.
pub fn browser_voter_from_cookie(state: &AppState, value: &str) -> Option<String> {
    let (id, sig) = value.split_once('.')?;
    let ok = id.len() == 32
        && id.bytes().all(|b| b.is_ascii_hexdigit())
        && constant_time_eq(sig.as_bytes(), signature(state, id).as_bytes());
    ok.then(|| id.to_string())
}

/// The voter cookie in a request's headers.
pub fn cookie_value(headers: &axum::http::HeaderMap) -> Option<String> {
    crate::server::cookies::read(headers, COOKIE)
}

/// The `Set-Cookie` value for a browser voter (a year; only this site reads it).
///
/// The widget lives in a frame on the library's own website, another site: a `SameSite=Lax`
/// cookie is never stored there. Its cookie is `SameSite=None; Secure; Partitioned` instead,
/// kept by the browser for this site *inside that website* only (CHIPS), so it tracks nobody
/// across sites. Browsers keep `Secure` cookies over https and on `localhost`/`127.0.0.1`.
pub fn set_cookie(value: &str, secure: bool, embed: bool) -> String {
    if embed {
        return format!(
            "{COOKIE}={value}; Path=/; HttpOnly; SameSite=None; Secure; Partitioned; Max-Age=31536000"
        );
    }
    crate::server::cookies::first_party(COOKIE, value, 31_536_000, secure)
}

/// Gives a browser that opens a poll's page (or widget) without a voter cookie a new one, so
/// its ballot can be told from others'. Ballots never mint voters: see `service::vote`.
pub async fn issue_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path();
    let embed = path.starts_with("/embed/polls/");
    let poll_page = req.method() == axum::http::Method::GET
        && (embed || path.starts_with("/polls/"))
        && !path.ends_with(".csv");
    // Only a poll's page pays for checking the cookie's signature.
    let has_one = !poll_page
        || cookie_value(req.headers())
            .and_then(|v| browser_voter_from_cookie(&state, &v))
            .is_some();
    let https = crate::server::api::is_https_request(&req);
    let mut res = next.run(req).await;
    if poll_page && !has_one && res.status().is_success() {
        let (_, value) = new_browser_voter(&state);
        if let Ok(v) = axum::http::HeaderValue::from_str(&set_cookie(&value, https, embed)) {
            res.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    res
}

/// The ballot key of a browser voter.
pub fn browser_key(state: &AppState, id: &str) -> String {
    format!("b:{}", state.key.hash(&format!("voter:{id}")))
}

/// The stored hash of a (normalised) card number, in ballots and in the imported card list.
pub fn card_hash(state: &AppState, card: &str) -> String {
    state.key.hash(&format!("card:{card}"))
}

/// The ballot key of a card holder.
pub fn card_key(state: &AppState, card: &str) -> String {
    format!("c:{}", card_hash(state, card))
}

/// The stored hash of a (normalised) one-time code.
pub fn code_hash(state: &AppState, code: &str) -> String {
    state.key.hash(&format!("code:{code}"))
}

/// The ballot key of a one-time code.
pub fn code_key(state: &AppState, code: &str) -> String {
    format!("k:{}", code_hash(state, code))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_and_unequal_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
