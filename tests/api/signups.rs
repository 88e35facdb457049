//! The public sign-up form and the review queue.

use axum::http::StatusCode;
use commonplace::error::AppError;
use commonplace::signups::model::SignupRecord;

use crate::both;
use crate::common::TestApp;

fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("org_name", "Purl & Loop Yarns"),
        ("kind", "local_business"),
        ("contact_name", "Dana Whit"),
        ("contact_email", "dana@purl.example"),
        ("offerings[]", "workshop_leader"),
        ("goals[]", "arts_culture"),
        ("availability[]", "wed_evening"),
        ("message", "We could teach a beginners' knitting circle."),
    ]
}

async fn pending(app: &TestApp, cookie: &str) -> Vec<SignupRecord> {
    let r = app
        .call(
            "/api/staff/signups/list",
            &[("status", "pending")],
            Some(cookie),
        )
        .await;
    serde_json::from_str(&r.body).unwrap()
}

both!(mistakes_come_back_at_their_fields, |app| {
    let r = app
        .call(
            "/api/public/join",
            &[
                ("org_name", ""),
                ("contact_email", "dana at purl"),
                ("kind", ""),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.error();
    let f = e.fields().unwrap();
    assert_eq!(f.get("org_name"), Some("Organization name is required."));
    assert_eq!(
        f.get("contact_email"),
        Some("Enter an e-mail address like name@example.org.")
    );
    assert_eq!(
        f.get("offerings"),
        Some("Choose at least one thing you could offer.")
    );
    assert!(f.get("kind").is_some() && f.get("contact_name").is_some());
    assert_eq!(app.scalar("select count(*) from signups").await, 0);

    // Without JavaScript the browser is sent back to the form with the errors in the URL,
    // and the page renders them at the fields.
    let post = app
        .form_post(
            "/api/public/join",
            &[("org_name", "")],
            "http://localhost/join",
            None,
        )
        .await;
    assert_eq!(post.status, StatusCode::FOUND);
    let back = post.header("location").replace("http://localhost", "");
    let page = app.get(&back, None).await;
    assert!(
        page.body.contains("Organization name is required."),
        "errors rendered on the page"
    );
    assert!(page.body.contains("aria-invalid=\"true\""));
});

both!(a_second_sign_up_updates_the_first, |app| {
    let r = app.call("/api/public/join", &good(), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("location"), "/join/thanks");
    let mut again = good();
    again.retain(|(k, _)| *k != "org_name" && *k != "contact_email" && *k != "message");
    again.extend([
        ("org_name", "PURL & LOOP yarns"),
        ("contact_email", "Dana@Purl.example"),
        ("message", "Also Saturdays."),
    ]);
    assert_eq!(
        app.call("/api/public/join", &again, None).await.status,
        StatusCode::OK
    );
    let staff = app.staff().await;
    let list = pending(&app, &staff).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].submissions, 2);
    assert_eq!(list[0].signup.message.as_deref(), Some("Also Saturdays."));
});

both!(bots_and_floods_are_stopped, |app| {
    let mut bot = good();
    bot.push(("fax_number", "555-0199"));
    let r = app.call("/api/public/join", &bot, None).await;
    assert_eq!(r.status, StatusCode::OK, "the bot is thanked");
    assert_eq!(
        app.scalar("select count(*) from signups").await,
        0,
        "and nothing is stored"
    );
    for i in 0..5 {
        let email = format!("owner{i}@shop.example");
        let name = format!("Shop number {i}");
        let mut f = good();
        f.retain(|(k, _)| *k != "org_name" && *k != "contact_email");
        f.extend([
            ("org_name", name.as_str()),
            ("contact_email", email.as_str()),
        ]);
        assert_eq!(
            app.call("/api/public/join", &f, None).await.status,
            StatusCode::OK
        );
    }
    let sixth = app.call("/api/public/join", &good(), None).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.scalar("select count(*) from signups").await, 5);
});

both!(approval_adds_the_partner_once, |app| {
    app.call("/api/public/join", &good(), None).await;
    let staff = app.staff().await;
    let id = pending(&app, &staff).await[0].id.to_string();
    let ok = app
        .call("/api/staff/signups/approve", &[("id", &id)], Some(&staff))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(app.scalar("select count(*) from partners where name = 'Purl & Loop Yarns' and stage = 'contacted'").await, 1);
    assert_eq!(
        app.scalar("select count(*) from interactions").await,
        1,
        "the sign-up is logged"
    );
    let twice = app
        .call("/api/staff/signups/approve", &[("id", &id)], Some(&staff))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(app.scalar("select count(*) from partners").await, 1);
    assert!(pending(&app, &staff).await.is_empty());
    // After approval the same organization can sign up again as a new pending entry.
    assert_eq!(
        app.call("/api/public/join", &good(), None).await.status,
        StatusCode::OK
    );
    assert_eq!(pending(&app, &staff).await.len(), 1);
});

both!(concurrent_approvals_create_one_partner, |app| {
    app.call("/api/public/join", &good(), None).await;
    let staff = app.staff().await;
    let id = pending(&app, &staff).await[0].id.to_string();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let router = app.router.clone();
        let (id, staff) = (id.clone(), staff.clone());
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let req = axum::http::Request::post("/api/staff/signups/approve")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", staff)
                .body(axum::body::Body::from(format!("id={id}")))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert_eq!(app.scalar("select count(*) from partners").await, 1);
});

both!(declining_keeps_the_reason, |app| {
    app.call("/api/public/join", &good(), None).await;
    let staff = app.staff().await;
    let id = pending(&app, &staff).await[0].id.to_string();
    let no_reason = app
        .call(
            "/api/staff/signups/decline",
            &[("id", &id), ("reason", " ")],
            Some(&staff),
        )
        .await;
    assert_eq!(
        no_reason.error(),
        AppError::field("reason", "Reason is required.")
    );
    let ok = app
        .call(
            "/api/staff/signups/decline",
            &[("id", &id), ("reason", "Outside our service area")],
            Some(&staff),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let r = app
        .call(
            "/api/staff/signups/list",
            &[("status", "declined")],
            Some(&staff),
        )
        .await;
    let list: Vec<SignupRecord> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        list[0].decline_reason.as_deref(),
        Some("Outside our service area")
    );
    assert_eq!(list[0].reviewed_by.as_deref(), Some("Sam Staff"));
    assert_eq!(app.scalar("select count(*) from partners").await, 0);
});
