//! Kept pages and sessions never show a librarian something a write has changed, on one server
//! or, through PostgreSQL's LISTEN/NOTIFY, on several.

use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::both;
use crate::common::TestApp;

fn partner(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_string()),
        ("kind", "local_business".into()),
        ("stage", "active".into()),
        ("offerings[]", "refreshments".into()),
    ]
}

async fn save(app: &TestApp, cookie: &str, form: &[(&'static str, String)]) -> i64 {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .call("/api/staff/partners/save", &form, Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

/// The nonce the CSP header allows, and whether every script in the page carries it.
fn nonce_matches(page: &crate::common::Reply) -> String {
    let csp = page.header("content-security-policy");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a page CSP with a nonce")
        .to_string();
    let scripts = page.body.matches("<script").count();
    let with_nonce = page.body.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(
        scripts > 0 && with_nonce >= scripts,
        "every script carries the CSP nonce"
    );
    nonce
}

/// Asks `app` for `path` until the page contains `text`, for at most two seconds.
async fn eventually(app: &TestApp, path: &str, cookie: &str, text: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        let page = app.get(path, Some(cookie)).await;
        if page.body.contains(text) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

both!(
    a_repeated_page_gets_a_fresh_nonce_and_every_edit_at_once,
    |app| {
        let staff = app.staff().await;
        let id = save(&app, &staff, &partner("Sweet Crumb Bakery")).await;
        let path = "/staff/partners?offering=refreshments";
        let first = app.get(path, Some(&staff)).await;
        let second = app.get(path, Some(&staff)).await;
        assert_eq!(second.status, StatusCode::OK);
        assert!(second.body.contains("Sweet Crumb Bakery"));
        assert_ne!(
            nonce_matches(&first),
            nonce_matches(&second),
            "each response has its own nonce"
        );

        // A change made behind the app's back is not seen until something is written through it:
        // the page really is kept, which is why every write must move the generation.
        sqlx::query("update partners set name = 'Renamed Quietly' where id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert!(app
            .get(path, Some(&staff))
            .await
            .body
            .contains("Sweet Crumb Bakery"));

        let mut form = partner("Crumb & Co.");
        form.push(("id", id.to_string()));
        save(&app, &staff, &form).await;
        let after = app.get(path, Some(&staff)).await;
        assert!(
            after.body.contains("Crumb &amp; Co."),
            "the edit shows at once"
        );
        let detail = app
            .get(&format!("/staff/partners/{id}"), Some(&staff))
            .await;
        assert!(detail.body.contains("Crumb &amp; Co."));

        // Each librarian gets their own copy: the admin's page names the admin.
        let admin = app.admin().await;
        let theirs = app.get(path, Some(&admin)).await;
        assert!(theirs.body.contains("Ada Admin"));
        assert!(!theirs.body.contains("Sam Staff"));
    }
);

both!(a_signed_out_session_opens_nothing_even_when_kept, |app| {
    let staff = app.staff().await;
    assert_eq!(
        app.get("/staff/partners", Some(&staff)).await.status,
        StatusCode::OK
    );
    app.call("/api/public/sign_out", &[], Some(&staff)).await;
    let after = app.get("/staff/partners", Some(&staff)).await;
    assert_eq!(after.status, StatusCode::FOUND);
    assert!(after.header("location").starts_with("/signin"));
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_postgres_servers_stay_in_step() {
    crate::common::within_limit(async {
        let Some(a) = TestApp::postgres_with(|_| {}).await else {
            return;
        };
        let b = a.another_server().await;
        a.in_step_with(&b).await;
        let staff = a.staff().await;
        let id = save(&a, &staff, &partner("Harbor Credit Union")).await;
        assert!(eventually(&b, "/staff/partners", &staff, "Harbor Credit Union").await);
        let detail = format!("/staff/partners/{id}");
        assert!(b
            .get(&detail, Some(&staff))
            .await
            .body
            .contains("Harbor Credit Union"));

        // An edit on server A reaches server B's kept pages.
        let mut form = partner("Harbor Community Credit Union");
        form.push(("id", id.to_string()));
        save(&a, &staff, &form).await;
        assert!(
            eventually(
                &b,
                "/staff/partners",
                &staff,
                "Harbor Community Credit Union"
            )
            .await
        );
        assert!(eventually(&b, &detail, &staff, "Harbor Community Credit Union").await);

        // Signing out on A ends the session on B too.
        a.call("/api/public/sign_out", &[], Some(&staff)).await;
        let start = Instant::now();
        loop {
            let page = b.get("/staff/partners", Some(&staff)).await;
            if page.status == StatusCode::FOUND {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "server B still honours a session signed out on server A"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}
