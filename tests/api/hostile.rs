//! Every door, every bad value: each server function and each page route gets a set of
//! hostile values for every field the app knows, as a signed-in admin (so the guards let the
//! input through to the code that reads it). Nothing may panic, answer 5xx or close the
//! connection; a refusal (4xx) says something.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::both;
use crate::common::{encode_form, TestApp};

/// Every field name a form or server function of the app reads.
const FIELDS: &[&str] = &[
    "accessibility",
    "address",
    "answer",
    "answer_note",
    "archived",
    "audience",
    "audiences[]",
    "availability[]",
    "branch",
    "branch_id",
    "capacity",
    "card",
    "cards",
    "choices[]",
    "closes_at_time",
    "closes_on",
    "code",
    "confirm",
    "contact_email",
    "contact_name",
    "contact_phone",
    "contact_role",
    "current",
    "day",
    "decline_reason",
    "description",
    "edit_accessibility",
    "edit_capacity",
    "edit_name",
    "email",
    "embed",
    "embed_origins",
    "ends",
    "ends_on",
    "far_km",
    "fatigue_days",
    "fatigue_per_ask",
    "fax_number",
    "filter",
    "follow_up_days",
    "from",
    "goal",
    "goals[]",
    "id",
    "in_return",
    "kind",
    "latitude",
    "longitude",
    "max_choices",
    "message",
    "min_score",
    "month",
    "name",
    "need",
    "need_id",
    "neighborhood",
    "new_password",
    "next",
    "note",
    "notes",
    "occurred_on",
    "offering",
    "offerings[]",
    "open_ask_cap",
    "opens_at_time",
    "opens_on",
    "options[]",
    "org_name",
    "page",
    "partner",
    "partner_id",
    "party_limit",
    "party_size",
    "password",
    "past",
    "pattern",
    "phone",
    "place",
    "poll_id",
    "presenters[]",
    "program",
    "proposed_on",
    "publish",
    "q",
    "question",
    "reason",
    "register_for",
    "registration",
    "repeat_days[]",
    "repeat_until",
    "repeat_weeks",
    "reply_by",
    "role",
    "room",
    "setup_minutes",
    "slug",
    "stage",
    "starts",
    "starts_on",
    "state",
    "street",
    "subject",
    "tags",
    "teardown_minutes",
    "template_id",
    "thanks_for",
    "time_of_day",
    "title",
    "to",
    "token",
    "visibility",
    "voter_check",
    "website",
    "within_km",
];

/// Values that have broken, or could break, parsing and arithmetic.
fn bad_values() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        "\u{1}\u{7}\u{1b}[31m\u{7f}".into(),
        "a\0b".into(),
        "\r\nX-Injected: 1".into(),
        "0000-01-01".into(),
        "9999-12-31".into(),
        "-001-01-01".into(),
        "9999-12".into(),
        "-1".into(),
        "0".into(),
        "9223372036854775807".into(),
        "-9223372036854775808".into(),
        "99999999999999999999999".into(),
        "1e309".into(),
        "NaN".into(),
        "99:99".into(),
        "<script>alert(1)</script><!--".into(),
        "' or 1=1 --".into(),
        "../../etc/passwd".into(),
        "🦀".repeat(500),
        "x".repeat(2_000),
    ]
}

fn assert_answered(what: &str, status: StatusCode, body: &str) {
    assert!(
        status.as_u16() < 500 || status == StatusCode::SERVICE_UNAVAILABLE,
        "{what}: {status} {}",
        body.chars().take(300).collect::<String>()
    );
    if status.is_client_error() && status != StatusCode::NOT_FOUND {
        assert!(!body.trim().is_empty(), "{what}: {status} with no message");
    }
}

/// A POST of `body` as `content_type`, as an admin: the status and the body.
async fn send(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: String,
    cookie: &str,
) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let r = app.send(req).await;
    (r.status, r.body)
}

async fn form(app: &TestApp, path: &str, body: String, cookie: &str) -> (StatusCode, String) {
    send(app, path, "application/x-www-form-urlencoded", body, cookie).await
}

async fn json(app: &TestApp, path: &str, body: String, cookie: &str) -> (StatusCode, String) {
    send(app, path, "application/json", body, cookie).await
}

both!(no_input_crashes_a_server_function, |app| {
    let admin = app.admin().await;
    let functions = crate::common::server_functions();
    assert!(functions.len() > 60, "{functions:?}");
    // Sign-out would end the admin's session; the rest may change data, which is the point.
    let functions: Vec<&String> = functions
        .iter()
        .filter(|p| !p.ends_with("/sign_out"))
        .collect();
    let values = bad_values();
    for path in &functions {
        // Missing fields, and an unreadable body.
        for body in [String::new(), "%%%&&&==".into(), "a=1&a=2&a=3".into()] {
            let (status, text) = form(&app, path, body.clone(), &admin).await;
            assert_answered(&format!("{path} {body:?}"), status, &text);
        }
        for v in &values {
            // Every field at once, each key twice (duplicated keys).
            let pairs: Vec<(&str, &str)> = FIELDS
                .iter()
                .flat_map(|f| [(*f, v.as_str()), (*f, v.as_str())])
                .collect();
            let (status, text) = form(&app, path, encode_form(&pairs), &admin).await;
            assert_answered(&format!("{path} form {v:.20?}"), status, &text);
        }
        // Very long values, one field at a time where they are most likely read.
        let long = "y".repeat(100 * 1024);
        for f in [
            "name",
            "title",
            "description",
            "note",
            "email",
            "slug",
            "token",
            "q",
            "message",
        ] {
            let (status, text) = form(&app, path, encode_form(&[(f, &long)]), &admin).await;
            assert_answered(&format!("{path} 100 KB {f}"), status, &text);
        }
        // JSON: wrong types, nulls, unpaired surrogates, huge numbers.
        for body in [
            r#"{"id":"\ud800","slug":"\udfff","name":"\ud83d"}"#.to_string(),
            r#"{"id":1e400,"program":-99999999999999999999,"party_size":[1,2],"email":{"a":1}}"#
                .into(),
            r#"{"id":null,"slug":null,"form":null}"#.into(),
            "[1,2,3]".into(),
            "\"just a string\"".into(),
            "{".into(),
        ] {
            let (status, text) = json(&app, path, body.clone(), &admin).await;
            assert_answered(&format!("{path} json {body:.30}"), status, &text);
        }
    }
    // After all that, the app still answers.
    assert_eq!(app.get("/", None).await.status, StatusCode::OK);
});

both!(no_input_crashes_a_page, |app| {
    let admin = app.admin().await;
    let pages = commonplace::wiring::page_paths();
    assert!(pages.len() > 20, "{pages:?}");
    let params = [
        "from", "to", "month", "view", "q", "sort", "page", "state", "next", "need", "partner",
        "kind", "stage", "audience", "goal", "branch", "past", "voted", "new", "id",
    ];
    let values = bad_values();
    for page in &pages {
        for v in &values {
            // Whole addresses stay under what an HTTP client sends (the form tests send more).
            let v: String = v.chars().take(200).collect();
            let seg = commonplace::url::encode(&v);
            let path: String = page
                .split('/')
                .map(|s| {
                    if s.starts_with(':') || s.starts_with('*') {
                        seg.clone()
                    } else {
                        s.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let query: Vec<String> = params.iter().map(|p| format!("{p}={seg}")).collect();
            let url = format!(
                "{}?{}",
                if path.is_empty() { "/" } else { &path },
                query.join("&")
            );
            for cookie in [None, Some(admin.as_str())] {
                let r = app.get(&url, cookie).await;
                assert_answered(&format!("GET {url:.120}"), r.status, &r.body);
            }
        }
    }
});
