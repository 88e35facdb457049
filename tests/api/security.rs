//! The guards every request passes: who may call what, cross-site refusal, headers, limits.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::both;

/// Server functions anyone may call, on purpose. A new public function must be added here.
const PUBLIC: &[&str] = &[
    "/api/public/me",
    "/api/public/sign_in",
    "/api/public/sign_out",
    "/api/public/join",
    "/api/public/polls/list",
    "/api/public/polls/view",
    "/api/public/polls/vote",
    "/api/public/asks/view",
    "/api/public/asks/answer",
    "/api/public/sponsors",
    "/api/public/flyer",
    "/api/public/programs/list",
    "/api/public/programs/detail",
    "/api/public/programs/register",
    "/api/public/programs/resend",
    "/api/public/programs/registration",
    "/api/public/programs/cancel_registration",
    "/api/public/programs/change_party",
];

both!(every_server_function_is_guarded, |app| {
    let paths = crate::common::server_functions();
    assert!(
        paths.len() >= 15,
        "server functions were registered: {paths:?}"
    );
    let staff = app.staff().await;
    for path in &paths {
        let anonymous = app.call(path, &[], None).await;
        if PUBLIC.contains(&path.as_str()) {
            assert!(path.starts_with("/api/public/"), "{path}");
            assert_ne!(
                anonymous.status,
                StatusCode::UNAUTHORIZED,
                "{path} is public"
            );
        } else if path.starts_with("/api/staff/") {
            assert_eq!(
                anonymous.status,
                StatusCode::UNAUTHORIZED,
                "{path} must refuse anonymous callers"
            );
            let as_staff = app.call(path, &[], Some(&staff)).await;
            assert!(
                ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&as_staff.status),
                "{path}: staff may call it"
            );
        } else if path.starts_with("/api/admin/") {
            assert_eq!(
                anonymous.status,
                StatusCode::UNAUTHORIZED,
                "{path} must refuse anonymous callers"
            );
            let as_staff = app.call(path, &[], Some(&staff)).await;
            assert_eq!(
                as_staff.status,
                StatusCode::FORBIDDEN,
                "{path} must refuse staff"
            );
        } else {
            panic!(
                "{path} has no access prefix (public/, staff/ or admin/) and would be unreachable"
            );
        }
    }
    // A path under /api/ that is not a registered function, with no prefix, is refused.
    assert_eq!(
        app.call("/api/partners/delete_all", &[], Some(&staff))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
});

both!(cross_site_posts_are_refused, |app| {
    let form = [("org_name", "Evil Co")];
    let forged = Request::post("/api/public/join")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "library.example")
        .body(Body::from(crate::common::encode_form(&form)))
        .unwrap();
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
    let fetch = Request::post("/api/public/join")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(crate::common::encode_form(&form)))
        .unwrap();
    assert_eq!(app.send(fetch).await.status, StatusCode::FORBIDDEN);
    // Nothing was stored by either.
    assert_eq!(app.scalar("select count(*) from signups").await, 0);
    // The same post from the site itself goes through (and is answered with field errors).
    let own = app
        .form_post("/api/public/join", &form, "http://localhost/join", None)
        .await;
    assert_eq!(own.status, StatusCode::FOUND);
    assert!(
        own.header("location").starts_with("http://localhost/join?"),
        "{}",
        own.header("location")
    );
});

both!(pages_carry_security_headers, |app| {
    let page = app.get("/join", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.header("content-security-policy");
    for part in [
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "CSP lacks {part}: {csp}");
    }
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce in the CSP");
    assert!(nonce.len() >= 16, "nonce {nonce}");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the CSP nonce"
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert!(!page.header("referrer-policy").is_empty());
    // A second page gets a different nonce.
    let again = app
        .get("/join", None)
        .await
        .header("content-security-policy");
    assert_ne!(again, csp);
    // API responses carry the headers too.
    let api = app.call("/api/public/me", &[], None).await;
    assert_eq!(api.header("x-content-type-options"), "nosniff");
    assert!(api
        .header("content-security-policy")
        .contains("frame-ancestors 'none'"));
});

both!(unknown_pages_are_404, |app| {
    let r = app.get("/no/such/page", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("We could not find that page"));
});

both!(health_check_answers, |app| {
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
});

both!(oversize_bodies_get_a_clear_413, |app| {
    let big = "x".repeat(300 * 1024);
    let r = app
        .call("/api/public/join", &[("message", &big)], None)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("too much data"), "{}", r.body);
    // Announced up front, as browsers do, it is refused before it is read.
    let body = crate::common::encode_form(&[("message", &big)]);
    let announced = Request::post("/api/public/join")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    assert_eq!(
        app.send(announced).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A body under the limit is read normally (and answered with field errors).
    let fits = app
        .call(
            "/api/public/join",
            &[("message", &"y".repeat(200 * 1024))],
            None,
        )
        .await;
    assert_eq!(fits.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar("select count(*) from signups").await, 0);
});

both!(staff_pages_send_strangers_to_sign_in, |app| {
    let r = app.get("/staff/partners", None).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    assert_eq!(r.header("location"), "/signin?next=%2Fstaff%2Fpartners");
});

// Built from the site map: every declared page, with its parameters filled in. A page declared
// for librarians sends a stranger to sign in; a public page never does (it answers, or says
// "not found" for a made-up id or token).
both!(every_declared_page_is_guarded_as_declared, |app| {
    use commonplace::site::{pages, Who};
    let declared = pages();
    assert!(declared.len() > 30, "{}", declared.len());
    for page in &declared {
        let path: String = page
            .path
            .split('/')
            .map(|s| if s.starts_with(':') { "1" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        let r = app.get(&path, None).await;
        match page.who {
            Who::Staff | Who::Admin => {
                assert_eq!(r.status, StatusCode::FOUND, "{path} let a stranger in");
                assert!(
                    r.header("location").starts_with("/signin?next="),
                    "{path}: {}",
                    r.header("location")
                );
            }
            Who::Anyone => assert!(
                [StatusCode::OK, StatusCode::NOT_FOUND].contains(&r.status),
                "{path} is public but answered {}",
                r.status
            ),
        }
    }
    // The router serves exactly the declared pages (it writes `:id` as `{id}`).
    let mut routed = commonplace::wiring::page_paths();
    let mut listed: Vec<String> = declared
        .iter()
        .map(|p| {
            p.path
                .split('/')
                .map(|s| match s.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None => s.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    routed.sort();
    listed.sort();
    assert_eq!(routed, listed);
});

// Staff pages that lived outside /staff before the URL scheme had one rule: old bookmarks
// still arrive, path and query kept.
both!(old_staff_addresses_redirect, |app| {
    for (old, new) in [
        ("/partners", "/staff/partners"),
        ("/partners/7/edit?x=1", "/staff/partners/7/edit?x=1"),
        ("/signups?status=approved", "/staff/signups?status=approved"),
        ("/account", "/staff/account"),
    ] {
        let r = app.get(old, None).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT, "{old}");
        assert_eq!(r.header("location"), new, "{old}");
    }
});

/// A site root with one stylesheet, for the static-file tests.
fn site_root() -> String {
    let dir = std::env::temp_dir().join(format!("cp_site_{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/site.css"), "body { color: black }").unwrap();
    dir.display().to_string()
}

// A file answered while a page is rendering on the same thread keeps its own headers, and the
// page keeps its own. (leptos_axum's file handler read response headers through the thread's
// current reactive owner: it took a rendering page's headers, and the page went out with no
// usable Content-Security-Policy.)
both!(
    files_never_take_a_rendering_page_s_headers,
    |c| {
        c.site_root = site_root();
    },
    |app| {
        use leptos::prelude::{provide_context, Owner};
        let page = Owner::new();
        page.set();
        let options = leptos_axum::ResponseOptions::default();
        options.insert_header(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static("default-src 'self'; the page's own"),
        );
        provide_context(options.clone());
        let file = app.get("/pkg/site.css", None).await;
        page.unset();
        assert_eq!(file.status, StatusCode::OK);
        assert!(
            file.header("content-security-policy")
                .starts_with("default-src 'none'"),
            "{}",
            file.header("content-security-policy")
        );
        assert!(
            options
                .0
                .read()
                .unwrap()
                .headers
                .contains_key(axum::http::header::CONTENT_SECURITY_POLICY),
            "the page keeps its policy"
        );
    }
);

// Starting a server never stalls a page another server in the same process is rendering
// (working out the routes switches resource loading off process-wide: leptos issue 4773).
both!(pages_render_while_other_servers_start, |app| {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    let starting = AtomicBool::new(true);
    let render = |n: usize| {
        let app = &app;
        let starting = &starting;
        async move {
            let mut i = 0;
            while starting.load(Ordering::Relaxed) {
                i += 1;
                // An unknown manage link: not a kept page, and its resource asks the database.
                let path = format!("/programs/manage/unknown{n}x{i}");
                let page = tokio::time::timeout(Duration::from_secs(10), app.get(&path, None))
                    .await
                    .unwrap_or_else(|_| panic!("{path} never finished rendering"));
                assert!(
                    page.body.contains("This link"),
                    "{path}: {} {}",
                    page.status,
                    page.body
                );
            }
            i
        }
    };
    let starts = async {
        for _ in 0..12 {
            let other = crate::common::TestApp::sqlite_with(|_| {}).await;
            drop(other);
        }
        starting.store(false, Ordering::Relaxed);
    };
    let (_, a, b, c) = tokio::join!(starts, render(1), render(2), render(3));
    assert!(a + b + c > 12, "pages rendered while the servers started");
});
