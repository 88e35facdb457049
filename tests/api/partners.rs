//! The partner directory through its server functions.

use axum::http::StatusCode;
use commonplace::partners::directory::DirectoryPage;
use commonplace::partners::log::Interaction;
use commonplace::partners::model::PartnerRecord;
use commonplace::vocab::{Offering, Stage};
use serde_json::json;

use crate::both;
use crate::common::TestApp;

fn bakery() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Sweet Crumb Bakery"),
        ("kind", "local_business"),
        ("stage", "active"),
        ("description", "Sourdough and muffins on Mill Street."),
        ("neighborhood", "Old Mill"),
        ("latitude", "44.9801"),
        ("longitude", "-93.2650"),
        ("website", "sweetcrumb.example"),
        ("contacts[0][name]", "Rosa Diaz"),
        ("contacts[0][role]", "Owner"),
        ("contacts[0][email]", "rosa@sweetcrumb.example"),
        ("contacts[1][name]", ""),
        ("offerings[]", "refreshments"),
        ("offerings[]", "promotion"),
        ("goals[]", "literacy"),
        ("availability[]", "sat_morning"),
        ("tags", "Bread, muffins"),
    ]
}

async fn create(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> i64 {
    let r = app
        .call("/api/staff/partners/save", form, Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn search(app: &TestApp, cookie: &str, query: serde_json::Value) -> DirectoryPage {
    let mut q = json!({ "q": "", "kind": null, "offering": null, "goal": null, "audience": null, "stage": null,
        "neighborhood": null, "archived": false, "sort": "name", "page": 1, "per_page": 50 });
    for (k, v) in query.as_object().unwrap() {
        q[k] = v.clone();
    }
    let r = app
        .call_json(
            "/api/staff/partners/search",
            json!({ "query": q }),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

both!(partners_are_created_edited_and_archived, |app| {
    let staff = app.staff().await;
    let id = create(&app, &staff, &bakery()).await;
    let r = app
        .call(
            "/api/staff/partners/get",
            &[("id", &id.to_string())],
            Some(&staff),
        )
        .await;
    let rec: PartnerRecord = serde_json::from_str(&r.body).unwrap();
    assert_eq!(rec.partner.name, "Sweet Crumb Bakery");
    assert_eq!(
        rec.partner.website.as_deref(),
        Some("https://sweetcrumb.example")
    );
    assert_eq!(
        rec.partner.contacts.len(),
        1,
        "the blank contact row is skipped"
    );
    assert_eq!(
        rec.partner.offerings,
        vec![Offering::Refreshments, Offering::Promotion]
    );
    assert_eq!(rec.partner.tags, vec!["bread", "muffins"]);

    // Edit: new stage and a second contact.
    let sid = id.to_string();
    let mut form = bakery();
    form.push(("id", &sid));
    form.retain(|(k, _)| *k != "stage" && !k.starts_with("contacts[1]"));
    form.extend([
        ("stage", "paused"),
        ("contacts[1][name]", "Ben Diaz"),
        ("contacts[1][phone]", "555-0143"),
    ]);
    assert_eq!(create(&app, &staff, &form).await, id);
    let rec: PartnerRecord = serde_json::from_str(
        &app.call("/api/staff/partners/get", &[("id", &sid)], Some(&staff))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(rec.partner.stage, Stage::Paused);
    assert_eq!(rec.partner.contacts.len(), 2);

    // Archive hides it from the default directory.
    app.call(
        "/api/staff/partners/archive",
        &[("id", &sid), ("archived", "true")],
        Some(&staff),
    )
    .await;
    assert_eq!(search(&app, &staff, json!({})).await.total, 0);
    assert_eq!(
        search(&app, &staff, json!({ "archived": true }))
            .await
            .total,
        1
    );

    // Unknown partner.
    let missing = app
        .call("/api/staff/partners/get", &[("id", "999999")], Some(&staff))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
});

both!(invalid_partners_are_refused_field_by_field, |app| {
    let staff = app.staff().await;
    let form = [
        ("name", ""),
        ("kind", "spaceship"),
        ("stage", "active"),
        ("latitude", "123"),
        ("longitude", "1"),
        ("contacts[0][name]", "Nobody"),
        ("contacts[0][email]", "not-an-email"),
        ("offerings[]", "gold"),
    ];
    let r = app
        .call("/api/staff/partners/save", &form, Some(&staff))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = r.error();
    let f = e.fields().unwrap();
    for field in [
        "name",
        "kind",
        "latitude",
        "contacts[0][email]",
        "offerings",
    ] {
        assert!(f.get(field).is_some(), "no error for {field}: {f:?}");
    }
    assert_eq!(
        app.scalar("select count(*) from partners").await,
        0,
        "nothing half-written"
    );
    assert_eq!(app.scalar("select count(*) from contacts").await, 0);
});

both!(the_directory_searches_filters_sorts_and_pages, |app| {
    let staff = app.staff().await;
    create(&app, &staff, &bakery()).await;
    create(
        &app,
        &staff,
        &[
            ("name", "Station 7 Fire House"),
            ("kind", "emergency_services"),
            ("stage", "active"),
            ("neighborhood", "Eastside"),
            ("offerings[]", "storytime_reader"),
            ("offerings[]", "health_screening"),
            ("goals[]", "health"),
            ("contacts[0][name]", "Captain Ortiz"),
            ("contacts[0][phone]", "555-0170"),
        ],
    )
    .await;
    create(
        &app,
        &staff,
        &[
            ("name", "Purl & Loop Yarns"),
            ("kind", "local_business"),
            ("stage", "prospect"),
            ("neighborhood", "Old Mill"),
            ("offerings[]", "workshop_leader"),
            ("tags", "knitting"),
        ],
    )
    .await;
    commonplace::demo::seed_synthetic(&app.state.db, 120)
        .await
        .unwrap();

    let all = search(&app, &staff, json!({})).await;
    assert_eq!(all.total, 123);
    assert_eq!(all.rows.len(), 50);
    assert_eq!(all.pages(), 3);
    let names: Vec<&str> = all.rows.iter().map(|r| r.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "sorted by name");
    assert_eq!(
        search(&app, &staff, json!({ "page": 3 })).await.rows.len(),
        23
    );

    // Text search looks in names, tags and contact names.
    let q = |s: &str| json!({ "q": s });
    assert_eq!(
        search(&app, &staff, q("ortiz")).await.rows[0].name,
        "Station 7 Fire House"
    );
    assert_eq!(
        search(&app, &staff, q("KNITTING")).await.rows[0].name,
        "Purl & Loop Yarns"
    );
    assert_eq!(
        search(&app, &staff, q("100%")).await.total,
        0,
        "wildcards are literal"
    );

    let fire = search(
        &app,
        &staff,
        json!({ "offering": "health_screening", "neighborhood": "Eastside" }),
    )
    .await;
    assert!(fire.rows.iter().any(|r| r.name == "Station 7 Fire House"));
    assert!(fire
        .rows
        .iter()
        .all(|r| r.offerings.contains(&Offering::HealthScreening)));
    let eastside = search(&app, &staff, json!({ "neighborhood": "Eastside" })).await;
    assert!(
        eastside.total > fire.total && fire.total < all.total,
        "each filter narrows the list"
    );
    let prospects = search(
        &app,
        &staff,
        json!({ "stage": "prospect", "neighborhood": "Old Mill" }),
    )
    .await;
    assert!(prospects.rows.iter().all(|r| r.stage == Stage::Prospect));
    assert!(prospects.rows.iter().any(|r| r.name == "Purl & Loop Yarns"));
    assert!(all.neighborhoods.contains(&"Eastside".to_string()));
});

both!(the_interaction_log_keeps_history_newest_first, |app| {
    let staff = app.staff().await;
    let id = create(&app, &staff, &bakery()).await.to_string();
    let log = |date: &'static str, note: &'static str| {
        [
            ("partner_id", id.clone()),
            ("occurred_on", date.into()),
            ("kind", "call".into()),
            ("note", note.into()),
        ]
    };
    for (d, n) in [
        ("2026-01-10", "First call"),
        ("2026-02-01", "Agreed muffins for March"),
    ] {
        let f = log(d, n);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            app.call("/api/staff/partners/log", &f, Some(&staff))
                .await
                .status,
            StatusCode::OK
        );
    }
    let bad = app
        .call(
            "/api/staff/partners/log",
            &[
                ("partner_id", &id),
                ("occurred_on", "2027-06-01"),
                ("kind", "call"),
                ("note", ""),
            ],
            Some(&staff),
        )
        .await;
    let e = bad.error();
    assert_eq!(
        e.fields().unwrap().get("occurred_on"),
        Some("The date cannot be in the future.")
    );
    assert!(e.fields().unwrap().get("note").is_some());
    let list: Vec<Interaction> = serde_json::from_str(
        &app.call(
            "/api/staff/partners/interactions",
            &[("partner_id", &id)],
            Some(&staff),
        )
        .await
        .body,
    )
    .unwrap();
    assert_eq!(
        list.iter().map(|i| i.note.as_str()).collect::<Vec<_>>(),
        vec!["Agreed muffins for March", "First call"]
    );
    assert_eq!(list[0].staff_name.as_deref(), Some("Sam Staff"));
    let missing = app
        .call(
            "/api/staff/partners/log",
            &[
                ("partner_id", "424242"),
                ("occurred_on", "2026-01-10"),
                ("kind", "call"),
                ("note", "x"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
});

both!(the_directory_page_renders_without_javascript, |app| {
    let staff = app.staff().await;
    create(&app, &staff, &bakery()).await;
    let page = app
        .get("/staff/partners?offering=refreshments", Some(&staff))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sweet Crumb Bakery"));
    assert!(
        page.body
            .contains("<option value=\"refreshments\" selected"),
        "the filter stays selected"
    );
    let none = app
        .get("/staff/partners?offering=venue", Some(&staff))
        .await;
    assert!(none.body.contains("No partners match these filters."));
});

both!(coordinates_may_come_and_go, |app| {
    let staff = app.staff().await;
    for i in 0..12 {
        let name = format!("Alternating {i}");
        let (lat, lon) = if i % 2 == 0 {
            ("", "")
        } else {
            ("44.9", "-93.2")
        };
        let form = [
            ("name", name.as_str()),
            ("kind", "other"),
            ("stage", "prospect"),
            ("latitude", lat),
            ("longitude", lon),
        ];
        create(&app, &staff, &form).await;
    }
    assert_eq!(
        app.scalar("select count(*) from partners where latitude is not null")
            .await,
        6
    );
});

both!(
    a_log_entry_is_corrected_by_its_author_or_an_admin_only,
    |app| {
        let sam = app.staff().await;
        app.account("kim@library.example", "kim's long passphrase", false)
            .await;
        let kim = app
            .sign_in("kim@library.example", "kim's long passphrase")
            .await;
        let admin = app.admin().await;
        let id = create(&app, &sam, &bakery()).await;
        let today = crate::common::today().to_string();
        let r = app
            .call(
                "/api/staff/partners/log",
                &[
                    ("partner_id", &id.to_string()),
                    ("occurred_on", &today),
                    ("kind", "call"),
                    ("note", "Rosa can do muffins for 40 on Saturday."),
                ],
                Some(&sam),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let entries = |cookie: String| {
            let app = &app;
            async move {
                let r = app
                    .call(
                        "/api/staff/partners/interactions",
                        &[("partner_id", &id.to_string())],
                        Some(&cookie),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
                serde_json::from_str::<Vec<Interaction>>(&r.body).unwrap()
            }
        };
        let entry = entries(sam.clone()).await[0].clone();
        assert!(entry.can_change, "the author may change it");
        assert!(
            !entries(kim.clone()).await[0].can_change,
            "another librarian may not"
        );
        assert!(entries(admin.clone()).await[0].can_change, "an admin may");
        let change = |cookie: String, note: &'static str| {
            let app = &app;
            let today = today.clone();
            async move {
                app.call(
                    "/api/staff/partners/change_entry",
                    &[
                        ("partner_id", &id.to_string()),
                        ("id", &entry.id.to_string()),
                        ("occurred_on", &today),
                        ("kind", "visit"),
                        ("note", note),
                    ],
                    Some(&cookie),
                )
                .await
            }
        };

        // Someone else's entry: refused, and unchanged.
        let r = change(kim.clone(), "Kim was here.").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = app
            .call(
                "/api/staff/partners/delete_entry",
                &[
                    ("partner_id", &id.to_string()),
                    ("id", &entry.id.to_string()),
                ],
                Some(&kim),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert_eq!(entries(sam.clone()).await[0].note, entry.note);

        // A mistake comes back at its field.
        let r = change(sam.clone(), "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

        // The author corrects it; the log says it was edited, and by whom.
        let r = change(sam.clone(), "Rosa can do muffins for 60 on Saturday.").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let fixed = entries(kim.clone()).await[0].clone();
        assert_eq!(fixed.note, "Rosa can do muffins for 60 on Saturday.");
        assert_eq!(fixed.kind, commonplace::vocab::InteractionKind::Visit);
        assert!(fixed.edited_at.is_some());
        assert_eq!(fixed.edited_by.as_deref(), Some("Sam Staff"));
        assert_eq!(
            fixed.staff_name.as_deref(),
            Some("Sam Staff"),
            "still signed by its author"
        );
        let page = app.get(&format!("/staff/partners/{id}"), Some(&sam)).await;
        assert!(
            page.body.contains("edited "),
            "the history shows the correction"
        );
        assert!(page.body.contains("Edit or delete the entry of"));

        // An entry of another partner cannot be reached through this one.
        let other = create(
            &app,
            &sam,
            &[
                ("name", "Panel Gap Comics"),
                ("kind", "local_business"),
                ("stage", "prospect"),
            ],
        )
        .await;
        let r = app
            .call(
                "/api/staff/partners/delete_entry",
                &[
                    ("partner_id", &other.to_string()),
                    ("id", &entry.id.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

        // An admin may delete it.
        let r = app
            .call(
                "/api/staff/partners/delete_entry",
                &[
                    ("partner_id", &id.to_string()),
                    ("id", &entry.id.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(entries(sam.clone()).await.is_empty());
    }
);

both!(the_staff_menu_marks_exactly_one_page_current, |app| {
    let staff = app.staff().await;
    for (path, label) in [
        ("/staff/find", "Find partners"),
        ("/staff", "Home"),
        ("/staff/partners/new", "Partners"),
        ("/staff/outbox", "Outbox"),
    ] {
        let page = app.get(path, Some(&staff)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let start = page
            .body
            .find("<nav aria-label=\"Main\"")
            .expect("the main menu");
        let nav = &page.body[start..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert_eq!(
            nav.matches("aria-current=\"page\"").count(),
            1,
            "{path}: {nav}"
        );
        assert!(
            nav.contains(&format!("aria-current=\"page\">{label}</a>")),
            "{path}: {label} is the current page: {nav}"
        );
    }
});
