//! Duplicate partners: a sign-up from an organization already listed is offered to it and
//! merged into it; two partners merge with everything that belongs to them.

use axum::http::StatusCode;
use commonplace::partners::merge::model::{Clue, Likeness, MergePreview};
use commonplace::partners::model::PartnerRecord;
use commonplace::signups::model::SignupRecord;

use crate::both;
use crate::common::TestApp;

/// Saves a partner through the staff form; returns its id.
async fn partner(app: &TestApp, staff: &str, form: &[(&str, &str)]) -> i64 {
    let mut pairs: Vec<(&str, &str)> = [("kind", "local_business"), ("stage", "prospect")]
        .into_iter()
        .filter(|(k, _)| !form.iter().any(|(f, _)| f == k))
        .collect();
    pairs.extend_from_slice(form);
    let r = app
        .call("/api/staff/partners/save", &pairs, Some(staff))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn yarn_shop(app: &TestApp, staff: &str) -> i64 {
    partner(
        app,
        staff,
        &[
            ("name", "Purl & Skein Yarn Shop"),
            ("website", "https://purlandskein.example"),
            ("offerings[]", "workshop_leader"),
            ("contacts[0][name]", "Jo Park"),
            ("contacts[0][email]", "jo@purlandskein.example"),
            ("contacts[0][phone]", "612-555-0142"),
            ("notes", "Prefers Wednesday evenings."),
        ],
    )
    .await
}

async fn join(app: &TestApp, org: &str, contact: &str, email: &str, phone: &str) {
    let r = app
        .call(
            "/api/public/join",
            &[
                ("org_name", org),
                ("kind", "local_business"),
                ("contact_name", contact),
                ("contact_email", email),
                ("contact_phone", phone),
                ("offerings[]", "materials_donation"),
                ("street", "12 Main Street"),
                ("message", "We could donate yarn for a knitting circle."),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn pending(app: &TestApp, staff: &str) -> Vec<SignupRecord> {
    let r = app
        .call(
            "/api/staff/signups/list",
            &[("status", "pending")],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn get(app: &TestApp, staff: &str, id: i64) -> PartnerRecord {
    let r = app
        .call(
            "/api/staff/partners/get",
            &[("id", &id.to_string())],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn log(app: &TestApp, staff: &str, id: i64) -> Vec<String> {
    let r = app
        .call(
            "/api/staff/partners/interactions",
            &[("partner_id", &id.to_string())],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entries: Vec<commonplace::partners::log::Interaction> =
        serde_json::from_str(&r.body).unwrap();
    entries.into_iter().map(|e| e.note).collect()
}

both!(
    a_sign_up_from_a_listed_partner_is_offered_to_it_and_merged_into_it,
    |app| {
        let staff = app.staff().await;
        let shop = yarn_shop(&app, &staff).await;
        join(
            &app,
            "Purl and Skein Yarn Shop, LLC",
            "Dana Whit",
            "dana@purlandskein.example",
            "(612) 555-0142",
        )
        .await;
        join(
            &app,
            "Still Water Yoga",
            "Meera Iyer",
            "meera@gmail.com",
            "",
        )
        .await;

        // The review queue names the partner it looks like, and why.
        let list = pending(&app, &staff).await;
        let purl = list
            .iter()
            .find(|s| s.signup.org_name.starts_with("Purl"))
            .unwrap();
        let yoga = list
            .iter()
            .find(|s| s.signup.org_name == "Still Water Yoga")
            .unwrap();
        assert_eq!(
            purl.likely,
            vec![Likeness {
                partner_id: shop,
                name: "Purl & Skein Yarn Shop".into(),
                archived: false,
                clues: vec![
                    Clue::Name,
                    Clue::Domain("purlandskein.example".into()),
                    Clue::Phone
                ],
            }]
        );
        assert!(yoga.likely.is_empty(), "{:?}", yoga.likely);
        let page = app.get("/staff/signups", Some(&staff)).await;
        assert!(
            page.body.contains("Already in the directory?"),
            "the page offers the merge"
        );
        assert!(page
            .body
            .contains("Add to Purl &amp; Skein Yarn Shop instead"));
        assert!(page
            .body
            .contains("Approve Purl and Skein Yarn Shop, LLC as a new partner"));

        // A sign-up filed under a partner that does not exist is refused, and stays pending.
        let r = app
            .call(
                "/api/staff/signups/merge",
                &[("id", &yoga.id.to_string()), ("partner_id", "999999")],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        assert_eq!(pending(&app, &staff).await.len(), 2);

        // Merged: no second partner; the shop gains the new contact, the offering and the address.
        let r = app
            .call(
                "/api/staff/signups/merge",
                &[
                    ("id", &purl.id.to_string()),
                    ("partner_id", &shop.to_string()),
                ],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Purl & Skein Yarn Shop"), "{}", r.body);
        assert_eq!(app.scalar("select count(*) from partners").await, 1);
        let p = get(&app, &staff, shop).await.partner;
        assert_eq!(p.name, "Purl & Skein Yarn Shop");
        let names: Vec<&str> = p.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Jo Park", "Dana Whit"]);
        assert_eq!(p.street.as_deref(), Some("12 Main Street"));
        assert_eq!(p.stage, commonplace::vocab::Stage::Contacted);
        assert_eq!(p.offerings.len(), 2);
        let entries = log(&app, &staff, shop).await;
        assert!(
            entries.iter().any(|e| e
                .contains("Signed up again through the public form as Dana Whit")
                && e.contains("New contact: Dana Whit")
                && e.contains("donate yarn")),
            "{entries:?}"
        );
        assert_eq!(
            app.scalar(&format!(
                "select count(*) from signups where status = 'approved' and partner_id = {shop}"
            ))
            .await,
            1
        );
        // Directory search finds the shop by the new contact's name.
        let page = app.get("/staff/partners?q=dana+whit", Some(&staff)).await;
        assert!(
            page.body.contains("Purl &amp; Skein Yarn Shop"),
            "search finds the new contact"
        );

        // A second review of the same sign-up is refused.
        let r = app
            .call(
                "/api/staff/signups/merge",
                &[
                    ("id", &purl.id.to_string()),
                    ("partner_id", &shop.to_string()),
                ],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    }
);

both!(
    merging_two_partners_moves_their_history_and_says_so,
    |app| {
        let staff = app.staff().await;
        let shop = yarn_shop(&app, &staff).await;
        let copy = partner(
            &app,
            &staff,
            &[
                ("name", "The Purl and Skein Yarn Shop Inc."),
                ("stage", "active"),
                ("neighborhood", "Old Town"),
                ("offerings[]", "volunteers"),
                ("tags", "yarn, knitting"),
                ("contacts[0][name]", "Jo Park"),
                ("contacts[0][email]", "JO@purlandskein.example"),
                ("contacts[1][name]", "Sam Lee"),
                ("contacts[1][phone]", "612-555-0177"),
                ("notes", "Has a back room for twelve."),
            ],
        )
        .await;
        let other = partner(
            &app,
            &staff,
            &[
                ("name", "Sweet Crumb Bakery"),
                ("contacts[0][name]", "Rosa"),
                ("contacts[0][email]", "rosa@gmail.com"),
            ],
        )
        .await;
        let r = app
            .call(
                "/api/staff/partners/log",
                &[
                    ("partner_id", &copy.to_string()),
                    ("kind", "call"),
                    ("note", "Talked about a knitting circle."),
                    ("occurred_on", &crate::common::today().to_string()),
                ],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        // Each is the other's likely duplicate; the bakery is nobody's.
        let r = app
            .call(
                "/api/staff/partners/likely_duplicates",
                &[("id", &shop.to_string())],
                Some(&staff),
            )
            .await;
        let likely: Vec<Likeness> = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            likely.iter().map(|l| l.partner_id).collect::<Vec<_>>(),
            [copy]
        );
        let r = app
            .call(
                "/api/staff/partners/likely_duplicates",
                &[("id", &other.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.body, "[]");

        // The preview says what will move, and moves nothing.
        let ids = [("kept", shop.to_string()), ("other", copy.to_string())];
        let pairs: Vec<(&str, &str)> = ids.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app
            .call("/api/staff/partners/merge_preview", &pairs, Some(&staff))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let preview: MergePreview = serde_json::from_str(&r.body).unwrap();
        assert_eq!((preview.contacts, preview.entries, preview.asks), (1, 1, 0));
        assert_eq!(preview.other_name, "The Purl and Skein Yarn Shop Inc.");
        assert_eq!(app.scalar("select count(*) from partners").await, 3);
        let page = app
            .get(
                &format!("/staff/partners/{shop}/merge?other={copy}"),
                Some(&staff),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Merge The Purl and Skein Yarn Shop Inc. into Purl &amp; Skein Yarn Shop"));
        assert!(
            page.body.contains("1 new contact, 1 log entry"),
            "the page says what moves"
        );

        // Into itself: refused.
        let r = app
            .call(
                "/api/staff/partners/merge",
                &[("kept", &shop.to_string()), ("other", &shop.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

        // The merge itself, as the browser sends it without JavaScript: back to the kept partner.
        let r = app
            .form_post(
                "/api/staff/partners/merge",
                &pairs,
                &format!("http://localhost/staff/partners/{shop}/merge?other={copy}"),
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        assert_eq!(
            r.header("location").replace("http://localhost", ""),
            format!("/staff/partners/{shop}?merged={copy}")
        );
        let p = get(&app, &staff, shop).await.partner;
        let names: Vec<&str> = p.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Jo Park", "Sam Lee"]);
        assert_eq!(p.stage, commonplace::vocab::Stage::Active);
        assert_eq!(p.neighborhood.as_deref(), Some("Old Town"));
        assert_eq!(p.tags, ["yarn", "knitting"]);
        assert_eq!(
        p.notes.as_deref(),
        Some("Prefers Wednesday evenings.\n\nFrom The Purl and Skein Yarn Shop Inc.: Has a back room for twelve.")
    );
        let entries = log(&app, &staff, shop).await;
        assert!(
            entries
                .iter()
                .any(|e| e == "Talked about a knitting circle."),
            "{entries:?}"
        );
        assert!(
            entries.iter().any(
                |e| e.starts_with("Merged “The Purl and Skein Yarn Shop Inc.”")
                    && e.contains("1 new contact, 1 log entry")
            ),
            "{entries:?}"
        );
        let r = app
            .call(
                "/api/staff/partners/get",
                &[("id", &copy.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(app.scalar("select count(*) from partners").await, 2);
        let page = app
            .get(
                &format!("/staff/partners/{shop}?merged={copy}"),
                Some(&staff),
            )
            .await;
        assert!(page
            .body
            .contains("The duplicate was merged into this partner."));

        // Merging the copy again (say, from a second tab) finds it gone.
        let r = app
            .call("/api/staff/partners/merge", &pairs, Some(&staff))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
);

both!(
    two_librarians_merging_one_copy_at_once_cannot_both_win,
    |app| {
        let staff = app.staff().await;
        let copy = partner(&app, &staff, &[("name", "Panel Gap Comics")]).await;
        let a = partner(&app, &staff, &[("name", "Panel Gap Comics LLC")]).await;
        let b = partner(&app, &staff, &[("name", "The Panel Gap Comics")]).await;
        let (copy_s, a_s, b_s) = (copy.to_string(), a.to_string(), b.to_string());
        let into_a = [("kept", a_s.as_str()), ("other", copy_s.as_str())];
        let into_b = [("kept", b_s.as_str()), ("other", copy_s.as_str())];
        let (ra, rb) = tokio::join!(
            app.call("/api/staff/partners/merge", &into_a, Some(&staff)),
            app.call("/api/staff/partners/merge", &into_b, Some(&staff)),
        );
        let mut statuses = [ra.status, rb.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::NOT_FOUND],
            "{} / {}",
            ra.body,
            rb.body
        );
        assert_eq!(app.scalar("select count(*) from partners").await, 2);
        let logged = app
            .scalar("select count(*) from interactions where note like 'Merged%'")
            .await;
        assert_eq!(logged, 1, "one merge, logged once");
    }
);
