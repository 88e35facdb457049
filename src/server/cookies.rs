//! Reading and writing cookies: the one place that parses a `Cookie` header.

use axum::http::{header, HeaderMap};

/// The value of the cookie `name` in a request's headers (the first, if sent twice).
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A first-party `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Secure` over https.
/// `max_age_secs` 0 removes the cookie.
pub fn first_party(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many_headers_and_pairs() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; cp_x=two".parse().unwrap());
        h.append(header::COOKIE, "cp_y=3".parse().unwrap());
        assert_eq!(read(&h, "cp_x").as_deref(), Some("two"));
        assert_eq!(read(&h, "cp_y").as_deref(), Some("3"));
        assert_eq!(read(&h, "cp"), None);
    }

    #[test]
    fn first_party_cookies_are_http_only_lax_and_secure_over_https() {
        assert_eq!(
            first_party("n", "v", 60, true),
            "n=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(!first_party("n", "", 0, false).contains("Secure"));
    }
}
