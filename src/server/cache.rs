//! Caches that spare the database and the renderer on repeat requests: live sessions, and the
//! rendered HTML of the pages reloaded most (the partner directory and partner pages, the public
//! calendar and program pages).
//!
//! Both are only ever served while the change generation ([`super::changes`]) is the one they
//! were filled at, so any write — on this server or, through PostgreSQL, on another — empties
//! them. A short age limit covers what time alone changes ("3 days ago", idle sessions).
//! Pages are kept per librarian and per URL, and the CSP nonce is replaced on every response.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::security::page_csp;
use super::state::AppState;
use crate::identity::StaffUser;

/// How long a rendered page may be served before it is rendered again, writes or not.
const PAGE_TTL: Duration = Duration::from_secs(60);
/// How many rendered pages one server keeps.
const PAGE_ENTRIES: usize = 512;
/// Larger pages are not kept.
const PAGE_MAX_BYTES: usize = 512 * 1024;
/// How long a checked session is believed before the database is asked again.
const SESSION_TTL: Duration = Duration::from_secs(30);
/// How many sessions one server keeps.
const SESSION_ENTRIES: usize = 4096;

/// Whether a page's rendered HTML may be kept: the directory and a partner's page, and the
/// public calendar and a program's page (never a patron's own manage page).
pub fn is_cached_page(path: &str) -> bool {
    let numbered = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    path == "/staff/partners"
        || numbered("/staff/partners/")
        || path == "/programs"
        || numbered("/programs/")
}

/// A rendered page, cut where the nonce was so a fresh one can be put in.
struct Page {
    generation: u64,
    stored: Instant,
    headers: HeaderMap,
    pieces: Vec<Bytes>,
}

/// A librarian's checked session.
#[derive(Clone)]
struct Session {
    generation: u64,
    checked: Instant,
    user: StaffUser,
    created_at: i64,
    last_seen_at: i64,
}

/// The caches of one server.
#[derive(Default)]
pub struct Caches {
    pages: Mutex<HashMap<(i64, String), Page>>,
    sessions: Mutex<HashMap<String, Session>>,
}

/// One value a feature reads often and keeps like the pages: until the next write, and for
/// at most [`PAGE_TTL`]. A feature registers one in the state (`AppState::with`) and reads it
/// back by its type.
pub struct Kept<T> {
    slot: Mutex<Option<(u64, Instant, std::sync::Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Kept<T> {
    /// The value read at `generation`, if nothing was written since and it is fresh enough.
    pub fn get(&self, generation: u64) -> Option<std::sync::Arc<T>> {
        let kept = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(g, stored, _)| *g == generation && stored.elapsed() < PAGE_TTL)
            .map(|(_, _, v)| v.clone())
    }

    /// Keeps a value read at `generation` (taken before the reading began, so a write during
    /// it leaves the value stale, not wrong).
    pub fn keep(&self, generation: u64, value: std::sync::Arc<T>) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((generation, Instant::now(), value));
    }
}

/// Removes one of the oldest-stored entries when a map is full.
fn make_room<K: Clone + Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    cap: usize,
    stored: impl Fn(&V) -> Instant,
) {
    if map.len() < cap {
        return;
    }
    if let Some(k) = map
        .iter()
        .min_by_key(|(_, v)| stored(v))
        .map(|(k, _)| k.clone())
    {
        map.remove(&k);
    }
}

impl Caches {
    /// The user a session belongs to, if it was checked recently, nothing has been written
    /// since, and it has not run past its idle or absolute limit.
    pub fn session(
        &self,
        id_hash: &str,
        generation: u64,
        now: i64,
        idle_secs: i64,
        max_secs: i64,
    ) -> Option<StaffUser> {
        let map = self.sessions.lock().ok()?;
        let s = map.get(id_hash)?;
        let fresh = s.generation == generation
            && s.checked.elapsed() < SESSION_TTL
            && now - s.last_seen_at <= idle_secs
            && now - s.created_at <= max_secs;
        fresh.then(|| s.user.clone())
    }

    /// Keeps a session the database just vouched for, as of `generation` (read before the query).
    pub fn keep_session(
        &self,
        id_hash: String,
        generation: u64,
        user: StaffUser,
        created_at: i64,
        last_seen_at: i64,
    ) {
        if let Ok(mut map) = self.sessions.lock() {
            make_room(&mut map, SESSION_ENTRIES, |s| s.checked);
            map.insert(
                id_hash,
                Session {
                    generation,
                    checked: Instant::now(),
                    user,
                    created_at,
                    last_seen_at,
                },
            );
        }
    }

    /// Forgets a session (at sign-out, so not even this server's cache remembers it).
    pub fn forget_session(&self, id_hash: &str) {
        if let Ok(mut map) = self.sessions.lock() {
            map.remove(id_hash);
        }
    }

    fn page(&self, key: &(i64, String), generation: u64, nonce: &str) -> Option<Response> {
        let map = self.pages.lock().ok()?;
        let page = map.get(key)?;
        if page.generation != generation || page.stored.elapsed() >= PAGE_TTL {
            return None;
        }
        let len = page.pieces.iter().map(Bytes::len).sum::<usize>()
            + nonce.len() * page.pieces.len().saturating_sub(1);
        let mut body = Vec::with_capacity(len);
        for (i, piece) in page.pieces.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        let mut res = Response::new(Body::from(body));
        *res.headers_mut() = page.headers.clone();
        if let Ok(v) = HeaderValue::from_str(&page_csp(nonce)) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
        Some(res)
    }

    fn keep_page(&self, key: (i64, String), generation: u64, headers: HeaderMap, body: &Bytes) {
        let Some(nonce) = nonce_of(&headers) else {
            return;
        };
        let pieces = split_at(body, nonce.as_bytes());
        if let Ok(mut map) = self.pages.lock() {
            make_room(&mut map, PAGE_ENTRIES, |p| p.stored);
            map.insert(
                key,
                Page {
                    generation,
                    stored: Instant::now(),
                    headers,
                    pieces,
                },
            );
        }
    }
}

/// The nonce a page's CSP header names.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    let nonce = &csp[start..start + len];
    (nonce.len() >= 16).then(|| nonce.to_string())
}

/// The body cut at every occurrence of `sep` (which is left out).
fn split_at(body: &Bytes, sep: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + sep.len() <= body.len() {
        if &body[i..i + sep.len()] == sep {
            pieces.push(body.slice(start..i));
            i += sep.len();
            start = i;
        } else {
            i += 1;
        }
    }
    pieces.push(body.slice(start..));
    pieces
}

/// Serves kept pages, keeps fresh ones, and moves the change generation after every request
/// that may have written (anything but GET, HEAD, OPTIONS and the read-only functions).
pub async fn pages_and_changes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let (res, wrote) = super::db::noting_writes(next.run(req)).await;
        if wrote {
            state.changes.data_written(&state.db).await;
        }
        return res;
    }
    // A page sent back after a failed form post shows that person's error and what they typed.
    let sent_back = super::drafts::is_sent_back(req.uri());
    if method != Method::GET || !state.config.page_cache || !is_cached_page(&path) || sent_back {
        return next.run(req).await;
    }
    let user = req
        .extensions()
        .get::<StaffUser>()
        .map(|u| u.id)
        .unwrap_or(0);
    let key = (user, req.uri().to_string());
    let generation = state.changes.generation();
    if state.changes.in_step() {
        let nonce = leptos::nonce::Nonce::new().to_string();
        if let Some(res) = state.caches.page(&key, generation, &nonce) {
            return res;
        }
    }
    let res = next.run(req).await;
    let keepable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keepable || !state.changes.in_step() {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, PAGE_MAX_BYTES).await {
        Ok(bytes) => {
            state
                .caches
                .keep_page(key, generation, parts.headers.clone(), &bytes);
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            // Too large to keep, or the renderer failed part-way: nothing sensible to send.
            tracing::error!(error = %e, path, "could not buffer a rendered page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_directory_partner_calendar_and_program_pages_are_kept() {
        assert!(is_cached_page("/staff/partners"));
        assert!(is_cached_page("/staff/partners/12"));
        assert!(is_cached_page("/programs"));
        assert!(is_cached_page("/programs/7"));
        for p in [
            "/programs/manage/abc",
            "/programs/7/ics",
            "/staff/partners/new",
            "/staff/partners/12/edit",
            "/staff/partners/",
            "/",
            "/signin",
        ] {
            assert!(!is_cached_page(p), "{p}");
        }
    }

    #[test]
    fn splitting_at_the_nonce_and_joining_gives_the_page_back() {
        let body = Bytes::from_static(b"<script nonce=\"AAA\">x</script><b nonce=\"AAA\"></b>tail");
        let pieces = split_at(&body, b"AAA");
        assert_eq!(pieces.len(), 3);
        let joined: Vec<u8> = pieces.join(&b"BBBB"[..]);
        assert_eq!(
            joined,
            b"<script nonce=\"BBBB\">x</script><b nonce=\"BBBB\"></b>tail".to_vec()
        );
        assert_eq!(split_at(&Bytes::from_static(b"plain"), b"AAA").len(), 1);
    }

    #[test]
    fn the_nonce_is_read_from_the_csp() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&page_csp("abcdefghijklmnopqrstuv")).unwrap(),
        );
        assert_eq!(nonce_of(&h).as_deref(), Some("abcdefghijklmnopqrstuv"));
        assert_eq!(nonce_of(&HeaderMap::new()), None);
    }

    fn user() -> StaffUser {
        StaffUser {
            id: 1,
            email: "a@b.example".into(),
            name: "A".into(),
            role: crate::identity::Role::Staff,
        }
    }

    #[test]
    fn a_kept_session_lasts_only_while_nothing_is_written_and_within_its_limits() {
        let c = Caches::default();
        c.keep_session("h".into(), 5, user(), 1_000, 1_000);
        assert!(c.session("h", 5, 1_100, 3_600, 86_400).is_some());
        assert!(c.session("h", 6, 1_100, 3_600, 86_400).is_none(), "a write");
        assert!(c.session("h", 5, 5_000, 3_600, 86_400).is_none(), "idle");
        assert!(c.session("h", 5, 1_100, 3_600, 50).is_none(), "too old");
        c.forget_session("h");
        assert!(
            c.session("h", 5, 1_100, 3_600, 86_400).is_none(),
            "signed out"
        );
    }

    #[test]
    fn full_maps_drop_their_oldest_entry() {
        let c = Caches::default();
        for i in 0..SESSION_ENTRIES + 10 {
            c.keep_session(format!("h{i}"), 1, user(), 0, 0);
        }
        let map = c.sessions.lock().unwrap();
        assert_eq!(map.len(), SESSION_ENTRIES);
        assert!(map.contains_key(&format!("h{}", SESSION_ENTRIES + 9)));
        assert!(!map.contains_key("h0"));
    }
}
