//! The public doors under abuse: inputs that used to crash the server, redirects to other
//! sites, writes from sibling sites, and what a shared PC or a proxy may keep.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::both;
use crate::common::{ADMIN_EMAIL, ADMIN_PASSWORD};

/// A reply that is an answer: no 5xx, and a body.
fn answered(r: &crate::common::Reply, what: &str) {
    assert!(r.status.as_u16() < 500, "{what}: {} {}", r.status, r.body);
}

both!(far_dates_get_an_answer_not_a_crash, |app| {
    // These overflowed the calendar's arithmetic and closed the connection with no answer.
    for path in [
        "/programs?from=9999-01-01",
        "/programs?from=9999-12-31&to=9999-12-31",
        "/programs?view=month&month=9999-12",
        "/flyer?month=9999-12",
        "/flyer?month=0000-01",
        "/programs?from=-001-01-01",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }
    let r = app
        .call("/api/public/programs/list", &[("from", "9999-01-01")], None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .call("/api/public/flyer", &[("month", "9999-12")], None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Choose a month like"), "{}", r.body);

    // Staff forms: a date far out is a field error with a plain message.
    let admin = app.admin().await;
    let branch = app
        .call(
            "/api/admin/branches/save",
            &[("name", "Central Library")],
            Some(&admin),
        )
        .await
        .body;
    let room = app
        .call(
            "/api/admin/rooms/add",
            &[
                ("branch", &branch),
                ("name", "Story Room"),
                ("capacity", "30"),
            ],
            Some(&admin),
        )
        .await
        .body;
    let program = |day: &'static str, until: &'static str| {
        let (room, admin) = (room.clone(), admin.clone());
        let app = &app;
        async move {
            let mut form = vec![
                ("title", "Storytime"),
                ("audiences[]", "families"),
                ("room", room.as_str()),
                ("day", day),
                ("starts", "10:30"),
                ("ends", "11:15"),
                ("capacity", "25"),
                ("registration", "required"),
                ("party_limit", "4"),
            ];
            if !until.is_empty() {
                form.extend([("repeat_days[]", "sat"), ("repeat_until", until)]);
            }
            app.call("/api/staff/programs/create", &form, Some(&admin))
                .await
        }
    };
    let r = program("9999-12-31", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.error().fields().unwrap().get("day"),
        Some("Enter a date between 1900 and 2199.")
    );
    // 2199-12-28 is a Saturday; a series to the end of the calendar.
    let r = program("2199-12-28", "9999-12-31").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.error().fields().unwrap().get("repeat_until").is_some());

    let r = app
        .call(
            "/api/staff/needs/save",
            &[
                ("title", "Refreshments"),
                ("offering", "refreshments"),
                ("branch_id", &branch),
                ("starts_on", "2026-12-05"),
                ("ends_on", "9999-12-31"),
            ],
            Some(&admin),
        )
        .await;
    answered(&r, "a need ending in 9999");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.error().fields().unwrap().get("ends_on").is_some());
});

both!(sign_in_never_sends_a_librarian_to_another_site, |app| {
    app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    // The browser drops the tab and reads `//evil.example`: another site.
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "https://evil.example",
    ] {
        let r = app
            .form_post(
                "/api/public/sign_in",
                &[
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                    ("next", next),
                ],
                "http://localhost/signin",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::FOUND, "{next:?}: {}", r.body);
        assert_eq!(r.header("location"), "/staff", "{next:?}");
    }
    let r = app
        .form_post(
            "/api/public/sign_in",
            &[
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
                ("next", "/partners?q=bake"),
            ],
            "http://localhost/signin",
            None,
        )
        .await;
    assert_eq!(r.header("location"), "/partners?q=bake");
});

both!(a_sibling_site_cannot_write, |app| {
    let post = |site: &'static str| {
        Request::post("/api/public/join")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header("sec-fetch-site", site)
            .body(Body::from("name=Purl+%26+Loop&email=owner%40purl.example"))
            .unwrap()
    };
    let r = app.send(post("same-site")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.send(post("cross-site")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.send(post("same-origin")).await;
    assert_ne!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
});

both!(what_a_librarian_sees_is_never_stored, |app| {
    let admin = app.admin().await;
    for path in [
        "/staff",
        "/partners",
        "/staff/programs",
        "/admin/staff",
        "/account",
    ] {
        let r = app.get(path, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
    }
    let r = app.call("/api/staff/home/summary", &[], Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("cache-control"), "no-store");
    // A public page a librarian opens is answered to the session too.
    let r = app.get("/programs", Some(&admin)).await;
    assert_eq!(r.header("cache-control"), "no-store");
    // Strangers' public pages may be cached as before; no HSTS without https.
    let r = app.get("/programs", None).await;
    assert_ne!(r.header("cache-control"), "no-store");
    assert!(r.header("strict-transport-security").is_empty());
    // A stranger at a staff page is sent to sign in, and that answer is not kept either.
    let r = app.get("/partners", None).await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.header("cache-control"), "no-store");
});
