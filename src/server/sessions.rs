//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
//!
//! Part of the floor: every guard and every staff server function needs to know who is asking.
//! Signing in (checking a password) is the `auth` feature's; it calls [`start`] and [`end`].

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::identity::{Role, StaffUser};
use crate::server::state::{hex, random_hex, AppState};

/// The session cookie's name.
pub const COOKIE: &str = "cp_session";

/// Only a hash of the token is stored, so a copy of the database signs nobody in.
fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The session token in a request's cookies.
pub fn token(headers: &HeaderMap) -> Option<String> {
    crate::server::cookies::read(headers, COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The librarian a request's cookie signs in, if the session is live.
pub async fn from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<StaffUser>, AppError> {
    let Some(token) = token(headers) else {
        return Ok(None);
    };
    let id_hash = token_hash(&token);
    let now = state.clock.now();
    let idle = state.config.session_idle_minutes * 60;
    let max = state.config.session_max_hours * 3600;
    let generation = state.changes.generation();
    if state.changes.in_step() {
        if let Some(user) = state.caches.session(&id_hash, generation, now, idle, max) {
            return Ok(Some(user));
        }
    }
    /// A live session and its account.
    #[derive(sqlx::FromRow)]
    struct SessionRow {
        id: i64,
        email: String,
        name: String,
        role: String,
        created_at: i64,
        last_seen_at: i64,
    }
    let row: Option<SessionRow> = sqlx::query_as(
        "select u.id, u.email, u.name, u.role, s.created_at, s.last_seen_at \
         from sessions s join users u on u.id = s.user_id where s.id_hash = $1 and u.active = 1",
    )
    .bind(&id_hash)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(SessionRow {
        id,
        email,
        name,
        role,
        created_at: created,
        last_seen_at: seen,
    }) = row
    else {
        return Ok(None);
    };
    if now - seen > idle || now - created > max {
        sqlx::query("delete from sessions where id_hash = $1")
            .bind(&id_hash)
            .execute(&state.db.pool)
            .await?;
        return Ok(None);
    }
    let mut seen = seen;
    if now - seen > 60 {
        sqlx::query("update sessions set last_seen_at = $1 where id_hash = $2")
            .bind(now)
            .bind(&id_hash)
            .execute(&state.db.pool)
            .await?;
        seen = now;
    }
    let role = Role::from_slug(&role).unwrap_or(Role::Staff);
    let user = StaffUser {
        id,
        email,
        name,
        role,
    };
    state
        .caches
        .keep_session(id_hash, generation, user.clone(), created, seen);
    Ok(Some(user))
}

/// Starts a session for a user, ending the one the request carried (a fresh id at every sign-in).
pub async fn start(
    state: &AppState,
    user_id: i64,
    previous: Option<String>,
) -> Result<String, AppError> {
    let token = random_hex(32);
    let mut tx = state.db.begin().await?;
    let ended = match previous {
        Some(prev) => {
            let id_hash = token_hash(&prev);
            sqlx::query("delete from sessions where id_hash = $1")
                .bind(&id_hash)
                .execute(&mut *tx)
                .await?;
            Some(id_hash)
        }
        None => None,
    };
    let now = state.clock.now();
    sqlx::query(
        "insert into sessions (id_hash, user_id, created_at, last_seen_at) values ($1, $2, $3, $3)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if let Some(id_hash) = ended {
        // The ended session is forgotten here at once, and by other servers through the
        // change notice the noted write sends.
        state.caches.forget_session(&id_hash);
        crate::server::db::wrote();
    }
    Ok(token)
}

/// Ends a session.
pub async fn end(state: &AppState, token: &str) -> Result<(), AppError> {
    let id_hash = token_hash(token);
    state.caches.forget_session(&id_hash);
    sqlx::query("delete from sessions where id_hash = $1")
        .bind(&id_hash)
        .execute(&state.db.pool)
        .await?;
    // Other servers forget their copy of the session too.
    crate::server::db::wrote();
    Ok(())
}

/// The `Set-Cookie` value that carries a new session.
pub fn cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    crate::server::cookies::first_party(COOKIE, token, max_age_secs, secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    cookie("", 0, secure)
}

/// Removes expired sessions and old rate-limit events; run now and then.
pub async fn prune(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    sqlx::query("delete from sessions where last_seen_at < $1 or created_at < $2")
        .bind(now - state.config.session_idle_minutes * 60)
        .bind(now - state.config.session_max_hours * 3600)
        .execute(&state.db.pool)
        .await?;
    sqlx::query("delete from rate_events where at < $1")
        .bind(now - 86_400)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;
    use axum::http::HeaderValue;

    #[test]
    fn cookie_attributes() {
        let c = cookie("ab", 60, true);
        assert_eq!(
            c,
            "cp_session=ab; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(!cookie("ab", 60, false).contains("Secure"));
    }

    #[test]
    fn reads_only_well_formed_tokens() {
        let good = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE}={good}")).unwrap(),
        );
        assert_eq!(token(&h), Some(good));
        h.insert(header::COOKIE, HeaderValue::from_static("cp_session=short"));
        assert_eq!(token(&h), None);
    }
}
