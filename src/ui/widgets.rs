//! Small shared views: loading and empty states, errors, dates, pagination.

use leptos::prelude::*;

use crate::error::AppError;

/// A polite "loading" placeholder.
#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{label}</p> }
}

/// What a list shows when it has nothing in it.
#[component]
pub fn Empty(children: Children) -> impl IntoView {
    view! { <div class="empty">{children()}</div> }
}

/// A failed load, said plainly.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let signin = matches!(error, AppError::Unauthorized);
    // A page that shows "not found" is one, for browsers and crawlers too.
    #[cfg(feature = "ssr")]
    if matches!(error, AppError::NotFound(_)) {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <div class="notice error" role="alert">
            <p>{error.to_string()}</p>
            {signin.then(|| view! { <p><a href="/signin">"Sign in"</a></p> })}
        </div>
    }
}

/// Previous / next page links that keep the current filters.
#[component]
pub fn Pager(page: i64, pages: i64, href: Callback<i64, String>) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(page > 1).then(|| view! { <a rel="prev" href=href.run(page - 1)>"← Previous"</a> })}
                <span aria-current="page">{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a rel="next" href=href.run(page + 1)>"Next →"</a> })}
            </nav>
        }
    })
}
