//! Signing in and out, sessions, rate limits and staff accounts.

use axum::http::StatusCode;
use commonplace::auth::service::SIGN_IN_FAILED;
use commonplace::error::AppError;

use crate::both;
use crate::common::{ADMIN_EMAIL, ADMIN_PASSWORD};

both!(sign_in_sets_a_safe_cookie_and_rotates_it, |app| {
    app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let r = app
        .call(
            "/api/public/sign_in",
            &[
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
                ("next", "/staff/partners"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let set = r.header("set-cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "plain http here");
    assert_eq!(r.header("location"), "/staff/partners");
    let first = r.session_cookie().unwrap();
    let me = app.call("/api/public/me", &[], Some(&first)).await;
    assert!(me.body.contains(ADMIN_EMAIL), "{}", me.body);

    // Signing in again with the old cookie gives a new id and ends the old session.
    let again = app
        .call(
            "/api/public/sign_in",
            &[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)],
            Some(&first),
        )
        .await;
    let second = again.session_cookie().unwrap();
    assert_ne!(first, second);
    assert_eq!(
        app.call("/api/public/me", &[], Some(&first)).await.body,
        "null"
    );
    assert!(app
        .call("/api/public/me", &[], Some(&second))
        .await
        .body
        .contains(ADMIN_EMAIL));

    // Signing out deletes the session on the server, not just the cookie.
    let out = app.call("/api/public/sign_out", &[], Some(&second)).await;
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(
        app.call("/api/public/me", &[], Some(&second)).await.body,
        "null"
    );
    assert_eq!(app.scalar("select count(*) from sessions").await, 0);
});

both!(
    secure_cookie_behind_an_https_proxy,
    |c| {
        c.trusted_proxies = "127.0.0.1/32".into();
    },
    |app| {
        app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        let sign_in = |peer: &str| {
            let mut req = axum::http::Request::post("/api/public/sign_in")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-forwarded-proto", "https")
                .body(axum::body::Body::from(crate::common::encode_form(&[
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                ])))
                .unwrap();
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
                    peer.parse().unwrap(),
                ));
            req
        };
        let r = app.send(sign_in("127.0.0.1:50000")).await;
        assert!(
            r.header("set-cookie").contains("; Secure"),
            "{}",
            r.header("set-cookie")
        );
        assert!(
            r.header("strict-transport-security").contains("max-age="),
            "HSTS over https"
        );
        // Anyone else saying "https" is not believed.
        let r = app.send(sign_in("198.51.100.7:50000")).await;
        assert!(r.status.is_success(), "{}", r.body);
        assert!(!r.header("set-cookie").contains("; Secure"));
        assert!(r.header("strict-transport-security").is_empty());
    }
);

both!(failed_sign_ins_look_alike_and_are_rate_limited, |app| {
    // Waits are in whole seconds: the clock moves only when the test moves it.
    app.state.clock.stop();
    app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
    let wrong_password = app
        .call(
            "/api/public/sign_in",
            &[("email", ADMIN_EMAIL), ("password", "not it at all")],
            None,
        )
        .await;
    let unknown = app
        .call(
            "/api/public/sign_in",
            &[
                ("email", "nobody@library.example"),
                ("password", "not it at all"),
            ],
            None,
        )
        .await;
    assert_eq!(wrong_password.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong_password.error(),
        AppError::BadRequest(SIGN_IN_FAILED.into())
    );
    assert_eq!(unknown.error(), wrong_password.error());
    assert!(wrong_password.session_cookie().is_none());
    for _ in 0..4 {
        app.call(
            "/api/public/sign_in",
            &[("email", ADMIN_EMAIL), ("password", "still wrong")],
            None,
        )
        .await;
    }
    // Five failures for this account: even the right password waits now, but only a while.
    let blocked = app
        .call(
            "/api/public/sign_in",
            &[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(blocked.error(), AppError::TooManyRequests(ref m) if m.contains("Please wait a second")),
        "{}",
        blocked.body
    );
    app.state.clock.advance(2);
    app.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
});

/// A sign-in from a given client address.
async fn sign_in_from(app: &crate::common::TestApp, peer: &str, password: &str) -> StatusCode {
    let mut req = axum::http::Request::post("/api/public/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(axum::body::Body::from(crate::common::encode_form(&[
            ("email", ADMIN_EMAIL),
            ("password", password),
        ])))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            format!("{peer}:50000").parse().unwrap(),
        ));
    app.send(req).await.status
}

both!(
    a_burst_of_guesses_gets_few_and_cannot_lock_the_admin_out,
    |app| {
        // Waits are in whole seconds: the clock moves only when the test moves it.
        app.state.clock.stop();
        app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        let app = std::sync::Arc::new(app);
        // Forty guesses at once from a stranger.
        let mut guesses = Vec::new();
        for i in 0..40 {
            let app = app.clone();
            guesses.push(tokio::spawn(async move {
                sign_in_from(&app, "198.51.100.7", &format!("guess number {i}")).await
            }));
        }
        let mut checked = 0;
        for g in guesses {
            match g.await.unwrap() {
                StatusCode::BAD_REQUEST => checked += 1,
                StatusCode::TOO_MANY_REQUESTS => {}
                other => panic!("unexpected {other}"),
            }
        }
        // Each attempt is counted before its password is checked: five free, then one a
        // second (and the clock stands still here).
        assert_eq!(checked, 5, "{checked} of 40 guesses were checked");
        // The admin, elsewhere, waits at most a minute and is then let in.
        assert_eq!(
            sign_in_from(&app, "203.0.113.9", ADMIN_PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        app.state.clock.advance(61);
        assert_eq!(
            sign_in_from(&app, "203.0.113.9", ADMIN_PASSWORD).await,
            StatusCode::OK
        );
        // A branch's librarians share one address: signing in again and again never waits.
        for _ in 0..30 {
            assert_eq!(
                sign_in_from(&app, "203.0.113.9", ADMIN_PASSWORD).await,
                StatusCode::OK
            );
        }
    }
);

both!(
    idle_sessions_expire,
    |c| {
        c.session_idle_minutes = 0;
    },
    |app| {
        app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        let cookie = app.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(
            app.call("/api/public/me", &[], Some(&cookie)).await.body,
            "null"
        );
        assert_eq!(
            app.call("/api/staff/home/summary", &[], Some(&cookie))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(admins_manage_staff_accounts, |app| {
    let admin = app.admin().await;
    let bad = app
        .call(
            "/api/admin/staff/create",
            &[
                ("email", "x"),
                ("name", ""),
                ("role", "staff"),
                ("password", "short"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = bad.error().fields().cloned().unwrap();
    assert!(
        fields.get("email").is_some()
            && fields.get("name").is_some()
            && fields.get("password").is_some()
    );

    let ok = app
        .call(
            "/api/admin/staff/create",
            &[
                ("email", "Lee@Library.example"),
                ("name", "Lee Park"),
                ("role", "staff"),
                ("password", "a brand new passphrase"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let dup = app
        .call(
            "/api/admin/staff/create",
            &[
                ("email", "lee@library.example"),
                ("name", "Lee Again"),
                ("role", "staff"),
                ("password", "a brand new passphrase"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(
        dup.error().fields().unwrap().get("email"),
        Some("An account with this e-mail already exists.")
    );

    let lee = app
        .sign_in("lee@library.example", "a brand new passphrase")
        .await;
    let id = app
        .scalar("select id from users where email = 'lee@library.example'")
        .await
        .to_string();
    // Staff cannot reach admin functions.
    assert_eq!(
        app.call("/api/admin/staff/list", &[], Some(&lee))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Reset: the old password stops working and Lee is signed out everywhere.
    let reset = app
        .call(
            "/api/admin/staff/reset_password",
            &[("id", &id), ("password", "the reset passphrase")],
            Some(&admin),
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(
        app.call("/api/public/me", &[], Some(&lee)).await.body,
        "null"
    );
    let lee = app
        .sign_in("lee@library.example", "the reset passphrase")
        .await;

    // Deactivate: sessions end and sign-in fails with the generic message.
    let off = app
        .call(
            "/api/admin/staff/set_active",
            &[("id", &id), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(
        app.call("/api/public/me", &[], Some(&lee)).await.body,
        "null"
    );
    let refused = app
        .call(
            "/api/public/sign_in",
            &[
                ("email", "lee@library.example"),
                ("password", "the reset passphrase"),
            ],
            None,
        )
        .await;
    assert_eq!(refused.error(), AppError::BadRequest(SIGN_IN_FAILED.into()));

    // An admin cannot lock themselves out.
    let me = app
        .scalar(&format!(
            "select id from users where email = '{ADMIN_EMAIL}'"
        ))
        .await
        .to_string();
    let selfie = app
        .call(
            "/api/admin/staff/set_active",
            &[("id", &me), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(selfie.status, StatusCode::CONFLICT);
});

both!(librarians_change_their_own_password, |app| {
    let staff = app.staff().await;
    let wrong = app
        .call(
            "/api/staff/account/change_password",
            &[
                ("current", "nope"),
                ("new_password", "short"),
                ("confirm", "other"),
            ],
            Some(&staff),
        )
        .await;
    let f = wrong.error().fields().cloned().unwrap();
    assert!(
        f.get("current").is_some() && f.get("new_password").is_some() && f.get("confirm").is_some()
    );
    let ok = app
        .call(
            "/api/staff/account/change_password",
            &[
                ("current", "another fine passphrase"),
                ("new_password", "a changed passphrase"),
                ("confirm", "a changed passphrase"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    app.sign_in("sam@library.example", "a changed passphrase")
        .await;
});
