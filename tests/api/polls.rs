//! Polls through their real endpoints: one ballot per voter (also under concurrency), vote
//! changes, opening and closing, hidden results, voter checks, the live stream and exports.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use commonplace::error::AppError;
use commonplace::polls::ballot::Voted;
use commonplace::polls::poll::PollView;
use commonplace::polls::rules::Results;
use http_body_util::BodyExt;

use crate::both;
use crate::common::TestApp;

fn day(offset_days: i64) -> String {
    let d = crate::common::today() + time::Duration::days(offset_days);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A poll form with the given settings; opens today unless `opens_on` says otherwise.
fn poll_form(
    slug: &str,
    check: &str,
    visibility: &str,
    choice: &str,
) -> Vec<(&'static str, String)> {
    vec![
        (
            "question",
            "Which factor matters most for a lasting partnership?".into(),
        ),
        ("slug", slug.into()),
        ("choice", choice.into()),
        (
            "max_choices",
            if choice == "multiple" {
                "2".into()
            } else {
                String::new()
            },
        ),
        ("opens_on", day(0)),
        ("closes_on", day(7)),
        ("visibility", visibility.into()),
        ("voter_check", check.into()),
        ("options[]", "Trust".into()),
        ("options[]", "Shared goals".into()),
        ("options[]", "Clear communication".into()),
        ("options[]", "".into()),
        ("goals[]", "literacy".into()),
    ]
}

async fn create_poll(app: &TestApp, staff: &str, form: &[(&'static str, String)]) -> i64 {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .call("/api/staff/polls/create", &form, Some(staff))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn view(app: &TestApp, slug: &str, cookie: Option<&str>) -> PollView {
    let r = app
        .call("/api/public/polls/view", &[("slug", slug)], cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// Option ids of a poll, in order.
async fn options(app: &TestApp, slug: &str, staff: &str) -> Vec<String> {
    view(app, slug, Some(staff))
        .await
        .poll
        .options
        .iter()
        .map(|o| o.id.to_string())
        .collect()
}

/// A vote as the hydrated page sends it; returns the reply.
async fn vote(
    app: &TestApp,
    slug: &str,
    choices: &[&str],
    extra: &[(&str, &str)],
    cookie: Option<&str>,
) -> crate::common::Reply {
    match cookie {
        Some(c) => vote_as(app, slug, choices, extra, Some(c)).await,
        None => {
            // A new browser: it opens the poll's page, which gives it a voter cookie, and
            // votes with it. The reply carries that cookie for the test to vote again with.
            let page = app.get(&format!("/polls/{slug}"), None).await;
            let me = page
                .headers
                .get_all(header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.starts_with("cp_voter="))
                .map(|v| v.split(';').next().unwrap_or_default().to_string());
            let mut r = vote_as(app, slug, choices, extra, me.as_deref()).await;
            if let Some(me) = me {
                r.headers.append(header::SET_COOKIE, me.parse().unwrap());
            }
            r
        }
    }
}

/// A ballot exactly as given: no page visited first.
async fn vote_as(
    app: &TestApp,
    slug: &str,
    choices: &[&str],
    extra: &[(&str, &str)],
    cookie: Option<&str>,
) -> crate::common::Reply {
    let mut form: Vec<(&str, &str)> = vec![("slug", slug)];
    form.extend(choices.iter().map(|c| ("choices[]", *c)));
    form.extend_from_slice(extra);
    app.call("/api/public/polls/vote", &form, cookie).await
}

fn voter_cookie(r: &crate::common::Reply) -> String {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cp_voter="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("a voter cookie")
}

async fn results(app: &TestApp, slug: &str, staff: &str) -> Results {
    view(app, slug, Some(staff))
        .await
        .results
        .expect("staff always see results")
}

both!(a_patron_votes_once_and_may_change_the_vote, |app| {
    let staff = app.staff().await;
    create_poll(
        &app,
        &staff,
        &poll_form("lasting", "browser", "after_vote", "single"),
    )
    .await;
    let ids = options(&app, "lasting", &staff).await;

    let before = view(&app, "lasting", None).await;
    assert!(
        before.results.is_none(),
        "after-vote results are hidden before voting"
    );

    let first = vote(&app, "lasting", &[&ids[0]], &[], None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(
        serde_json::from_str::<Voted>(&first.body).unwrap(),
        Voted::Counted
    );
    let me = voter_cookie(&first);

    let mine = view(&app, "lasting", Some(&me)).await;
    assert_eq!(mine.my_choices, Some(vec![ids[0].parse().unwrap()]));
    assert_eq!(
        mine.results.as_ref().unwrap().ballots,
        1,
        "a voter sees the results"
    );

    let changed = vote(&app, "lasting", &[&ids[1]], &[], Some(&me)).await;
    assert_eq!(
        serde_json::from_str::<Voted>(&changed.body).unwrap(),
        Voted::Changed
    );
    let r = results(&app, "lasting", &staff).await;
    assert_eq!(r.ballots, 1, "a changed vote still counts once");
    assert_eq!(r.options[0].votes, 0);
    assert_eq!(r.options[1].votes, 1);

    // Someone else, in another browser.
    vote(&app, "lasting", &[&ids[1]], &[], None).await;
    let r = results(&app, "lasting", &staff).await;
    assert_eq!(
        (r.ballots, r.options[1].votes, r.options[1].percent),
        (2, 2, 100.0)
    );
});

both!(
    a_client_that_keeps_no_cookie_cannot_vote_again_and_again,
    |app| {
        let staff = app.staff().await;
        create_poll(
            &app,
            &staff,
            &poll_form("cookieless", "browser", "live", "single"),
        )
        .await;
        let ids = options(&app, "cookieless", &staff).await;
        // Five ballots with no cookie used to be five votes.
        for _ in 0..5 {
            let r = vote_as(&app, "cookieless", &[&ids[0]], &[], None).await;
            assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
            assert!(
                r.error()
                    .to_string()
                    .contains("did not keep the poll's cookie"),
                "{}",
                r.body
            );
        }
        // A forged cookie is no better.
        let forged = format!("cp_voter={}.{}", "a".repeat(32), "b".repeat(32));
        let r = vote_as(&app, "cookieless", &[&ids[0]], &[], Some(&forged)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(results(&app, "cookieless", &staff).await.ballots, 0);
        // The page gives a browser its cookie once; the widget's works inside another site's frame.
        let page = app.get("/polls/cookieless", None).await;
        let set = page.header("set-cookie");
        assert!(
            set.starts_with("cp_voter=") && set.contains("SameSite=Lax"),
            "{set}"
        );
        let me = set.split(';').next().unwrap().to_string();
        let again = app.get("/polls/cookieless", Some(&me)).await;
        assert!(
            again.header("set-cookie").is_empty(),
            "a known browser keeps its cookie"
        );
        let widget = app.get("/embed/polls/cookieless", None).await;
        let set = widget.header("set-cookie");
        assert!(
            set.contains("SameSite=None") && set.contains("Secure") && set.contains("Partitioned"),
            "{set}"
        );
        let r = vote_as(&app, "cookieless", &[&ids[0]], &[], Some(&me)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = vote_as(&app, "cookieless", &[&ids[1]], &[], Some(&me)).await;
        assert_eq!(
            serde_json::from_str::<Voted>(&r.body).unwrap(),
            Voted::Changed
        );
        assert_eq!(results(&app, "cookieless", &staff).await.ballots, 1);
    }
);

both!(
    duplicate_ballots_sent_at_once_count_once,
    |c| {
        c.votes_per_minute = 0;
    },
    |app| {
        let staff = app.staff().await;
        create_poll(
            &app,
            &staff,
            &poll_form("dupes", "browser", "live", "single"),
        )
        .await;
        let ids = options(&app, "dupes", &staff).await;
        let me = voter_cookie(&vote(&app, "dupes", &[&ids[0]], &[], None).await);

        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for i in 0..500 {
            let (app, me, choice) = (app.clone(), me.clone(), ids[i % 3].clone());
            tasks.push(tokio::spawn(async move {
                vote(&app, "dupes", &[&choice], &[], Some(&me)).await.status
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), StatusCode::OK);
        }
        let r = results(&app, "dupes", &staff).await;
        assert_eq!(r.ballots, 1, "500 ballots from one voter are one ballot");
        assert_eq!(r.options.iter().map(|t| t.votes).sum::<i64>(), 1);
        assert_eq!(app.scalar("select count(*) from ballots").await, 1);
    }
);

both!(
    library_cards_vote_once_and_are_never_stored,
    |c| {
        c.votes_per_minute = 0;
    },
    |app| {
        let staff = app.staff().await;
        let admin = app.admin().await;
        create_poll(&app, &staff, &poll_form("cards", "card", "live", "single")).await;
        let ids = options(&app, "cards", &staff).await;

        let unset = vote(
            &app,
            "cards",
            &[&ids[0]],
            &[("card", "29010000000001")],
            None,
        )
        .await;
        assert_eq!(unset.status, StatusCode::CONFLICT);
        assert!(unset.error().to_string().contains("not set up"));

        let saved = app
            .call(
                "/api/admin/polls/save_settings",
                &[
                    ("pattern", "2901##########"),
                    ("cards", "card\nLIB-0042\n"),
                    ("embed_origins", ""),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(saved.body, "1", "the header row is skipped");

        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for _ in 0..500 {
            let (app, choice) = (app.clone(), ids[1].clone());
            tasks.push(tokio::spawn(async move {
                vote(
                    &app,
                    "cards",
                    &[&choice],
                    &[("card", "2901 0000 0000 01")],
                    None,
                )
                .await
                .status
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), StatusCode::OK);
        }
        // The same card typed differently is the same voter; a listed card votes too.
        let again = vote(
            &app,
            "cards",
            &[&ids[2]],
            &[("card", "29010000000001")],
            None,
        )
        .await;
        // Answered as a first vote: anyone may type a number, and "changed" would tell them
        // that the card's holder had voted.
        assert_eq!(
            serde_json::from_str::<Voted>(&again.body).unwrap(),
            Voted::Counted
        );
        let listed = vote(&app, "cards", &[&ids[0]], &[("card", "lib-0042")], None).await;
        assert_eq!(
            serde_json::from_str::<Voted>(&listed.body).unwrap(),
            Voted::Counted
        );
        let r = results(&app, "cards", &staff).await;
        assert_eq!(r.ballots, 2);
        assert_eq!((r.options[0].votes, r.options[2].votes), (1, 1));

        let stranger = vote(&app, "cards", &[&ids[0]], &[("card", "12345678")], None).await;
        let AppError::Invalid(f) = stranger.error() else {
            panic!("{}", stranger.body)
        };
        assert_eq!(
            f.get("card"),
            Some(commonplace::polls::service::CARD_REFUSED),
            "the same answer whether the pattern or the list refused it"
        );
        let blank = vote(&app, "cards", &[&ids[0]], &[("card", " ")], None).await;
        let AppError::Invalid(f) = blank.error() else {
            panic!("{}", blank.body)
        };
        assert!(f.get("card").is_some());

        let stored: Vec<String> = sqlx::query_scalar("select voter from ballots")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        // Keyed hashes are hex, so only the whole numbers are looked for (a short piece such
        // as "2901" turns up in a random hash now and then).
        assert!(stored.iter().all(|v| {
            let v = v.to_lowercase();
            !v.contains("29010000000001") && !v.contains("lib-0042") && !v.contains("lib0042")
        }));
        let listed_rows: Vec<String> = sqlx::query_scalar("select card_hash from library_cards")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert!(listed_rows.iter().all(
            |v| !v.to_lowercase().contains("lib-0042") && !v.to_lowercase().contains("lib0042")
        ));

        // A connection trying number after number is stopped.
        for n in 1..commonplace::polls::service::CARD_TRIES_PER_HOUR {
            let r = vote(
                &app,
                "cards",
                &[&ids[0]],
                &[("card", &format!("1234567{n:02}"))],
                None,
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{n}: {}",
                r.body
            );
        }
        let r = vote(
            &app,
            "cards",
            &[&ids[0]],
            &[("card", "2901 0000 0000 02")],
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(r.body.contains("ask at the desk"), "{}", r.body);
    }
);

both!(one_time_codes_vote_once_each, |app| {
    let staff = app.staff().await;
    let id = create_poll(
        &app,
        &staff,
        &poll_form("codes", "code", "live", "multiple"),
    )
    .await;
    let ids = options(&app, "codes", &staff).await;
    let r = app
        .call(
            "/api/staff/polls/codes",
            &[("id", &id.to_string()), ("count", "3")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let codes: Vec<String> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() == 19), "{codes:?}");

    let first = vote(
        &app,
        "codes",
        &[&ids[0], &ids[1]],
        &[("code", &codes[0])],
        None,
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Voted>(&first.body).unwrap(),
        Voted::Counted,
        "{}",
        first.body
    );
    let lower = codes[0].to_lowercase().replace('-', " ");
    let reused = vote(&app, "codes", &[&ids[2]], &[("code", &lower)], None).await;
    assert_eq!(
        serde_json::from_str::<Voted>(&reused.body).unwrap(),
        Voted::Changed,
        "a used code says so"
    );
    let r = results(&app, "codes", &staff).await;
    assert_eq!(
        (r.ballots, r.options[2].votes, r.options[0].votes),
        (1, 1, 0)
    );

    let guessed = vote(
        &app,
        "codes",
        &[&ids[0]],
        &[("code", "ABCD-EFGH-JKMN-PQRS")],
        None,
    )
    .await;
    let AppError::Invalid(f) = guessed.error() else {
        panic!("{}", guessed.body)
    };
    assert!(f
        .get("code")
        .unwrap()
        .contains("not one of this poll's codes"));
    let too_many = vote(
        &app,
        "codes",
        &[&ids[0], &ids[1], &ids[2]],
        &[("code", &codes[1])],
        None,
    )
    .await;
    let AppError::Invalid(f) = too_many.error() else {
        panic!("{}", too_many.body)
    };
    assert!(f.get("choices").unwrap().contains("at most 2"));
    assert_eq!(
        app.scalar("select count(*) from poll_codes where used_at is not null")
            .await,
        1
    );
});

both!(bad_ballots_get_a_clear_message_and_change_nothing, |app| {
    let staff = app.staff().await;
    create_poll(&app, &staff, &poll_form("bad", "browser", "live", "single")).await;
    let ids = options(&app, "bad", &staff).await;
    for (choices, expect) in [
        (vec![], "Choose an option"),
        (vec!["999999"], "not part of this poll"),
        (vec!["abc"], "not part of this poll"),
        (
            vec![ids[0].as_str(), ids[1].as_str()],
            "Choose only one option.",
        ),
    ] {
        let r = vote(&app, "bad", &choices, &[], None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{choices:?}: {}",
            r.body
        );
        let AppError::Invalid(f) = r.error() else {
            panic!("{}", r.body)
        };
        assert!(
            f.get("choices").unwrap().contains(expect),
            "{choices:?}: {f:?}"
        );
    }
    let missing = vote(&app, "no-such-poll", &[&ids[0]], &[], None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A bot that fills the hidden field is thanked, and nothing is stored.
    let bot = vote(&app, "bad", &[&ids[0]], &[("fax_number", "555")], None).await;
    assert_eq!(bot.status, StatusCode::OK);
    assert_eq!(app.scalar("select count(*) from ballots").await, 0);
});

both!(polls_take_votes_only_while_open, |app| {
    let staff = app.staff().await;
    let mut later = poll_form("later", "browser", "live", "single");
    later.retain(|(k, _)| *k != "opens_on");
    later.push(("opens_on", day(3)));
    create_poll(&app, &staff, &later).await;
    let ids = options(&app, "later", &staff).await;
    let early = vote(&app, "later", &[&ids[0]], &[], None).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.error().to_string().contains("opens on"));

    let id = create_poll(
        &app,
        &staff,
        &poll_form("soon-closed", "browser", "live", "single"),
    )
    .await;
    let ids = options(&app, "soon-closed", &staff).await;
    assert_eq!(
        vote(&app, "soon-closed", &[&ids[0]], &[], None)
            .await
            .status,
        StatusCode::OK
    );
    let closed = app
        .call(
            "/api/staff/polls/close",
            &[("id", &id.to_string())],
            Some(&staff),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let late = vote(&app, "soon-closed", &[&ids[0]], &[], None).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.error().to_string().contains("no longer takes votes"));
    let twice = app
        .call(
            "/api/staff/polls/close",
            &[("id", &id.to_string())],
            Some(&staff),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(app.scalar("select count(*) from ballots").await, 1);
});

both!(results_hidden_until_close_are_nowhere, |app| {
    let staff = app.staff().await;
    let id = create_poll(
        &app,
        &staff,
        &poll_form("secret", "browser", "after_close", "single"),
    )
    .await;
    let ids = options(&app, "secret", &staff).await;
    let me = voter_cookie(&vote(&app, "secret", &[&ids[2]], &[], None).await);

    let v = view(&app, "secret", Some(&me)).await;
    assert!(
        v.results.is_none(),
        "not in the server function's answer, even for a voter"
    );
    let page = app.get("/polls/secret", Some(&me)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("Results are shown when the poll closes."));
    assert!(!page.body.contains("people voted") && !page.body.contains("person voted"));
    assert!(
        !page.body.contains("\"ballots\""),
        "not in the hydration data either"
    );
    let stream = app.get("/polls/secret/live", Some(&me)).await;
    assert_eq!(stream.status, StatusCode::FORBIDDEN, "not in the stream");

    app.call(
        "/api/staff/polls/close",
        &[("id", &id.to_string())],
        Some(&staff),
    )
    .await;
    let after = view(&app, "secret", None).await;
    assert_eq!(after.results.unwrap().options[2].votes, 1);
    assert!(app
        .get("/polls/secret", None)
        .await
        .body
        .contains("1 person voted"));
});

both!(a_vote_without_javascript_comes_back_to_the_poll, |app| {
    let staff = app.staff().await;
    create_poll(
        &app,
        &staff,
        &poll_form("plain", "browser", "after_vote", "single"),
    )
    .await;
    let ids = options(&app, "plain", &staff).await;
    let page = app.get("/polls/plain", None).await;
    assert!(page.body.contains("name=\"choices[]\""));
    assert!(page
        .body
        .contains("Results appear here once you have voted."));
    // The page gave this browser its voter cookie; the form post carries it.
    let me = voter_cookie(&page);

    let r = app
        .form_post(
            "/api/public/polls/vote",
            &[("slug", "plain"), ("choices[]", &ids[1])],
            "http://localhost/polls/plain",
            Some(&me),
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert_eq!(r.header("location"), "/polls/plain?voted=counted");
    let back = app.get("/polls/plain?voted=counted", Some(&me)).await;
    assert!(back.body.contains("your vote was counted"));
    assert!(back.body.contains("1 person voted"));
    assert!(back.body.contains("Change my vote"));

    // The embeddable widget: same poll, framed only by listed sites.
    let embed = app.get("/embed/polls/plain", None).await;
    assert_eq!(embed.status, StatusCode::OK);
    assert!(embed
        .header("content-security-policy")
        .contains("frame-ancestors 'none'"));
    assert!(
        !embed.body.contains("site-header"),
        "no site chrome in the widget"
    );
    let admin = app.admin().await;
    app.call(
        "/api/admin/polls/save_settings",
        &[
            ("pattern", ""),
            ("cards", ""),
            ("embed_origins", "https://www.millbrook.example"),
        ],
        Some(&admin),
    )
    .await;
    let embed = app.get("/embed/polls/plain", None).await;
    assert!(embed
        .header("content-security-policy")
        .contains("frame-ancestors https://www.millbrook.example"));
    assert!(embed.header("x-frame-options").is_empty());
    assert_eq!(
        app.get("/polls/plain", None)
            .await
            .header("x-frame-options"),
        "DENY"
    );
    let bad = app
        .call(
            "/api/admin/polls/save_settings",
            &[
                ("pattern", ""),
                ("cards", ""),
                ("embed_origins", "millbrook.example/page"),
            ],
            Some(&admin),
        )
        .await;
    let AppError::Invalid(f) = bad.error() else {
        panic!("{}", bad.body)
    };
    assert!(f.get("embed_origins").is_some());
});

both!(exports_hold_counts_and_times_but_no_voters, |app| {
    let staff = app.staff().await;
    let id = create_poll(
        &app,
        &staff,
        &poll_form("export", "browser", "live", "single"),
    )
    .await;
    let ids = options(&app, "export", &staff).await;
    vote(&app, "export", &[&ids[0]], &[], None).await;
    vote(&app, "export", &[&ids[0]], &[], None).await;
    let csv = app
        .get(&format!("/staff/polls/{id}/results.csv"), Some(&staff))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.body.contains("Trust,2,100"), "{}", csv.body);
    let ballots = app
        .get(&format!("/staff/polls/{id}/ballots.csv"), Some(&staff))
        .await;
    let lines: Vec<&str> = ballots.body.lines().collect();
    assert_eq!(lines[0], "time (UTC),choices");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].ends_with(",Trust") && lines[1].contains('T'));
    assert!(!ballots.body.contains("b:"), "no voter keys");
    let stranger = app
        .get(&format!("/staff/polls/{id}/ballots.csv"), None)
        .await;
    assert_eq!(stranger.status, StatusCode::FOUND);
});

/// Reads server-sent events from a streaming response until one satisfies `done`.
async fn next_results(
    body: &mut Body,
    buf: &mut String,
    done: impl Fn(&Results) -> bool,
) -> Option<Results> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        while let Some(end) = buf.find("\n\n") {
            let event: String = buf.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                if let Ok(r) = serde_json::from_str::<Results>(data) {
                    if done(&r) {
                        return Some(r);
                    }
                }
            }
        }
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    buf.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => return None,
        }
    }
}

async fn open_stream(app: &TestApp, slug: &str) -> Body {
    let res = tower::ServiceExt::oneshot(
        app.router.clone(),
        Request::get(format!("/polls/{slug}/live"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    res.into_body()
}

both!(the_live_stream_delivers_a_vote, |app| {
    let staff = app.staff().await;
    create_poll(
        &app,
        &staff,
        &poll_form("live", "browser", "live", "single"),
    )
    .await;
    let ids = options(&app, "live", &staff).await;
    let mut body = open_stream(&app, "live").await;
    let mut buf = String::new();
    let first = next_results(&mut body, &mut buf, |_| true)
        .await
        .expect("the counts at once");
    assert_eq!(first.ballots, 0);
    let sent = Instant::now();
    vote(&app, "live", &[&ids[1]], &[], None).await;
    let r = next_results(&mut body, &mut buf, |r| r.ballots == 1)
        .await
        .expect("the vote arrives");
    assert_eq!(r.options[1].votes, 1);
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "within a second: {:?}",
        sent.elapsed()
    );
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_notify_carries_a_vote_between_servers() {
    crate::common::within_limit(async {
        let Some(a) = TestApp::postgres_with(|_| {}).await else {
            return;
        };
        let b = a.another_server().await;
        a.in_step_with(&b).await;
        let staff = a.staff().await;
        create_poll(
            &a,
            &staff,
            &poll_form("shared", "browser", "live", "single"),
        )
        .await;
        let ids = options(&a, "shared", &staff).await;
        let mut body = open_stream(&b, "shared").await;
        let mut buf = String::new();
        assert_eq!(
            next_results(&mut body, &mut buf, |_| true)
                .await
                .unwrap()
                .ballots,
            0
        );
        vote(&a, "shared", &[&ids[0]], &[], None).await;
        let r = next_results(&mut body, &mut buf, |r| r.ballots == 1)
            .await
            .expect("a vote on server A reaches a viewer on server B");
        assert_eq!(r.options[0].votes, 1);
    })
    .await
}

both!(
    one_address_may_cast_only_so_many_ballots_a_minute,
    |c| {
        c.votes_per_minute = 3;
    },
    |app| {
        let staff = app.staff().await;
        create_poll(
            &app,
            &staff,
            &poll_form("busy", "browser", "live", "single"),
        )
        .await;
        let ids = options(&app, "busy", &staff).await;
        for _ in 0..3 {
            assert_eq!(
                vote(&app, "busy", &[&ids[0]], &[], None).await.status,
                StatusCode::OK
            );
        }
        let fourth = vote(&app, "busy", &[&ids[0]], &[], None).await;
        assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(fourth.error().to_string().contains("wait a minute"));
        assert_eq!(results(&app, "busy", &staff).await.ballots, 3);
    }
);

both!(
    poll_times_follow_the_library_time_zone_across_daylight_saving,
    |c| {
        c.time_zone = "America/Chicago".into();
    },
    |app| {
        let staff = app.staff().await;
        // Opens in CST, closes after clocks spring forward (14 March 2027) in CDT.
        let mut form = poll_form("spring", "browser", "live", "single");
        form.retain(|(k, _)| *k != "opens_on" && *k != "closes_on");
        form.extend([
            ("opens_on", "2027-03-01".to_string()),
            ("opens_at_time", "09:00".to_string()),
            ("closes_on", "2027-03-20".to_string()),
            ("closes_at_time", "18:00".to_string()),
        ]);
        create_poll(&app, &staff, &form).await;
        let v = view(&app, "spring", None).await;
        assert_eq!(
            v.poll.opens_at % 86_400,
            15 * 3600,
            "09:00 CST is 15:00 UTC"
        );
        assert_eq!(
            v.poll.closes_at.map(|t| t % 86_400),
            Some(23 * 3600),
            "18:00 CDT is 23:00 UTC"
        );
        let page = app.get("/polls/spring", None).await;
        assert!(
            page.body.contains("Mon, Mar 1, 2027, 9:00 AM"),
            "{}",
            page.body
        );
        let staff_page = app
            .get(&format!("/staff/polls/{}", v.poll.id), Some(&staff))
            .await;
        assert!(
            staff_page
                .body
                .contains("closes Sat, Mar 20, 2027, 6:00 PM"),
            "{}",
            staff_page.body
        );
        let early = vote(
            &app,
            "spring",
            &[&v.poll.options[0].id.to_string()],
            &[],
            None,
        )
        .await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        assert!(early
            .error()
            .to_string()
            .contains("opens on Mon, Mar 1, 2027, 9:00 AM"));
    }
);

both!(
    a_check_digit_refuses_made_up_card_numbers,
    |c| {
        c.votes_per_minute = 0;
    },
    |app| {
        let staff = app.staff().await;
        let admin = app.admin().await;
        create_poll(&app, &staff, &poll_form("digits", "card", "live", "single")).await;
        let ids = options(&app, "digits", &staff).await;
        let settings = |check: &'static str, pattern: &'static str| {
            let admin = admin.clone();
            let app = &app;
            async move {
                let mut form = vec![("pattern", pattern), ("cards", ""), ("embed_origins", "")];
                if !check.is_empty() {
                    form.push(("check_digit", check));
                }
                app.call("/api/admin/polls/save_settings", &form, Some(&admin))
                    .await
            }
        };
        // Without a pattern the check digit has nothing to apply to: said at the box.
        let r = settings("on", "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.error().fields().unwrap().get("check_digit").is_some());
        assert_eq!(
            settings("on", "2901##########").await.status,
            StatusCode::OK
        );
        let page = app.get("/admin/polls", Some(&admin)).await;
        assert!(
            page.body
                .contains(r#"name="check_digit" value="on" checked"#)
                || page
                    .body
                    .split("<input")
                    .any(|i| i.contains(r#"name="check_digit""#)
                        && i.split('>').next().unwrap_or_default().contains("checked")),
            "the box shows the saved setting"
        );

        // 2901 0000 0000 0 + check digit 6 passes; the same number ending in 5 fits the
        // pattern but not the check digit.
        let good = vote(
            &app,
            "digits",
            &[&ids[0]],
            &[("card", "29010000000006")],
            None,
        )
        .await;
        assert_eq!(good.status, StatusCode::OK, "{}", good.body);
        let bad = vote(
            &app,
            "digits",
            &[&ids[0]],
            &[("card", "29010000000005")],
            None,
        )
        .await;
        let AppError::Invalid(f) = bad.error() else {
            panic!("{}", bad.body)
        };
        assert_eq!(
            f.get("card"),
            Some(commonplace::polls::service::CARD_REFUSED)
        );

        // Switched off, the pattern alone decides again.
        assert_eq!(settings("", "2901##########").await.status, StatusCode::OK);
        let plain = vote(
            &app,
            "digits",
            &[&ids[1]],
            &[("card", "29010000000005")],
            None,
        )
        .await;
        assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
        assert_eq!(results(&app, "digits", &staff).await.ballots, 2);
    }
);

/// Two app servers on one PostgreSQL lose every connection (`outage` makes it happen): both
/// reconnect, a viewer's live results on B keep following votes cast on A, B's kept pages show
/// an edit made on A, and a sign-out on B ends the session on A.
async fn two_servers_ride_out<F, Fut>(outage: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(a) = TestApp::postgres_with(|_| {}).await else {
        return;
    };
    let b = a.another_server().await;
    a.in_step_with(&b).await;
    let staff = a.staff().await;
    create_poll(
        &a,
        &staff,
        &poll_form("outage", "browser", "live", "single"),
    )
    .await;
    let ids = options(&a, "outage", &staff).await;
    let partner = |name: &str, id: Option<&str>| {
        let mut form = vec![
            ("name", name.to_string()),
            ("kind", "local_business".to_string()),
            ("stage", "active".to_string()),
            ("offerings[]", "refreshments".to_string()),
        ];
        if let Some(id) = id {
            form.push(("id", id.to_string()));
        }
        form
    };
    let save = |form: Vec<(&'static str, String)>| {
        let (a, staff) = (&a, &staff);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = a.call("/api/staff/partners/save", &form, Some(staff)).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.body
        }
    };
    let eventually = |path: String, text: &'static str| {
        let (b, staff) = (&b, &staff);
        async move {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if b.get(&path, Some(staff)).await.body.contains(text) {
                    return true;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            false
        }
    };
    let id = save(partner("Lakeside Bakery", None)).await;
    let detail = format!("/staff/partners/{id}");
    assert!(
        eventually(detail.clone(), "Lakeside Bakery").await,
        "B keeps the page"
    );
    let mut stream = open_stream(&b, "outage").await;
    let mut buf = String::new();
    assert_eq!(
        next_results(&mut stream, &mut buf, |_| true)
            .await
            .unwrap()
            .ballots,
        0
    );

    let database = a
        .state
        .config
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    outage(database).await;

    // Both answer again, and hear each other again.
    let start = Instant::now();
    loop {
        let up = a.get("/healthz", None).await.status == StatusCode::OK
            && b.get("/healthz", None).await.status == StatusCode::OK;
        if up {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "servers reconnect"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    a.in_step_with(&b).await;
    // Live results resume: a vote on A reaches the viewer on B.
    let voted = vote(&a, "outage", &[&ids[1]], &[], None).await;
    assert_eq!(voted.status, StatusCode::OK, "{}", voted.body);
    let r = next_results(&mut stream, &mut buf, |r| r.ballots == 1)
        .await
        .expect("the viewer on B sees the vote cast on A after the outage");
    assert_eq!(r.options[1].votes, 1);
    // Kept pages stay honest.
    save(partner("Lakeside Bakery and Cafe", Some(&id))).await;
    assert!(
        eventually(detail, "Lakeside Bakery and Cafe").await,
        "B shows the edit made on A after the outage"
    );
    // Sessions too.
    b.call("/api/public/sign_out", &[], Some(&staff)).await;
    let start = Instant::now();
    while a.get("/staff/partners", Some(&staff)).await.status != StatusCode::FOUND {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "A forgets the session"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// PostgreSQL cuts every connection of this test's database, as a restart does to its clients.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_recover_when_postgres_drops_every_connection() {
    crate::common::within_limit(two_servers_ride_out(|database| async move {
        let mut admin =
            <sqlx::PgConnection as sqlx::Connection>::connect(&crate::common::pg_admin_url())
                .await
                .unwrap();
        let cut: Vec<bool> = sqlx::query_scalar(
            "select pg_terminate_backend(pid) from pg_stat_activity \
             where datname = $1 and pid <> pg_backend_pid()",
        )
        .bind(&database)
        .fetch_all(&mut admin)
        .await
        .unwrap();
        assert!(
            cut.len() >= 2,
            "both servers' connections were cut ({})",
            cut.len()
        );
    }))
    .await
}

/// PostgreSQL itself restarts. It stops every other test's database too, so the test command
/// runs it alone, after the others (`scripts/test.sh`), with the command that restarts the
/// machine's PostgreSQL in `COMMONPLACE_TEST_PG_RESTART`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "restarts the machine's PostgreSQL: scripts/test.sh runs it alone"]
async fn two_servers_recover_when_postgres_restarts() {
    let Ok(restart) = std::env::var("COMMONPLACE_TEST_PG_RESTART") else {
        panic!("set COMMONPLACE_TEST_PG_RESTART to the command that restarts PostgreSQL");
    };
    two_servers_ride_out(|_| async move {
        let status = tokio::task::spawn_blocking(move || {
            std::process::Command::new("sh")
                .arg("-c")
                .arg(&restart)
                .status()
        })
        .await
        .unwrap()
        .expect("run the restart command");
        assert!(status.success(), "the restart command failed");
    })
    .await
}

// Live results reach a browser that accepts compression as they happen: the stream is never
// compressed (a compressor would hold the events back until it had enough to squeeze).
both!(
    the_live_stream_is_sent_as_it_happens_not_compressed,
    |app| {
        use tower::ServiceExt;
        let staff = app.staff().await;
        create_poll(
            &app,
            &staff,
            &poll_form("stream", "browser", "live", "single"),
        )
        .await;
        let req = Request::get("/polls/stream/live")
            .header(header::ACCEPT, "text/event-stream")
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        assert!(res.headers().get("content-encoding").is_none());
        // The first event (the counts so far) arrives at once.
        let mut body = res.into_body();
        let first = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .expect("the first event at once")
            .expect("a frame")
            .expect("no error");
        let text = String::from_utf8_lossy(first.data_ref().expect("data")).into_owned();
        assert!(text.contains("data:"), "{text}");
    }
);

/// Saves a poll's edit; `fields` are the form as the edit page sends it.
async fn save_poll(
    app: &TestApp,
    staff: &str,
    id: i64,
    fields: &[(&'static str, String)],
) -> crate::common::Reply {
    let id = id.to_string();
    let mut form: Vec<(&str, &str)> = vec![("id", id.as_str())];
    form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    app.call("/api/staff/polls/save", &form, Some(staff)).await
}

async fn editor(app: &TestApp, staff: &str, id: i64) -> commonplace::polls::edit::PollEditor {
    let r = app
        .call(
            "/api/staff/polls/editor",
            &[("id", &id.to_string())],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(a_poll_nobody_voted_in_can_change_entirely_or_go, |app| {
    let staff = app.staff().await;
    let id = create_poll(
        &app,
        &staff,
        &poll_form("fix-me", "browser", "live", "single"),
    )
    .await;
    let old_ids = options(&app, "fix-me", &staff).await;

    // The edit page starts from the poll as saved.
    let e = editor(&app, &staff, id).await;
    assert_eq!(e.ballots, 0);
    assert_eq!(
        e.form.question,
        "Which factor matters most for a lasting partnership?"
    );
    assert_eq!(
        (e.form.opens_on.as_str(), e.form.opens_at_time.as_str()),
        (day(0).as_str(), "")
    );
    assert_eq!(
        (e.form.closes_on.as_str(), e.form.closes_at_time.as_str()),
        (day(7).as_str(), "")
    );
    assert_eq!(e.labels, ["Trust", "Shared goals", "Clear communication"]);
    let page = app
        .get(&format!("/staff/polls/{id}/edit"), Some(&staff))
        .await;
    assert!(page
        .body
        .contains("Nobody has voted yet, so everything can change."));
    assert!(page.body.contains("Delete this poll"));

    // A mistake comes back at its field, and nothing changes.
    let mut form = poll_form("fix-me", "browser", "live", "single");
    form.retain(|(k, _)| *k != "question");
    form.push(("question", "Hm".into()));
    let r = save_poll(&app, &staff, id, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.error().fields().unwrap().get("question").is_some());
    assert_eq!(view(&app, "fix-me", None).await.poll.options.len(), 3);

    // Everything changes: the question, the options (one more), the choice, the closing time.
    let mut form = poll_form("fix-me", "browser", "live", "multiple");
    form.retain(|(k, _)| !["question", "options[]", "closes_on"].contains(k));
    form.extend([
        (
            "question",
            "Which factors matter most for a partnership?".to_string(),
        ),
        ("options[]", "Trust".into()),
        ("options[]", "Shared goals".into()),
        ("options[]", "Clear communication".into()),
        ("options[]", "Skills that complement".into()),
        ("closes_on", day(10)),
        ("closes_at_time", "18:00".into()),
    ]);
    let r = save_poll(&app, &staff, id, &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = view(&app, "fix-me", None).await;
    assert_eq!(
        v.poll.question,
        "Which factors matter most for a partnership?"
    );
    assert_eq!(v.poll.options.len(), 4);
    assert_eq!(v.poll.max_choices, 2);
    assert_eq!(
        v.poll.wording_edited_at, None,
        "nobody had voted: no correction to note"
    );
    let e = editor(&app, &staff, id).await;
    assert_eq!(
        (e.form.closes_on, e.form.closes_at_time),
        (day(10), "18:00".to_string())
    );

    // A ballot checked against the old options before the edit landed is not counted.
    let writer = app
        .state
        .features
        .get::<commonplace::polls::writer::BallotWriter>()
        .unwrap();
    let cast = writer
        .cast(commonplace::polls::writer::Ballot {
            poll_id: id,
            voter: "a browser that loaded the poll before the edit".into(),
            choices: vec![old_ids[0].parse().unwrap()],
            code_hash: None,
        })
        .await
        .unwrap();
    assert_eq!(cast, commonplace::polls::writer::Cast::Stale);
    assert_eq!(app.scalar("select count(*) from ballots").await, 0);

    // Deleting asks for the confirmation box, then the poll is gone.
    let r = app
        .call(
            "/api/staff/polls/delete",
            &[("id", &id.to_string())],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app
        .call(
            "/api/staff/polls/delete",
            &[("id", &id.to_string()), ("confirm", "yes")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .call("/api/public/polls/view", &[("slug", "fix-me")], None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.scalar("select count(*) from poll_options").await, 0);
});

both!(after_the_first_ballot_only_the_wording_changes, |app| {
    let staff = app.staff().await;
    let id = create_poll(
        &app,
        &staff,
        &poll_form("worded", "browser", "live", "single"),
    )
    .await;
    let ids = options(&app, "worded", &staff).await;
    let r = vote(&app, "worded", &[&ids[0]], &[], None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let e = editor(&app, &staff, id).await;
    assert_eq!(e.ballots, 1);
    let page = app
        .get(&format!("/staff/polls/{id}/edit"), Some(&staff))
        .await;
    assert!(page
        .body
        .contains("One person has voted already, so only the wording can change"));
    assert!(!page.body.contains("Delete this poll"));

    // The whole form (say, from an edit page opened before the vote) is refused whole.
    let mut form = poll_form("worded", "browser", "live", "multiple");
    form.push(("options[]", "Skills".into()));
    let r = save_poll(&app, &staff, id, &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("Someone voted while you were editing"),
        "{}",
        r.body
    );
    let v = view(&app, "worded", None).await;
    assert_eq!((v.poll.options.len(), v.poll.max_choices), (3, 1));

    // The wording form may not add, drop or blank an option.
    let wording = |labels: &[&str]| {
        let mut f: Vec<(&'static str, String)> = vec![
            ("scope", "wording".into()),
            (
                "question",
                "Which one thing matters most for a lasting partnership?".into(),
            ),
            ("description", "Choose one.".into()),
        ];
        f.extend(labels.iter().map(|l| ("options[]", l.to_string())));
        f
    };
    for labels in [
        &["Trust", "Shared goals"][..],
        &["Trust", "", "Clear communication"],
    ] {
        let r = save_poll(&app, &staff, id, &wording(labels)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r
            .error()
            .fields()
            .unwrap()
            .get("options")
            .unwrap()
            .contains("keeps its 3 options"));
    }

    // Reworded: the same options, the same ballots, the correction noted.
    let r = save_poll(
        &app,
        &staff,
        id,
        &wording(&[
            "Trust between partners",
            "Shared goals",
            "Clear, regular communication",
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = view(&app, "worded", None).await;
    assert_eq!(
        v.poll.question,
        "Which one thing matters most for a lasting partnership?"
    );
    assert_eq!(v.poll.options[0].label, "Trust between partners");
    assert_eq!(
        v.poll
            .options
            .iter()
            .map(|o| o.id.to_string())
            .collect::<Vec<_>>(),
        ids
    );
    assert!(v.poll.wording_edited_at.is_some());
    let r = results(&app, "worded", &staff).await;
    assert_eq!((r.ballots, r.options[0].votes), (1, 1));
    let page = app.get(&format!("/staff/polls/{id}"), Some(&staff)).await;
    assert!(
        page.body.contains("The wording was corrected on"),
        "the staff page notes it"
    );

    // A poll people voted in is kept.
    let r = app
        .call(
            "/api/staff/polls/delete",
            &[("id", &id.to_string()), ("confirm", "yes")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("close it instead"));
});

both!(
    patrons_find_open_and_recently_closed_polls_at_polls,
    |app| {
        let staff = app.staff().await;
        let mut open = poll_form("open-now", "browser", "after_close", "single");
        open.retain(|(k, _)| *k != "question");
        open.push((
            "question",
            "Which evening suits you for a book club?".into(),
        ));
        create_poll(&app, &staff, &open).await;
        let mut later = poll_form("not-yet", "browser", "live", "single");
        later.retain(|(k, _)| !["question", "opens_on"].contains(k));
        later.extend([
            ("question", "Which author should visit next spring?".into()),
            ("opens_on", day(3)),
        ]);
        create_poll(&app, &staff, &later).await;
        let mut done = poll_form("all-done", "browser", "after_close", "single");
        done.retain(|(k, _)| *k != "question");
        done.push(("question", "Which workshop should come back?".into()));
        let done_id = create_poll(&app, &staff, &done).await;
        let ids = options(&app, "all-done", &staff).await;
        vote(&app, "all-done", &[&ids[0]], &[], None).await;
        let r = app
            .call(
                "/api/staff/polls/close",
                &[("id", &done_id.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        let r = app.call("/api/public/polls/list", &[], None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let lists: commonplace::polls::rules::PublicPolls = serde_json::from_str(&r.body).unwrap();
        let slugs = |v: &[commonplace::polls::rules::PublicPoll]| {
            v.iter().map(|p| p.slug.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            slugs(&lists.open),
            ["open-now"],
            "a poll not open yet is not listed"
        );
        assert_eq!(slugs(&lists.recent), ["all-done"]);
        assert_eq!(lists.recent[0].ballots, 1);

        let page = app.get("/polls", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Which evening suits you for a book club?"));
        assert!(page.body.contains("Which workshop should come back?"));
        assert!(page.body.contains("1 person voted · see the results"));
        assert!(!page.body.contains("Which author should visit next spring?"));
        assert!(
            page.body.contains("href=\"/polls\""),
            "the public menu links the polls"
        );
    }
);
