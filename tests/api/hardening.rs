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
                ("next", "/staff/partners?q=bake"),
            ],
            "http://localhost/signin",
            None,
        )
        .await;
    assert_eq!(r.header("location"), "/staff/partners?q=bake");
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
        "/staff/partners",
        "/staff/programs",
        "/admin/staff",
        "/staff/account",
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
    let r = app.get("/staff/partners", None).await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.header("cache-control"), "no-store");
});

/// A server-function call from a given client address (the socket's peer).
async fn call_from(
    app: &crate::common::TestApp,
    peer: &str,
    path: &str,
    form: &[(&str, &str)],
) -> crate::common::Reply {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(crate::common::encode_form(form)))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            format!("{peer}:40000").parse().unwrap(),
        ));
    app.send(req).await
}

/// A published program with 200 seats, as the admin schedules it.
async fn big_program(app: &crate::common::TestApp) -> String {
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
            &[("branch", &branch), ("name", "Hall"), ("capacity", "500")],
            Some(&admin),
        )
        .await
        .body;
    let day = (crate::common::today() + time::Duration::days(5)).to_string();
    let r = app
        .call(
            "/api/staff/programs/create",
            &[
                ("title", "Family movie night"),
                ("audiences[]", "families"),
                ("room", &room),
                ("day", &day),
                ("starts", "18:00"),
                ("ends", "20:00"),
                ("capacity", "200"),
                ("registration", "required"),
                ("party_limit", "8"),
                ("publish", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

both!(
    one_client_cannot_book_out_a_program,
    |c| {
        c.bookings_per_hour = 5;
    },
    |app| {
        let id = big_program(&app).await;
        let register = |peer: &'static str, n: usize| {
            let id = id.clone();
            let app = &app;
            async move {
                let email = format!("family{n}@invented.example");
                call_from(
                    app,
                    peer,
                    "/api/public/programs/register",
                    &[
                        ("program", &id),
                        ("name", "A Family"),
                        ("email", &email),
                        ("party_size", "8"),
                    ],
                )
                .await
            }
        };
        // A burst from one client: its hour's share, then a clear refusal.
        for n in 0..5 {
            let r = register("198.51.100.7", n).await;
            assert_eq!(r.status, StatusCode::OK, "{n}: {}", r.body);
        }
        let r = register("198.51.100.7", 5).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(r.body.contains("call the library"), "{}", r.body);
        // Its resends and cancellations count too.
        let r = call_from(
            &app,
            "198.51.100.7",
            "/api/public/programs/resend",
            &[("program", &id), ("address", "family0@invented.example")],
        )
        .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        // Another patron, elsewhere, is not held up.
        let r = register("203.0.113.50", 6).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            app.scalar("select count(*) from registrations").await,
            6,
            "five from the burst and the other patron's"
        );
        // A bot that fills the hidden field is thanked and books nothing.
        let r = call_from(
            &app,
            "203.0.113.51",
            "/api/public/programs/register",
            &[
                ("program", &id),
                ("name", "Bot"),
                ("email", "bot@invented.example"),
                ("party_size", "8"),
                ("fax_number", "555-0100"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(app.scalar("select count(*) from registrations").await, 6);
    }
);

both!(
    no_one_learns_who_is_booked_or_floods_their_inbox,
    |c| {
        c.links_per_day = 2;
    },
    |app| {
        let id = big_program(&app).await;
        let form = |email: &'static str| {
            vec![
                ("program", id.clone()),
                ("name", "Rosa".to_string()),
                ("email", email.to_string()),
                ("party_size", "2".to_string()),
            ]
        };
        let send = |f: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call("/api/public/programs/register", &pairs, None)
                    .await
            }
        };
        let r = send(form("rosa@patron.example")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // A stranger tries Rosa's address: the answer is the one the "send my link" form gives
        // anyone, and no seat is taken.
        let r = send(form("rosa@patron.example")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.error().fields().unwrap().get("email"),
            Some(commonplace::programs::booking::model::MAYBE_REGISTERED)
        );
        assert!(!r.body.contains("This e-mail address is already registered"));
        assert_eq!(
            app.scalar("select cast(sum(party_size) as bigint) from registrations")
                .await,
            2
        );
        // Resends for a booked and an unknown address answer alike.
        let resend = |address: &'static str| {
            let (app, id) = (&app, id.clone());
            async move {
                app.call(
                    "/api/public/programs/resend",
                    &[("program", &id), ("address", address)],
                    None,
                )
                .await
            }
        };
        let known = resend("rosa@patron.example").await;
        let unknown = resend("nobody@patron.example").await;
        assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
        for _ in 0..3 {
            resend("rosa@patron.example").await;
        }
        // Rosa got her confirmation and two links; the rest waits in the outbox for staff.
        let count = |state: &'static str| {
            let app = &app;
            async move {
                app.scalar(&format!(
                    "select count(*) from outbox where to_address = 'rosa@patron.example' \
                     and topic = 'registration link' and state = '{state}'"
                ))
                .await
            }
        };
        assert_eq!(count("withheld").await, 3);
        assert_eq!(
            app.scalar(
                "select count(*) from outbox where to_address = 'rosa@patron.example' and state <> 'withheld'"
            )
            .await,
            3,
            "the confirmation and two links"
        );
        let staff = app.staff().await;
        let page = app.get("/staff/outbox?state=withheld", Some(&staff)).await;
        assert!(page.body.contains("Withheld"), "{}", page.body);
        let withheld: i64 = app
            .scalar("select min(id) from outbox where state = 'withheld'")
            .await;
        let page = app
            .get(&format!("/staff/outbox/{withheld}"), Some(&staff))
            .await;
        assert!(page.body.contains("Send it anyway"), "{}", page.body);
        assert!(page
            .body
            .contains("registration links in the last 24 hours"));
    }
);

both!(junk_posts_do_not_empty_the_caches, |app| {
    let staff = app.staff().await;
    let program = big_program(&app).await;
    let generation = || app.state.changes.generation();
    // On PostgreSQL the sign-in's own change notice comes back a moment later: wait until the
    // generation has stood still for half a second.
    let mut before = generation();
    let mut still = std::time::Instant::now();
    let started = std::time::Instant::now();
    while still.elapsed() < std::time::Duration::from_millis(500) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "changes settle"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if generation() != before {
            before = generation();
            still = std::time::Instant::now();
        }
    }
    let post = |path: &'static str, cookie: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json");
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            app.send(req.body(Body::from("name=x")).unwrap()).await
        }
    };
    // Unknown paths, refused callers and bad input write nothing.
    assert_eq!(
        post("/no-such-path", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post("/api/staff/partners/save", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post("/api/public/join", None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .form_post(
            "/api/public/join",
            &[("name", "")],
            "http://localhost/join",
            None,
        )
        .await;
    assert!(
        r.header("location").contains("__err="),
        "{}",
        r.header("location")
    );
    // Calls that succeed but commit nothing: a link resent to an address that booked nothing
    // (answered like any other, and nothing is queued), and a bulk cancel with nothing left.
    let r = app
        .call(
            "/api/public/programs/resend",
            &[("program", &program), ("address", "nobody@example.org")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .call(
            "/api/staff/programs/cancel_quietly",
            &[("program", &program), ("ids[]", "999999")],
            Some(&staff),
        )
        .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "0"));
    assert_eq!(
        generation(),
        before,
        "nothing was written, nothing was emptied"
    );
    // A write that commits empties them.
    let r = app
        .call(
            "/api/staff/partners/save",
            &[
                ("name", "Fire Station 3"),
                ("kind", "emergency_services"),
                ("stage", "active"),
                ("offerings[]", "presenter"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(generation() > before);
});

/// Follows a failed plain form post back to its page, as the browser does, with the cookies
/// the post set; returns the page and the cookie header it sent.
async fn sent_back(
    app: &crate::common::TestApp,
    post: &crate::common::Reply,
) -> (crate::common::Reply, String) {
    assert!(
        post.status.is_redirection(),
        "{} {}",
        post.status,
        post.body
    );
    let location = post.header("location");
    assert!(location.contains("__err="), "{location}");
    let path = location.trim_start_matches("http://localhost");
    let cookie = post
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    (app.get(path, Some(&cookie)).await, cookie)
}

both!(
    a_form_sent_back_without_javascript_keeps_what_was_typed,
    |app| {
        let form = [
            ("org_name", "Purl and Loop Yarns"),
            ("kind", "local_business"),
            ("website", "https://purl.example"),
            ("street", "12 Wool Street"),
            ("neighborhood", "Northside"),
            ("contact_name", "Pat Purl"),
            ("contact_role", "Owner"),
            ("contact_email", "pat at purl"),
            ("contact_phone", "555-0100"),
            ("offerings[]", "venue"),
            ("offerings[]", "refreshments"),
            ("goals[]", "literacy"),
            ("message", "We teach knitting on Tuesdays."),
            ("fax_number", ""),
        ];
        let post = app
            .form_post("/api/public/join", &form, "http://localhost/join", None)
            .await;
        let (page, cookie) = sent_back(&app, &post).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let html = &page.body;
        assert!(
            html.contains("Enter an e-mail address") || html.contains("e-mail"),
            "the error shows"
        );
        for typed in [
            r#"value="Purl and Loop Yarns""#,
            r#"value="https://purl.example""#,
            r#"value="12 Wool Street""#,
            r#"value="Northside""#,
            r#"value="Pat Purl""#,
            r#"value="Owner""#,
            r#"value="pat at purl""#,
            r#"value="555-0100""#,
            "We teach knitting on Tuesdays.",
        ] {
            assert!(html.contains(typed), "{typed} is kept: {cookie}");
        }
        let selected = |value: &str| {
            html.split("<option")
                .any(|o| o.contains(&format!(r#"value="{value}""#)) && o.contains("selected"))
        };
        assert!(selected("local_business"), "the kind stays chosen");
        let ticked = |name: &str, value: &str| {
            html.split("<input").any(|i| {
                i.contains(&format!(r#"name="{name}""#))
                    && i.contains(&format!(r#"value="{value}""#))
                    && i.split('>').next().unwrap_or_default().contains("checked")
            })
        };
        assert!(ticked("offerings[]", "venue") && ticked("offerings[]", "refreshments"));
        assert!(ticked("goals[]", "literacy"));
        assert!(
            !ticked("offerings[]", "presenter"),
            "what was not ticked stays unticked"
        );
        // The page takes the draft away: the cookie goes, and the next visit starts empty.
        let cleared = page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with("cp_draft=;") && v.contains("Max-Age=0"));
        assert!(cleared, "the draft cookie is removed");
        let fresh = app.get("/join", None).await;
        assert!(!fresh.body.contains("Purl and Loop Yarns"));
        // A draft is only for the page the form was sent back to.
        let other = app.get("/signin?__err=x", Some(&cookie)).await;
        assert!(!other.body.contains("Pat Purl"));
    }
);

both!(
    a_sent_back_form_keeps_no_password_and_is_never_cached,
    |app| {
        app.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        let post = app
            .form_post(
                "/api/public/sign_in",
                &[
                    ("email", ADMIN_EMAIL),
                    ("password", "wrong guess 123"),
                    ("next", "/staff"),
                ],
                "http://localhost/signin",
                None,
            )
            .await;
        let (page, cookie) = sent_back(&app, &post).await;
        assert!(
            page.body.contains(&format!(r#"value="{ADMIN_EMAIL}""#)),
            "the address is kept"
        );
        assert!(
            !page.body.contains("wrong guess 123") && !cookie.contains("wrong"),
            "never the password"
        );

        // A program page is a cached page: a patron's typed name never reaches another patron.
        let program = big_program(&app).await;
        let post = app
            .form_post(
                "/api/public/programs/register",
                &[
                    ("program", &program),
                    ("name", "Robin Reader"),
                    ("email", "not an address"),
                    ("party_size", "2"),
                ],
                &format!("http://localhost/programs/{program}"),
                None,
            )
            .await;
        let (page, _) = sent_back(&app, &post).await;
        assert!(
            page.body.contains(r#"value="Robin Reader""#),
            "the name is kept"
        );
        assert!(page.body.contains(r#"value="2""#), "the party size is kept");
        let location = post.header("location");
        let stranger = app
            .get(location.trim_start_matches("http://localhost"), None)
            .await;
        assert_eq!(stranger.status, StatusCode::OK);
        assert!(
            !stranger.body.contains("Robin Reader"),
            "another visitor never sees it"
        );
    }
);

/// A program's roster, as staff read it.
async fn roster_of(
    app: &crate::common::TestApp,
    program: &str,
    staff: &str,
) -> commonplace::programs::booking::model::Roster {
    let r = app
        .call(
            "/api/staff/programs/roster",
            &[("id", program)],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(
    staff_see_a_burst_and_cancel_it_without_mailing_anyone,
    |app| {
        let program = big_program(&app).await;
        let staff = app.staff().await;
        // Six bookings in a minute from one connection, with invented addresses.
        let mut addresses = Vec::new();
        for i in 0..6 {
            let email = crate::common::unique_address(&format!("made-up-{i}"));
            let r = app
                .call(
                    "/api/public/programs/register",
                    &[
                        ("program", &program),
                        ("name", &format!("Made Up {i}")),
                        ("email", &email),
                        ("party_size", "8"),
                    ],
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            addresses.push(email);
            app.state.clock.advance(10);
        }
        let roster = roster_of(&app, &program, &staff).await;
        assert_eq!(roster.bursts.len(), 1, "{:?}", roster.bursts);
        let burst = &roster.bursts[0];
        assert_eq!(burst.ids.len(), 6);
        let page = app
            .get(&format!("/staff/programs/{program}"), Some(&staff))
            .await;
        assert!(page.body.contains("Possible bulk registrations"));
        assert!(page
            .body
            .contains("6 registrations from one computer or network"));

        let letters_before: i64 = app.scalar("select count(*) from outbox").await;
        // Staff keep the first (they know her) and cancel the rest.
        let mut form = vec![("program", program.as_str())];
        let ids: Vec<String> = burst.ids[1..].iter().map(|i| i.to_string()).collect();
        form.extend(ids.iter().map(|i| ("ids[]", i.as_str())));
        let r = app
            .call("/api/staff/programs/cancel_quietly", &form, Some(&staff))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body, "5");
        assert_eq!(
            app.scalar("select count(*) from outbox").await,
            letters_before,
            "nobody is e-mailed"
        );
        assert_eq!(
            app.scalar(&format!(
                "select seats_taken from programs where id = {program}"
            ))
            .await,
            8,
            "the seats come back"
        );
        // Done twice, nothing more happens; nothing ticked is a clear refusal.
        let again = app
            .call("/api/staff/programs/cancel_quietly", &form, Some(&staff))
            .await;
        assert_eq!(again.body, "0");
        let none = app
            .call(
                "/api/staff/programs/cancel_quietly",
                &[("program", &program)],
                Some(&staff),
            )
            .await;
        assert_eq!(
            none.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            none.body
        );
        // Patrons cannot.
        let stranger = app
            .call("/api/staff/programs/cancel_quietly", &form, None)
            .await;
        assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
        let roster = roster_of(&app, &program, &staff).await;
        assert!(roster.bursts.is_empty(), "one live booking is no burst");
    }
);
