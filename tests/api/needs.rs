//! Branches, needs and matching through their server functions.

use axum::http::StatusCode;
use commonplace::error::AppError;
use commonplace::matching::branches::model::BranchRecord;
use commonplace::matching::model::{NeedMatches, PartnerFits};
use commonplace::matching::needs::model::{NeedRecord, NeedSummary};

use crate::both;
use crate::common::TestApp;

async fn branch(app: &TestApp, admin: &str, name: &str, lat: &str, lon: &str) -> i64 {
    let r = app
        .call(
            "/api/admin/branches/save",
            &[
                ("name", name),
                ("address", "1 Main St"),
                ("latitude", lat),
                ("longitude", lon),
            ],
            Some(admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn partner(
    app: &TestApp,
    cookie: &str,
    name: &str,
    stage: &str,
    offering: &str,
    lat: &str,
) -> i64 {
    let r = app
        .call(
            "/api/staff/partners/save",
            &[
                ("name", name),
                ("kind", "local_business"),
                ("stage", stage),
                ("latitude", lat),
                ("longitude", "-93.2000"),
                ("offerings[]", offering),
                ("goals[]", "civic_life"),
                ("audiences[]", "adults"),
                ("availability[]", "sat_morning"),
            ],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

fn need_form(branch_id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Refreshments for the community meeting".into()),
        ("offering", "refreshments".into()),
        ("goals[]", "civic_life".into()),
        ("audiences[]", "adults".into()),
        ("branch_id", branch_id.into()),
        // A Saturday.
        ("starts_on", "2026-12-05".into()),
        ("time_of_day", "morning".into()),
    ]
}

async fn save_need(
    app: &TestApp,
    cookie: &str,
    form: &[(&'static str, String)],
) -> crate::common::Reply {
    app.call("/api/staff/needs/save", &pairs(form), Some(cookie))
        .await
}

/// A form with owned values as the pairs the test client sends.
fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn fits(app: &TestApp, cookie: &str, partner_id: i64) -> PartnerFits {
    let r = app
        .call(
            "/api/staff/partners/fits",
            &[("partner_id", &partner_id.to_string())],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn matches(app: &TestApp, cookie: &str, id: i64) -> NeedMatches {
    let r = app
        .call(
            "/api/staff/needs/matches",
            &[("id", &id.to_string())],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(admins_keep_the_branches, |app| {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let id = branch(&app, &admin, "Eastside Branch", "44.95", "-93.20").await;

    // Names are unique whatever their case; half a coordinate is refused; nothing is stored.
    let r = app
        .call(
            "/api/admin/branches/save",
            &[("name", "EASTSIDE branch")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error().fields().unwrap().get("name"),
        Some("Another branch already has this name.")
    );
    let r = app
        .call(
            "/api/admin/branches/save",
            &[("name", "Northgate"), ("latitude", "45")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().fields().unwrap().get("longitude").is_some());
    assert_eq!(app.scalar("select count(*) from branches").await, 1);

    // Staff may read branches, not change them.
    let r = app
        .call(
            "/api/admin/branches/save",
            &[("name", "Westbrook")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Renaming keeps the id.
    let r = app
        .call(
            "/api/admin/branches/save",
            &[
                ("id", &id.to_string()),
                ("name", "Eastside Library"),
                ("latitude", "44.95"),
                ("longitude", "-93.2"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .call("/api/staff/branches/list", &[], Some(&staff))
        .await;
    let list: Vec<BranchRecord> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].id, list[0].branch.name.as_str()),
        (id, "Eastside Library")
    );
});

both!(needs_are_validated_listed_and_closed, |app| {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let b = branch(&app, &admin, "Central", "44.96", "-93.25")
        .await
        .to_string();

    // Every bad field is named; nothing is stored.
    let mut bad = need_form(&b);
    bad.retain(|(k, _)| *k != "title");
    bad.push(("ends_on", "2026-12-01".into()));
    let r = save_need(&app, &staff, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.error();
    let f = e.fields().unwrap();
    assert_eq!(f.get("title"), Some("Title is required."));
    assert_eq!(
        f.get("ends_on"),
        Some("The last day cannot come before the first.")
    );
    // A branch that does not exist is the branch field's error.
    let r = save_need(&app, &staff, &need_form("9999")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().fields().unwrap().get("branch_id").is_some());
    assert_eq!(app.scalar("select count(*) from needs").await, 0);

    // A poll link to a poll that is not there (an old or edited URL) is dropped, not an error.
    let mut form = need_form(&b);
    form.push(("poll_id", "4242".into()));
    let r = save_need(&app, &staff, &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id: i64 = r.body.parse().unwrap();
    let r = app
        .call(
            "/api/staff/needs/get",
            &[("id", &id.to_string())],
            Some(&staff),
        )
        .await;
    let rec: NeedRecord = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        rec.need.ends_on, "2026-12-05",
        "one day when no end is given"
    );
    assert_eq!(rec.branch_name, "Central");
    assert_eq!(rec.created_by.as_deref(), Some("Sam Staff"));
    assert_eq!(rec.need.poll_id, None);

    let list = |status: &'static str| {
        let app = &app;
        let staff = staff.clone();
        async move {
            let r = app
                .call("/api/staff/needs/list", &[("status", status)], Some(&staff))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            serde_json::from_str::<Vec<NeedSummary>>(&r.body).unwrap()
        }
    };
    assert_eq!(list("open").await.len(), 1);
    let r = app
        .call(
            "/api/staff/needs/set_status",
            &[("id", &id.to_string()), ("status", "filled")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(list("open").await.is_empty());
    assert_eq!(list("filled").await[0].id, id);
    assert_eq!(list("all").await.len(), 1);
    let r = app
        .call(
            "/api/staff/needs/set_status",
            &[("id", &id.to_string()), ("status", "done")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Strangers get nothing.
    let r = app.call("/api/staff/needs/list", &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
});

both!(matches_are_ranked_and_explained, |app| {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let b = branch(&app, &admin, "Eastside Branch", "44.9500", "-93.2000")
        .await
        .to_string();
    let near = partner(
        &app,
        &staff,
        "Near Bakery",
        "active",
        "refreshments",
        "44.9550",
    )
    .await;
    let far = partner(
        &app,
        &staff,
        "Far Bakery",
        "active",
        "refreshments",
        "45.1500",
    )
    .await;
    let paused = partner(
        &app,
        &staff,
        "Paused Bakery",
        "paused",
        "refreshments",
        "44.9500",
    )
    .await;
    let printer = partner(&app, &staff, "Print Shop", "active", "promotion", "44.9500").await;
    let gone = partner(
        &app,
        &staff,
        "Closed Bakery",
        "active",
        "refreshments",
        "44.9500",
    )
    .await;
    let r = app
        .call(
            "/api/staff/partners/archive",
            &[("id", &gone.to_string()), ("archived", "true")],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);

    let id: i64 = save_need(&app, &staff, &need_form(&b))
        .await
        .body
        .parse()
        .unwrap();
    let m = matches(&app, &staff, id).await;
    let order: Vec<i64> = m.ranking.suggestions.iter().map(|s| s.partner_id).collect();
    assert_eq!(
        order,
        vec![near, far, printer],
        "nearest offering partner first"
    );
    let best = &m.ranking.suggestions[0];
    let reasons: Vec<&str> = best.factors.iter().map(|f| f.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "offers refreshments",
            "shares the goal (civic life)",
            "serves adults",
            "free on Saturday mornings",
            "0.6 km from Eastside Branch",
            "no asks answered yet",
        ]
    );
    assert_eq!(
        best.score as i32,
        best.factors.iter().map(|f| f.points).sum::<i32>()
    );
    assert!(m.ranking.suggestions[2].factors[0]
        .reason
        .starts_with("does not list"));
    // Paused partners are named with the reason; archived ones are not candidates at all.
    assert_eq!(m.ranking.left_out.len(), 1);
    assert_eq!(m.ranking.left_out[0].partner_id, paused);
    assert_eq!(m.ranking.left_out[0].reason, "the partnership is paused");
    assert_eq!((m.ranking.suggested, m.ranking.left_out_count), (3, 1));

    // The page renders the same list without JavaScript.
    let page = app.get(&format!("/staff/needs/{id}"), Some(&staff)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Near Bakery") && page.body.contains("0.6 km from Eastside Branch"));
    assert!(page.body.contains("the partnership is paused"));

    // The reverse view on a partner's page.
    let near_fits = fits(&app, &staff, near).await;
    assert_eq!(near_fits.fits.len(), 1);
    assert_eq!(
        (near_fits.fits[0].need.id, near_fits.fits[0].score),
        (id, best.score)
    );
    let paused_fits = fits(&app, &staff, paused).await;
    assert_eq!(
        paused_fits.left_out.as_deref(),
        Some("the partnership is paused")
    );
});

both!(admins_set_the_weights_and_explanations_follow, |app| {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let b = branch(&app, &admin, "Eastside Branch", "44.9500", "-93.2000")
        .await
        .to_string();
    let near = partner(
        &app,
        &staff,
        "Near Bakery",
        "active",
        "refreshments",
        "44.9550",
    )
    .await;
    let id: i64 = save_need(&app, &staff, &need_form(&b))
        .await
        .body
        .parse()
        .unwrap();
    let before = matches(&app, &staff, id).await.ranking.suggestions[0].score;
    assert!(before < 100);

    let only_offering = [
        ("offering", "10"),
        ("goals", "0"),
        ("audience", "0"),
        ("availability", "0"),
        ("distance", "0"),
        ("track_record", "0"),
        ("fatigue_per_ask", "15"),
        ("fatigue_days", "30"),
        ("open_ask_cap", "2"),
        ("far_km", "20"),
    ];
    let r = app
        .call(
            "/api/admin/matching/save_weights",
            &only_offering,
            Some(&staff),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "staff cannot change the weights"
    );
    let mut bad = only_offering.to_vec();
    bad[0] = ("offering", "lots");
    let r = app
        .call("/api/admin/matching/save_weights", &bad, Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(r.error(), AppError::Invalid(f) if f.get("offering").is_some()));

    let r = app
        .call(
            "/api/admin/matching/save_weights",
            &only_offering,
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = matches(&app, &staff, id).await;
    assert_eq!(m.weights.offering, 10);
    let s = &m.ranking.suggestions[0];
    assert_eq!((s.partner_id, s.score), (near, 100));
    assert_eq!(s.factors[0].points, 100);
    assert!(s.factors[1..].iter().all(|f| f.points == 0));
});

both!(needs_work_without_javascript, |app| {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let b = branch(&app, &admin, "Central", "44.96", "-93.25")
        .await
        .to_string();

    // A form post with a mistake comes back to the form with the message on the field.
    let mut bad = need_form(&b);
    bad.retain(|(k, _)| *k != "starts_on");
    let post = app
        .form_post(
            "/api/staff/needs/save",
            &pairs(&bad),
            "http://localhost/staff/needs/new",
            Some(&staff),
        )
        .await;
    assert_eq!(post.status, StatusCode::FOUND);
    let back = post.header("location").replace("http://localhost", "");
    let page = app.get(&back, Some(&staff)).await;
    assert!(
        page.body.contains("Give the date of the need."),
        "{}",
        page.body
    );
    assert_eq!(app.scalar("select count(*) from needs").await, 0);

    // A good one opens the need's page.
    let good = need_form(&b);
    let post = app
        .form_post(
            "/api/staff/needs/save",
            &pairs(&good),
            "http://localhost/staff/needs/new",
            Some(&staff),
        )
        .await;
    assert_eq!(post.status, StatusCode::FOUND);
    let id = app.scalar("select max(id) from needs").await;
    assert_eq!(post.header("location"), format!("/staff/needs/{id}"));

    // A poll's "Find partners" link prefills the form.
    let page = app
        .get("/staff/needs/new?poll=1&title=Tai%20chi%20in%20the%20park&offering=workshop_leader&goal=health", Some(&staff))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"Tai chi in the park\""));
    assert!(page
        .body
        .contains("<option value=\"workshop_leader\" selected"));
    assert!(page.body.contains("name=\"poll_id\" value=\"1\""));
});
