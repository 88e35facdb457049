//! Asks end to end through their endpoints: draft, send (the e-mail reaches a real SMTP
//! server), the partner's link, answers, recognition, the sponsor wall, follow-ups, fatigue.

use axum::http::StatusCode;
use commonplace::asks::drafts::model::AskDraft;
use commonplace::asks::lists::model::AsksView;
use commonplace::asks::model::AskRecord;
use commonplace::asks::model::AskStatus;
use commonplace::error::AppError;
use commonplace::matching::model::NeedMatches;

use crate::both;
use crate::common::{mail_to, smtp_url, unique_address, TestApp};

struct World {
    staff: String,
    partner: i64,
    need: i64,
    email: String,
}

fn day(offset: i64) -> String {
    (crate::common::today() + time::Duration::days(offset)).to_string()
}

async fn partner(app: &TestApp, cookie: &str, name: &str, email: &str) -> i64 {
    let r = app
        .call(
            "/api/staff/partners/save",
            &[
                ("name", name),
                ("kind", "local_business"),
                ("stage", "active"),
                ("website", "https://sweetcrumb.example"),
                ("latitude", "44.9800"),
                ("longitude", "-93.2000"),
                ("offerings[]", "refreshments"),
                ("goals[]", "civic_life"),
                ("audiences[]", "adults"),
                ("availability[]", "sat_morning"),
                ("contacts[0][name]", "Pat Nobody"),
                ("contacts[0][role]", "Front counter"),
                ("contacts[0][phone]", "612-555-0100"),
                ("contacts[1][name]", "Rosa Diaz"),
                ("contacts[1][role]", "Owner"),
                ("contacts[1][email]", email),
            ],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let r = app
        .call(
            "/api/admin/branches/save",
            &[
                ("name", "Eastside Branch"),
                ("latitude", "44.9700"),
                ("longitude", "-93.2100"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let branch = r.body.clone();
    let email = unique_address("rosa");
    let partner = partner(app, &staff, "Sweet Crumb Bakery", &email).await;
    let r = app
        .call(
            "/api/staff/needs/save",
            &[
                ("title", "Refreshments for the community meeting"),
                ("offering", "refreshments"),
                ("goals[]", "civic_life"),
                ("branch_id", &branch),
                ("starts_on", &day(20)),
                ("time_of_day", "morning"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    World {
        staff,
        partner,
        need: r.body.parse().unwrap(),
        email,
    }
}

async fn draft(app: &TestApp, w: &World) -> AskDraft {
    let r = app
        .call(
            "/api/staff/asks/draft",
            &[
                ("partner_id", &w.partner.to_string()),
                ("need_id", &w.need.to_string()),
            ],
            Some(&w.staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// Saves the prefilled draft, with `change` applied to its fields.
async fn save(app: &TestApp, w: &World, change: &[(&'static str, &str)]) -> crate::common::Reply {
    let d = draft(app, w).await;
    let f = d.form;
    let mut form: Vec<(&str, String)> = vec![
        ("partner_id", f.partner_id),
        ("need_id", f.need_id),
        ("contact", f.contact),
        ("kind", f.kind),
        ("subject", f.subject),
        ("message", f.message),
        ("reply_by", f.reply_by),
    ];
    for r in &f.in_return {
        form.push(("in_return[]", r.clone()));
    }
    for (k, v) in change {
        form.retain(|(key, _)| key != k);
        form.push((k, v.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call("/api/staff/asks/save", &pairs, Some(&w.staff))
        .await
}

async fn ask(app: &TestApp, w: &World, id: i64) -> AskRecord {
    let r = app
        .call(
            "/api/staff/asks/get",
            &[("id", &id.to_string())],
            Some(&w.staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// Drafts and sends an ask; returns its id and the token from the e-mail that arrived.
async fn sent(app: &TestApp, w: &World) -> (i64, String) {
    let r = save(app, w, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id: i64 = r.body.parse().unwrap();
    let r = app
        .call(
            "/api/staff/asks/send",
            &[("id", &id.to_string())],
            Some(&w.staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mail = mail_to(&w.email).await;
    let at = mail
        .text
        .find("/answer/")
        .expect("the e-mail carries the answer link");
    let token: String = mail.text[at + 8..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (id, token)
}

async fn answer(app: &TestApp, token: &str, form: &[(&str, &str)]) -> crate::common::Reply {
    let mut pairs = vec![("token", token)];
    pairs.extend_from_slice(form);
    app.call("/api/public/asks/answer", &pairs, None).await
}

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

both!(a_draft_starts_from_the_template_for_the_need, |app| {
    let w = world(&app).await;
    let d = draft(&app, &w).await;
    assert_eq!(d.partner_name, "Sweet Crumb Bakery");
    assert_eq!(d.form.kind, "refreshments");
    assert_eq!(
        d.form.contact, "1",
        "the first contact with an e-mail address"
    );
    assert_eq!(
        d.form.subject,
        "Could Sweet Crumb Bakery bring refreshments to Refreshments for the community meeting?"
    );
    assert!(
        d.form.message.starts_with("Dear Rosa Diaz,"),
        "{}",
        d.form.message
    );
    assert!(d.form.message.contains("Eastside Branch is hosting"));
    assert!(d
        .form
        .message
        .contains("a mention in the library flyer and a sign at the front desk"));
    assert!(!d.form.message.contains('{'), "every placeholder is filled");
    assert_eq!(d.templates.len(), 3);
    // Another template on request.
    let other = d
        .templates
        .iter()
        .find(|t| t.template.kind.to_string() == "Sponsorship donation")
        .unwrap();
    let r = app
        .call(
            "/api/staff/asks/draft",
            &[
                ("partner_id", &w.partner.to_string()),
                ("template_id", &other.id.to_string()),
            ],
            Some(&w.staff),
        )
        .await;
    let d: AskDraft = serde_json::from_str(&r.body).unwrap();
    assert_eq!(d.form.kind, "sponsorship");
    assert!(d.form.in_return.contains(&"sponsor_list".to_string()));
});

both!(bad_drafts_are_refused_where_the_mistake_is, |app| {
    let w = world(&app).await;
    let fields = |r: crate::common::Reply| match r.error() {
        AppError::Invalid(f) => f,
        e => panic!("{e:?}"),
    };
    let e = fields(save(&app, &w, &[("reply_by", &day(-1))]).await);
    assert_eq!(
        e.get("reply_by"),
        Some("The reply-by date cannot be in the past.")
    );
    let e = fields(save(&app, &w, &[("reply_by", &day(31))]).await);
    assert!(e.get("reply_by").unwrap().contains("30 days"));
    let e = fields(save(&app, &w, &[("contact", "0")]).await);
    assert!(e.get("contact").unwrap().contains("no e-mail address"));
    let e = fields(save(&app, &w, &[("subject", ""), ("message", "Dear {contact}")]).await);
    assert_eq!(e.get("subject"), Some("Subject is required."));
    assert!(e.get("message").unwrap().contains("placeholder"));
    assert_eq!(
        app.scalar("select count(*) from asks").await,
        0,
        "nothing half-written"
    );
});

both!(
    an_ask_goes_out_by_email_and_the_partner_answers_through_its_link,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let (id, token) = sent(&app, &w).await;
        assert!(token.len() >= 32, "at least 128 bits");
        let a = ask(&app, &w, id).await;
        assert_eq!(a.status, AskStatus::Sent);
        assert!(a.expires_at.unwrap() - a.sent_at.unwrap() == 30 * 86_400);
        // Sending twice is refused, and so is changing a sent ask.
        let r = app
            .call(
                "/api/staff/asks/send",
                &[("id", &id.to_string())],
                Some(&w.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);

        // The partner opens the link, without an account.
        let page = app.get(&format!("/answer/{token}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Could Sweet Crumb Bakery bring refreshments"));
        assert!(page.body.contains("Yes, but on another date"));

        // Accepts, agreeing to be named.
        let r = answer(
            &app,
            &token,
            &[
                ("answer", "accept"),
                ("note", "Forty cookies, gladly."),
                ("listed", "on"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let a = ask(&app, &w, id).await;
        assert_eq!(a.status, AskStatus::Accepted);
        assert_eq!(a.answer_note.as_deref(), Some("Forty cookies, gladly."));
        assert_eq!(
            count(
                &app,
                "select count(*) from recognitions where ask_id = $1",
                id
            )
            .await,
            2
        );

        // The sponsor wall and the partner's page show it.
        let wall = app.get("/sponsors", None).await;
        assert!(
            wall.body.contains("Sweet Crumb Bakery"),
            "listed on the wall"
        );
        assert!(wall.body.contains("Refreshments"));

        // A second answer replaces the first: declining takes back the promises not yet kept.
        let r = answer(
            &app,
            &token,
            &[("answer", "decline"), ("note", "Sorry, our oven broke.")],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let a = ask(&app, &w, id).await;
        assert_eq!(a.status, AskStatus::Declined);
        assert_eq!(a.answers, 2);
        assert_eq!(
            count(
                &app,
                "select count(*) from asks where partner_id = $1",
                w.partner
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &app,
                "select count(*) from recognitions where ask_id = $1",
                id
            )
            .await,
            0
        );
        assert!(
            !app.get("/sponsors", None)
                .await
                .body
                .contains("Sweet Crumb Bakery"),
            "no current recognition, and no longer agreed"
        );

        // Proposing another date needs the date.
        let r = answer(&app, &token, &[("answer", "propose")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = answer(
            &app,
            &token,
            &[("answer", "propose"), ("proposed_on", &day(25))],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let a = ask(&app, &w, id).await;
        assert_eq!(a.status, AskStatus::Proposed);
        assert_eq!(a.proposed_on.as_deref(), Some(day(25).as_str()));

        // Every step is in the partner's log.
        let log: Vec<String> = sqlx::query_scalar(
            "select note from interactions where partner_id = $1 and kind = 'ask' order by id",
        )
        .bind(w.partner)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(log.len(), 4, "{log:?}");
        assert!(log[0].starts_with("Asked Rosa Diaz for refreshments"));
        assert!(log[1].contains("accepted") && log[1].contains("Forty cookies"));
        assert!(log[2].contains("declined (was accepted)"));
        assert!(log[3].contains("Proposed"));

        // Accepted again, then delivered: the link then takes no more answers.
        answer(&app, &token, &[("answer", "accept"), ("listed", "on")]).await;
        let r = app
            .call(
                "/api/staff/asks/fulfil",
                &[("id", &id.to_string())],
                Some(&w.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = answer(&app, &token, &[("answer", "decline")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(app
            .get(&format!("/answer/{token}"), None)
            .await
            .body
            .contains("marked this done"));
    }
);

both!(
    wrong_and_expired_links_say_so,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let (id, token) = sent(&app, &w).await;
        let page = app.get(&format!("/answer/{}", "0".repeat(64)), None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("This link does not open an ask"));
        let r = answer(&app, &"f".repeat(64), &[("answer", "accept")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // Thirty days on, the link has expired: a clear page, and no answer is taken.
        sqlx::query("update asks set sent_at = sent_at - 31 * 86400, expires_at = expires_at - 31 * 86400 where id = $1")
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let page = app.get(&format!("/answer/{token}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("This link expired on"), "{}", page.body);
        assert!(!page.body.contains("Send my answer"));
        let r = answer(&app, &token, &[("answer", "accept")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(matches!(r.error(), AppError::Conflict(m) if m.contains("expired")));
        assert_eq!(ask(&app, &w, id).await.status, AskStatus::Expired);
        let r = app
            .call(
                "/api/staff/asks/list",
                &[("status", "expired")],
                Some(&w.staff),
            )
            .await;
        let v: AsksView = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v.asks.iter().map(|a| a.id).collect::<Vec<_>>(), vec![id]);
    }
);

both!(
    answers_racing_each_other_count_once,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let (id, token) = sent(&app, &w).await;
        let mut tasks = Vec::new();
        for _ in 0..12 {
            let router = app.router.clone();
            let token = token.clone();
            tasks.push(tokio::spawn(async move {
                use tower::ServiceExt;
                let body = crate::common::encode_form(&[("token", &token), ("answer", "accept")]);
                let req = axum::http::Request::post("/api/public/asks/answer")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .body(axum::body::Body::from(body))
                    .unwrap();
                router.oneshot(req).await.unwrap().status()
            }));
        }
        let mut ok = 0;
        for t in tasks {
            let s = t.await.unwrap();
            assert!(s == StatusCode::OK || s == StatusCode::CONFLICT, "{s}");
            ok += usize::from(s == StatusCode::OK);
        }
        assert!(ok >= 1);
        let a = ask(&app, &w, id).await;
        assert_eq!(a.status, AskStatus::Accepted);
        assert_eq!(a.answers, ok as i64, "each answer taken once");
        assert_eq!(
            count(&app, "select count(*) from asks where id = $1", id).await,
            1
        );
        assert_eq!(
            count(
                &app,
                "select count(*) from recognitions where ask_id = $1",
                id
            )
            .await,
            2,
            "promised once"
        );
    }
);

async fn list(app: &TestApp, w: &World, status: &str) -> AsksView {
    let r = app
        .call(
            "/api/staff/asks/list",
            &[("status", status)],
            Some(&w.staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(
    unanswered_asks_come_up_for_follow_up,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let (id, _) = sent(&app, &w).await;
        assert!(
            list(&app, &w, "follow_up").await.asks.is_empty(),
            "sent today"
        );
        sqlx::query("update asks set sent_at = sent_at - 8 * 86400 where id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let v = list(&app, &w, "follow_up").await;
        assert_eq!(v.follow_up_days, 7);
        assert_eq!(v.asks.len(), 1);
        assert!(v.counts.contains(&("follow_up".to_string(), 1)));
        assert!(v.counts.contains(&("sent".to_string(), 1)));
        // An admin makes the delay longer.
        let admin = app.admin().await;
        let r = app
            .call(
                "/api/admin/asks/save_follow_up",
                &[("days", "10")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(list(&app, &w, "follow_up").await.asks.is_empty());
        let r = app
            .call(
                "/api/admin/asks/save_follow_up",
                &[("days", "0")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .call(
                "/api/admin/asks/save_follow_up",
                &[("days", "3")],
                Some(&w.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);

async fn matches(app: &TestApp, w: &World) -> NeedMatches {
    let r = app
        .call(
            "/api/staff/needs/matches",
            &[("id", &w.need.to_string())],
            Some(&w.staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(
    asks_feed_fatigue_and_track_record_into_matching,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let before = matches(&app, &w).await;
        let s = before
            .ranking
            .suggestions
            .iter()
            .find(|s| s.partner_id == w.partner)
            .expect("suggested");
        let score = s.score;
        sent(&app, &w).await;
        let after = matches(&app, &w).await;
        let s = after
            .ranking
            .suggestions
            .iter()
            .find(|s| s.partner_id == w.partner)
            .expect("still suggested");
        assert!(
            s.score < score,
            "a recent ask lowers the score ({} -> {})",
            score,
            s.score
        );
        assert!(
            s.factors
                .iter()
                .any(|f| f.reason.contains("asked today by Eastside Branch")),
            "{:?}",
            s.factors
        );
        // A second open ask reaches the cap: the partner is left out, and the list says why.
        sent(&app, &w).await;
        let capped = matches(&app, &w).await;
        assert!(capped
            .ranking
            .suggestions
            .iter()
            .all(|s| s.partner_id != w.partner));
        let out = capped
            .ranking
            .left_out
            .iter()
            .find(|l| l.partner_id == w.partner)
            .expect("left out");
        assert!(out.reason.contains("2 open asks"), "{}", out.reason);
    }
);

both!(
    the_flyer_names_listed_partners_and_prints_on_one_page,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let (id, token) = sent(&app, &w).await;
        let r = answer(&app, &token, &[("answer", "accept"), ("listed", "on")]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let due: String = sqlx::query_scalar(
            "select due_on from recognitions where ask_id = $1 and kind = 'flyer_mention'",
        )
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        let month = &due[..7];
        let flyer = app.get(&format!("/flyer?month={month}"), None).await;
        assert_eq!(flyer.status, StatusCode::OK);
        assert!(flyer.body.contains("Sweet Crumb Bakery"), "{}", flyer.body);
        assert!(flyer
            .body
            .contains("Refreshments for Refreshments for the community meeting"));
        let r = app
            .call("/api/public/flyer", &[("month", "2026-13")], None)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The ledger marks the item fulfilled, and logs the thank-you.
        let item: i64 = sqlx::query_scalar(
            "select id from recognitions where ask_id = $1 and kind = 'flyer_mention'",
        )
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        let r = app
            .call(
                "/api/staff/recognition/fulfil",
                &[("id", &item.to_string())],
                Some(&w.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .call(
                "/api/staff/recognition/fulfil",
                &[("id", &item.to_string())],
                Some(&w.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(
            count(
                &app,
                "select count(*) from interactions where partner_id = $1 and kind = 'thank_you'",
                w.partner
            )
            .await,
            1
        );
    }
);

async fn find(
    app: &TestApp,
    w: &World,
    form: &[(&str, &str)],
) -> commonplace::matching::find::FindView {
    let r = app
        .call("/api/staff/matching/find", form, Some(&w.staff))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(
    find_partners_ranks_for_a_need_or_a_description_within_filters,
    |app| {
        let w = world(&app).await;
        partner(
            &app,
            &w.staff,
            "Far Away Farm Stand",
            &unique_address("far"),
        )
        .await;
        sqlx::query("update partners set latitude = 45.5, kind = 'nonprofit' where name = 'Far Away Farm Stand'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        // A blank page has the choices and no ranking.
        let v = find(&app, &w, &[("need", "")]).await;
        assert!(v.result.is_none());
        assert_eq!(v.needs.len(), 1);
        assert_eq!(v.branches.len(), 1);
        // For the recorded need: both partners, the closer first.
        let v = find(&app, &w, &[("need", &w.need.to_string())]).await;
        let r = v.result.expect("a ranking");
        assert_eq!(r.need_id, Some(w.need));
        let names: Vec<&str> = r
            .ranking
            .suggestions
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, vec!["Sweet Crumb Bakery", "Far Away Farm Stand"]);
        // Within 5 km of the branch, or only local businesses: the farm stand is set aside.
        for filter in [("within_km", "5"), ("kind", "local_business")] {
            let v = find(&app, &w, &[("need", &w.need.to_string()), filter]).await;
            let r = v.result.unwrap();
            assert_eq!(r.filtered_out, 1, "{filter:?}");
            assert_eq!(r.ranking.suggestions.len(), 1);
        }
        // Described on the spot, with its branch: the reasons name the branch.
        let branch = v.branches[0].id.to_string();
        let v = find(
            &app,
            &w,
            &[
                ("offering", "refreshments"),
                ("branch_id", &branch),
                ("audiences[]", "adults"),
            ],
        )
        .await;
        let r = v.result.unwrap();
        assert_eq!(r.need_id, None);
        assert_eq!(r.title, "Refreshments for adults at Eastside Branch");
        assert!(r.ranking.suggestions[0]
            .factors
            .iter()
            .any(|f| f.reason.contains("from Eastside Branch")));
        // A bad filter is a field error beside the field, with the form still there.
        let v = find(
            &app,
            &w,
            &[("need", &w.need.to_string()), ("min_score", "500")],
        )
        .await;
        assert!(v.result.is_none());
        assert_eq!(
            v.errors.get("min_score"),
            Some("Give a score from 0 to 100.")
        );
        assert_eq!(v.needs.len(), 1);
        // The page works without JavaScript, its search in the URL.
        let page = app
            .get(
                &format!("/staff/find?need={}&kind=local_business", w.need),
                Some(&w.staff),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Draft ask"));
        assert!(
            page.body.contains(&format!(
                "/staff/asks/new?partner={}&amp;need={}",
                w.partner, w.need
            )),
            "one click to draft the ask"
        );
    }
);

both!(
    health_sorts_the_directory_and_puts_neglected_partnerships_at_risk,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        let other = partner(
            &app,
            &w.staff,
            // Before the bakery by name, so only the health order puts it after.
            "Aster Tea House",
            &unique_address("aster"),
        )
        .await;
        let log = [
            ("partner_id", other.to_string()),
            ("occurred_on", day(0)),
            ("kind", "visit".to_string()),
            ("note", "Tasting for the book club.".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = log.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app
            .call("/api/staff/partners/log", &pairs, Some(&w.staff))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // The bakery was asked long ago and never answered, and nobody has called since.
        let (id, _) = sent(&app, &w).await;
        sqlx::query("update asks set sent_at = sent_at - 40 * 86400, expires_at = expires_at - 40 * 86400 where id = $1")
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        sqlx::query("update interactions set occurred_on = $1 where partner_id = $2")
            .bind(day(-120))
            .bind(w.partner)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        sqlx::query("delete from settings where key = 'health_refreshed_on'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        commonplace::health::repo::refresh_daily(&app.state.db)
            .await
            .unwrap();

        let r = app
            .call("/api/staff/home/summary", &[], Some(&w.staff))
            .await;
        let home: commonplace::home::api::StaffSummary = serde_json::from_str(&r.body).unwrap();
        let risk = home
            .at_risk
            .iter()
            .find(|r| r.partner_id == w.partner)
            .expect("at risk");
        assert_eq!(risk.risks, "no contact in 90 days; 1 ask ignored");
        assert!(
            home.at_risk.iter().all(|r| r.partner_id != other),
            "the tea house is well looked after"
        );

        let page = app.get("/staff/partners?sort=health", Some(&w.staff)).await;
        let weak = page.body.find("Sweet Crumb Bakery").expect("listed");
        let strong = page.body.find("Aster Tea House").expect("listed");
        assert!(weak < strong, "weakest first");
        assert!(page
            .body
            .contains("At risk: no contact in 90 days; 1 ask ignored"));
        assert!(page.body.contains("answered 0 of 1 ask"));
    }
);

both!(
    an_accepted_ask_makes_a_prospect_active_and_the_log_says_why,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let w = world(&app).await;
        sqlx::query("update partners set stage = 'contacted' where id = $1")
            .bind(w.partner)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let stage = || async {
            sqlx::query_scalar::<_, String>("select stage from partners where id = $1")
                .bind(w.partner)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
        };
        let (_, token) = sent(&app, &w).await;
        let r = answer(&app, &token, &[("answer", "decline")]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(stage().await, "contacted", "a no moves nothing");
        let r = answer(&app, &token, &[("answer", "accept")]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(stage().await, "active");
        let activated = "select count(*) from interactions where partner_id = $1 and note like 'Now an active partner%'";
        assert_eq!(count(&app, activated, w.partner).await, 1);
        // Declining and accepting again logs no second move; a paused partnership stays paused.
        answer(&app, &token, &[("answer", "decline")]).await;
        sqlx::query("update partners set stage = 'paused' where id = $1")
            .bind(w.partner)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let r = answer(&app, &token, &[("answer", "accept")]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(stage().await, "paused");
        assert_eq!(count(&app, activated, w.partner).await, 1);
    }
);
