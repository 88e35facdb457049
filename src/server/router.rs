//! The axum router: pages, server functions, static files and the middleware around them.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use super::security::{
    error_status, guard_api, identify, limit_body, refuse_cross_site, security_headers, staff_pages,
};
use super::state::AppState;
use crate::app::{shell, App};

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

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let routes = page_routes();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let options = state.leptos_options.clone();
    let not_found =
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/polls/{slug}/live", get(crate::polls::routes::live))
        .route(
            "/staff/polls/{id}/results.csv",
            get(crate::polls::routes::results_csv),
        )
        .route(
            "/staff/polls/{id}/ballots.csv",
            get(crate::polls::routes::ballots_csv),
        )
        .route("/programs.ics", get(crate::programs::calendar::ics::feed))
        .route(
            "/programs/{id}/ics",
            get(crate::programs::calendar::ics::one),
        )
        .route(
            "/staff/programs/{id}/roster.csv",
            get(crate::programs::routes::roster_csv),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(move |state: State<AppState>, req: Request| {
            file_or_not_found(state, req, not_found.clone())
        })
        .layer(middleware::from_fn(super::drafts::keep_typed))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::cache::pages_and_changes,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::polls::voter::issue_cookie,
        ))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn(guard_api))
        .layer(middleware::from_fn(staff_pages))
        .layer(middleware::from_fn_with_state(state.clone(), identify))
        .layer(middleware::from_fn(refuse_cross_site))
        .layer(middleware::from_fn_with_state(state.clone(), limit_body))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::debug_span!(
                "request",
                method = %req.method(),
                path = %super::security::loggable_path(req.uri().path()),
            )
        }))
        .with_state(state)
}

/// Serves a file of the built site (the wasm, JS and CSS under `/pkg`, the files copied from
/// `public/`), or else the app's "page not found".
///
/// Files are served here rather than by leptos_axum's handler: that one reads response headers
/// from a reactive owner that can belong to a page rendering at the same moment on the same
/// thread, so a file could take that page's headers (its Content-Security-Policy among them).
async fn file_or_not_found<F, Fut>(
    State(state): State<AppState>,
    req: Request,
    not_found: F,
) -> Response
where
    F: FnOnce(axum::http::Uri, State<AppState>, Request) -> Fut,
    Fut: std::future::Future<Output = Response>,
{
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut probe = Request::builder()
            .method(req.method().clone())
            .uri(req.uri().clone());
        for (name, value) in req.headers() {
            probe = probe.header(name, value);
        }
        if let Ok(probe) = probe.body(Body::empty()) {
            let root = state.leptos_options.site_root.to_string();
            let Ok(res) = ServeDir::new(root).oneshot(probe).await;
            if res.status() != StatusCode::NOT_FOUND {
                return res.into_response();
            }
        }
    }
    let uri = req.uri().clone();
    not_found(uri, State(state), req).await
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
