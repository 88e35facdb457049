//! The composition root: the one module that names every feature and hands the floor
//! (`server/`) what it needs from them. `server/` defines the slots — feature parts of the
//! state, plain routes, middleware around the pages, framing origins, background jobs — and
//! never imports a feature; this module fills them. `main.rs`, the tests and the benchmarks
//! build a server through it.

use std::time::Duration;

use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing};

use crate::app::{shell, App};
use crate::error::AppError;
use crate::server::config::Config;
use crate::server::router::{self, Site};
use crate::server::security::Framing;
use crate::server::startup::every;
use crate::server::state::AppState;

/// The state with every feature's part registered. Starts no task (see [`start_workers`]).
pub async fn state(config: Config) -> Result<AppState, String> {
    crate::mail::worker::check(&config)?;
    let state = AppState::new(config).await?;
    Ok(state
        .with(crate::polls::writer::BallotWriter::new())
        .with(crate::polls::live::LiveResults::default())
        .with(crate::matching::candidates::service::KeptCandidates::default())
        .with(Framing(Box::new(|db| {
            Box::pin(async move {
                crate::polls::repo::embed_origins(&db)
                    .await
                    .unwrap_or_default()
            })
        }))))
}

/// Starts what a serving app runs beside its requests: the change listener (PostgreSQL), the
/// ballot writer and the outbox worker. One-off commands never call it.
pub fn start_workers(state: &AppState) -> Result<(), String> {
    state.start_listener();
    state
        .features
        .get::<crate::polls::writer::BallotWriter>()
        .map_err(|e| e.to_string())?
        .spawn(state.db.clone(), state.changes.clone());
    crate::mail::worker::spawn_worker(&state.mailer, state.db.clone(), &state.config)
}

/// Starts the periodic jobs of a serving app: housekeeping every ten minutes (expired sessions,
/// old rate-limit events, and once a day every partnership's health) and program reminders
/// every minute (a conditional write sends each once, even with several app servers).
pub fn start_jobs(state: &AppState) {
    every(
        state.clone(),
        Duration::from_secs(600),
        "housekeeping",
        |st| async move {
            crate::server::sessions::prune(&st).await?;
            crate::health::repo::refresh_daily(&st.db).await
        },
    );
    every(
        state.clone(),
        Duration::from_secs(60),
        "program reminders",
        |st| async move {
            let site = crate::programs::letters::service::Site::of(&st);
            let lead = st.config.reminder_hours.max(0) * 3600;
            let n = crate::programs::letters::service::send_reminders(&st.db, &site, lead).await?;
            if n > 0 {
                tracing::info!(reminders = n, "program reminders queued");
                st.mailer.wake();
            }
            Ok::<(), AppError>(())
        },
    );
}

/// The app's page routes, worked out once per process.
///
/// Working them out runs the app with resource loading switched off for the whole process
/// (leptos_server's `SuppressResourceLoad`, an `AtomicBool`), and a resource first polled in that
/// window waits forever (leptos issue 4773). A deployment builds one router before it serves, but
/// tests and benchmarks build a router per server while other servers in the same process render
/// pages: those pages hung. Once per process, before any router exists, nothing can be rendering.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every page route's path as the router knows it (`/programs/:id`), for tests that must reach
/// every page.
pub fn page_paths() -> Vec<String> {
    page_routes().iter().map(|r| r.path().to_string()).collect()
}

/// Staff pages that lived outside `/staff` before the URL scheme had one rule; their old
/// addresses redirect.
const MOVED: &[(&str, &str)] = &[
    ("/partners", "/staff/partners"),
    ("/signups", "/staff/signups"),
    ("/account", "/staff/account"),
];

/// The whole application: every feature's pages and routes inside the floor's middleware.
pub fn router(state: AppState) -> Router {
    let site = Site {
        pages: page_routes(),
        shell,
        routes: MOVED.iter().fold(
            Router::new()
                .merge(crate::polls::routes::router())
                .merge(crate::programs::routes::router()),
            |r, (from, to)| r.merge(router::moved(from, to)),
        ),
        around: |app, state| {
            app.layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::polls::voter::issue_cookie,
            ))
        },
    };
    router::router(state, site)
}
