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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn show(d: time::Date) -> String {
    format!(
        "{} {}, {}",
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.day(),
        d.year()
    )
}

/// A date (from seconds since the epoch) like "Mar 14, 2026", the same on server and browser.
pub fn date(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| show(t.date()))
        .unwrap_or_default()
}

/// A moment (seconds since the epoch) like "Mar 14, 2026, 09:05 UTC".
pub fn date_time(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .map(|t| format!("{}, {:02}:{:02} UTC", show(t.date()), t.hour(), t.minute()))
        .unwrap_or_default()
}

/// A `YYYY-MM-DD` date as "Mar 14, 2026" (anything else is shown as it is).
pub fn day(iso: &str) -> String {
    crate::validate::parse_iso_date(iso)
        .map(show)
        .unwrap_or_else(|| iso.to_string())
}

/// A span of `YYYY-MM-DD` days: "Sat, Dec 5, 2026" for one day, "Dec 1, 2026 – Dec 20, 2026"
/// for several.
pub fn day_span(first: &str, last: &str) -> String {
    match crate::validate::parse_iso_date(first) {
        Some(d) if first == last => format!("{}, {}", &weekday_name(d)[..3], show(d)),
        _ => format!("{} – {}", day(first), day(last)),
    }
}

fn weekday_name(d: time::Date) -> &'static str {
    use crate::vocab::{Vocab, Weekday};
    Weekday::ALL[d.weekday().number_days_from_monday() as usize].label()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_well() {
        assert_eq!(date(1_773_446_400), "Mar 14, 2026");
        assert_eq!(day("2026-03-04"), "Mar 4, 2026");
        assert_eq!(day("garbage"), "garbage");
    }
}
