//! The axum router: the middleware every request passes, around the pages, server functions,
//! feature routes and static files the app brings (see [`Site`]).

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::trace::TraceLayer;

use super::assets::Assets;

use super::security::{
    error_status, guard_api, identify, limit_body, refuse_cross_site, security_headers, staff_pages,
};
use super::state::AppState;

/// What the app brings to the floor's router: its pages (the route list and the HTML shell
/// they render in), the plain routes its features serve (feeds, CSV files, live streams), and
/// middleware a feature puts around every answer (inside the guards, outside the page cache).
pub struct Site<IV> {
    pub pages: Vec<AxumRouteListing>,
    pub shell: fn(LeptosOptions) -> IV,
    pub routes: Router<AppState>,
    pub around: fn(Router<AppState>, &AppState) -> Router<AppState>,
}

/// Builds the whole application: the site's pages and routes inside the floor's middleware.
pub fn router<IV: IntoView + 'static>(state: AppState, site: Site<IV>) -> Router {
    let Site {
        pages,
        shell,
        routes,
        around,
    } = site;
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let options = state.leptos_options.clone();
    let not_found =
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    let assets = Assets::new(state.leptos_options.site_root.to_string());
    let app = Router::new()
        .route("/healthz", get(healthz))
        .merge(routes)
        .leptos_routes_with_context(&state, pages, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(move |state: State<AppState>, req: Request| {
            file_or_not_found(state, req, assets.clone(), not_found.clone())
        })
        .layer(middleware::from_fn(super::drafts::keep_typed))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::cache::pages_and_changes,
        ));
    around(app, &state)
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
        // Pages, server-function answers, feeds and CSV files go out compressed when the
        // browser accepts it; live-result streams do not (the default rule leaves out event
        // streams, images and anything under 32 bytes), nor files sent precompressed. Level 4
        // is brotli's and gzip's quick setting: most of the saving for little of the time.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::debug_span!(
                "request",
                method = %req.method(),
                path = %super::security::loggable_path(req.uri().path()),
            )
        }))
        .with_state(state)
}

/// Routes that send an old address to where its page lives now (a permanent redirect, so
/// bookmarks keep working), keeping the rest of the path and the query.
pub fn moved(from: &'static str, to: &'static str) -> Router<AppState> {
    let send = move |uri: axum::http::Uri| async move {
        axum::response::Redirect::permanent(&moved_to(from, to, &uri))
    };
    Router::new()
        .route(from, get(send))
        .route(&format!("{from}/{{*rest}}"), get(send))
}

/// Where a request for an old address goes: `/partners/7?q=a` under `/partners` →
/// `/staff/partners` becomes `/staff/partners/7?q=a`.
fn moved_to(from: &str, to: &str, uri: &axum::http::Uri) -> String {
    let rest = uri.path().strip_prefix(from).unwrap_or("");
    match uri.query() {
        Some(q) => format!("{to}{rest}?{q}"),
        None => format!("{to}{rest}"),
    }
}

/// Serves a file of the built site (see [`Assets`]), or else the app's "page not found".
///
/// Files are served here rather than by leptos_axum's handler: that one reads response headers
/// from a reactive owner that can belong to a page rendering at the same moment on the same
/// thread, so a file could take that page's headers (its Content-Security-Policy among them).
async fn file_or_not_found<F, Fut>(
    State(state): State<AppState>,
    req: Request,
    assets: Assets,
    not_found: F,
) -> Response
where
    F: FnOnce(axum::http::Uri, State<AppState>, Request) -> Fut,
    Fut: std::future::Future<Output = Response>,
{
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        if let Some(res) = assets.serve(&req).await {
            return res;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_address_keeps_its_rest_and_query() {
        let to = |u: &str| moved_to("/partners", "/staff/partners", &u.parse().unwrap());
        assert_eq!(to("/partners"), "/staff/partners");
        assert_eq!(to("/partners/7/edit"), "/staff/partners/7/edit");
        assert_eq!(
            to("/partners?stage=active&q=a%20b"),
            "/staff/partners?stage=active&q=a%20b"
        );
    }
}
