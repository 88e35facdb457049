//! Programs end to end through their endpoints: scheduling without double-booking, the public
//! calendar and its iCalendar feed, registration with a waitlist under load, the manage link,
//! promotion, the roster and check-in, and bad input.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::http::StatusCode;
use commonplace::error::AppError;
use commonplace::programs::booking::model::{
    Booked, ManageView, RegState, Roster, MAYBE_REGISTERED,
};
use commonplace::programs::calendar::model::PresentedProgram;
use commonplace::programs::letters::service::{send_reminders, Site};

use crate::both;
use crate::common::{mail_to, smtp_url, unique_address, TestApp};

fn day(offset: i64) -> String {
    (crate::common::today() + time::Duration::days(offset)).to_string()
}

/// A day `weeks` weeks on that falls on a Saturday.
fn saturday(weeks: i64) -> String {
    let today = crate::common::today();
    let ahead = (5 - i64::from(today.weekday().number_days_from_monday())).rem_euclid(7);
    (today + time::Duration::days(ahead + 7 * weeks.max(1))).to_string()
}

struct Place {
    admin: String,
    staff: String,
    room: String,
    other_room: String,
    station: String,
}

async fn place(app: &TestApp) -> Place {
    let admin = app.admin().await;
    let r = app
        .call(
            "/api/admin/branches/save",
            &[("name", "Central Library")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let branch = r.body.clone();
    let room = |name: &'static str, cap: &'static str| {
        let branch = branch.clone();
        let admin = admin.clone();
        async move {
            let r = app
                .call(
                    "/api/admin/rooms/add",
                    &[
                        ("branch", &branch),
                        ("name", name),
                        ("capacity", cap),
                        ("accessibility", "Step-free entrance; hearing loop"),
                    ],
                    Some(&admin),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.body
        }
    };
    let story = room("Story Room", "1000").await;
    let meeting = room("Meeting Room B", "40").await;
    let staff = app.staff().await;
    let r = app
        .call(
            "/api/staff/partners/save",
            &[
                ("name", "Fire Station 3"),
                ("kind", "emergency_services"),
                ("stage", "active"),
                ("website", "https://station3.example"),
                ("offerings[]", "presenter"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    Place {
        admin,
        staff,
        room: story,
        other_room: meeting,
        station: r.body,
    }
}

async fn schedule(app: &TestApp, staff: &str, extra: &[(&str, &str)]) -> crate::common::Reply {
    let mut form: Vec<(&str, &str)> = vec![
        ("title", "Storytime with Fire Station 3"),
        ("description", "Stories, songs and a real fire truck."),
        ("audiences[]", "families"),
        ("goals[]", "early_childhood"),
        ("starts", "10:30"),
        ("ends", "11:15"),
        ("capacity", "25"),
        ("registration", "required"),
        ("party_limit", "4"),
        ("publish", "on"),
    ];
    for (k, v) in extra {
        form.retain(|(fk, _)| fk != k || k.ends_with("[]"));
        form.push((k, v));
    }
    app.call("/api/staff/programs/create", &form, Some(staff))
        .await
}

async fn program(app: &TestApp, staff: &str, extra: &[(&str, &str)]) -> i64 {
    let r = schedule(app, staff, extra).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.parse().unwrap()
}

async fn register(
    app: &TestApp,
    program: i64,
    name: &str,
    email: &str,
    party: i64,
) -> crate::common::Reply {
    app.call(
        "/api/public/programs/register",
        &[
            ("program", &program.to_string()),
            ("name", name),
            ("email", email),
            ("party_size", &party.to_string()),
        ],
        None,
    )
    .await
}

async fn booked(app: &TestApp, program: i64, name: &str, email: &str, party: i64) -> Booked {
    let r = register(app, program, name, email, party).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn manage(app: &TestApp, token: &str) -> ManageView {
    let r = app
        .call(
            "/api/public/programs/registration",
            &[("token", token)],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn roster(app: &TestApp, staff: &str, id: i64) -> Roster {
    let r = app
        .call(
            "/api/staff/programs/roster",
            &[("id", &id.to_string())],
            Some(staff),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn seats_taken(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("select seats_taken from programs where id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// The first message to `to` whose text contains `needle`, waiting for it.
async fn mail_with(to: &str, needle: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let found = crate::common::smtp_sink()
            .1
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .map(|m| plain(&m.text))
            .find(|t| t.contains(needle));
        if let Some(t) = found {
            return t;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "no message for {to} with {needle:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A message's text with quoted-printable soft line breaks and `=3D` undone.
fn plain(text: &str) -> String {
    text.replace("=\r\n", "").replace("=3D", "=")
}

both!(
    a_room_and_a_partner_presenter_are_never_double_booked,
    |app| {
        let p = place(&app).await;
        let first = saturday(1);
        // A weekly storytime, four Saturdays, the fire station presenting.
        let storytime = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &first),
                ("repeat_days[]", "sat"),
                ("repeat_weeks", "4"),
                ("register_for", "series"),
                ("presenters[]", &p.station),
                ("teardown_minutes", "15"),
            ],
        )
        .await;
        let sessions: i64 = app
            .scalar(&format!(
                "select count(*) from programs where series_id = {storytime}"
            ))
            .await;
        assert_eq!(sessions, 4);

        // The same room at an overlapping time on the third Saturday: refused, the storytime named.
        let third = saturday(3);
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("title", "Lego club"),
                ("room", &p.room),
                ("day", &third),
                ("starts", "11:00"),
                ("ends", "12:00"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let clash = match r.error() {
            AppError::DoubleBooked(c) => c,
            e => panic!("{e:?}"),
        };
        let m = clash.to_string();
        assert!(m.contains("Storytime with Fire Station 3"), "{m}");
        // The other program is named by id (the page links it): a session of the storytime.
        let series = app
            .scalar(&format!(
                "select series_id from programs where id = {}",
                clash.program_id
            ))
            .await;
        assert_eq!(series, storytime, "{clash:?}");
        // Teardown counts: 11:20 is inside the storytime's 15 minutes; 11:30 is free.
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("title", "Lego club"),
                ("room", &p.room),
                ("day", &third),
                ("starts", "11:20"),
                ("ends", "12:00"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        program(
            &app,
            &p.staff,
            &[
                ("title", "Lego club"),
                ("room", &p.room),
                ("day", &third),
                ("starts", "11:30"),
                ("ends", "12:00"),
            ],
        )
        .await;
        // The fire station cannot be in two places: another room, same time.
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("title", "Fire safety for seniors"),
                ("room", &p.other_room),
                ("day", &first),
                ("presenters[]", &p.station),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(
            matches!(r.error(), AppError::DoubleBooked(c) if c.to_string().contains("Fire Station 3"))
        );
        // A draft holds nothing; publishing it is refused while the clash stands.
        let draft = program(
            &app,
            &p.staff,
            &[
                ("title", "Puppet show"),
                ("room", &p.room),
                ("day", &first),
                ("publish", ""),
            ],
        )
        .await;
        let r = app
            .call(
                "/api/staff/programs/publish",
                &[("id", &draft.to_string())],
                Some(&p.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let status: String = sqlx::query_scalar("select status from programs where id = $1")
            .bind(draft)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "draft", "a refused publish changes nothing");

        // The feed lists the four storytime sessions, as valid iCalendar.
        let r = app.get("/programs.ics", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header("content-type").starts_with("text/calendar"));
        let cal: icalendar::Calendar = r.body.parse().expect("valid iCalendar");
        let stories = cal
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .filter(|e| {
                icalendar::Component::get_summary(*e) == Some("Storytime with Fire Station 3")
            })
            .count();
        assert_eq!(stories, 4, "{}", r.body);
        assert!(!r.body.contains("Puppet show"), "drafts stay off the feed");
        // Filters are query parameters; one program's .ics is there too.
        let r = app.get("/programs.ics?audience=seniors", None).await;
        assert!(!r.body.contains("Storytime"));
        let r = app.get(&format!("/programs/{storytime}/ics"), None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("BEGIN:VEVENT") && r.body.contains("LOCATION:Central Library"),
            "{}",
            r.body
        );
        assert_eq!(
            app.get(&format!("/programs/{draft}/ics"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    the_public_calendar_and_program_page_work_without_javascript,
    |app| {
        let p = place(&app).await;
        let id = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(10)),
                ("presenters[]", &p.station),
            ],
        )
        .await;
        let page = app.get("/programs?audience=families", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Storytime with Fire Station 3"));
        assert!(page.body.contains("25 seats left"));
        let page = app.get("/programs?audience=seniors", None).await;
        assert!(!page.body.contains("Storytime with Fire Station 3"));
        let page = app.get(&format!("/programs/{id}"), None).await;
        assert!(page.body.contains("25 of 25 seats left."));
        assert!(page.body.contains("application/ld+json"));
        assert!(page.body.contains("\"@type\":\"Event\""));
        assert!(
            page.body.contains("href=\"https://station3.example\""),
            "the credit links to the partner"
        );
        assert!(page.body.contains("Fire Station 3"));
        // Registering with a plain form post lands on the manage page.
        let email = unique_address("ana");
        let r = app
            .form_post(
                "/api/public/programs/register",
                &[
                    ("program", &id.to_string()),
                    ("name", "Ana Ruiz"),
                    ("email", &email),
                    ("party_size", "3"),
                    ("needs", "Stroller parking"),
                ],
                &format!("http://localhost/programs/{id}"),
                None,
            )
            .await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
        let to = r.header("location");
        assert!(to.starts_with("/programs/manage/"), "{to}");
        let page = app.get(&to, None).await;
        assert!(
            page.body.contains("You are registered: 3 people."),
            "{}",
            page.body
        );
        assert_eq!(seats_taken(&app, id).await, 3);
        // The calendar and the program page are kept between writes; the registration was one.
        let page = app.get(&format!("/programs/{id}"), None).await;
        assert!(page.body.contains("22 of 25 seats left."), "{}", page.body);
        assert!(app
            .get("/programs", None)
            .await
            .body
            .contains("22 seats left"));
    }
);

/// Fires `n` registrations at once, party size 1, unique e-mails.
async fn race(
    app: &Arc<TestApp>,
    id: i64,
    n: usize,
    tag: &str,
) -> (Vec<Booked>, std::time::Duration) {
    let start = std::time::Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let app = app.clone();
            let email = format!("{tag}{i}@patrons.example");
            tokio::spawn(async move { register(&app, id, "Patron", &email, 1).await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(
            r.status,
            StatusCode::OK,
            "every request succeeds: {}",
            r.body
        );
        out.push(serde_json::from_str::<Booked>(&r.body).unwrap());
    }
    (out, start.elapsed())
}

both!(
    a_thousand_simultaneous_registrations_never_oversell,
    |c| {
        // A thousand patrons, not one client: the per-address limit is another test's.
        c.bookings_per_hour = 0;
    },
    |app| {
        let p = place(&app).await;
        let app = Arc::new(app);
        for (i, capacity) in [1i64, 10, 100, 999].into_iter().enumerate() {
            let cap = capacity.to_string();
            let when = day(5 + i as i64);
            let id = program(
                &app,
                &p.staff,
                &[
                    ("room", &p.room),
                    ("day", &when),
                    ("capacity", &cap),
                    ("party_limit", "1"),
                ],
            )
            .await;
            let (replies, took) = race(&app, id, 1000, &format!("c{capacity}-")).await;
            let confirmed = replies
                .iter()
                .filter(|b| b.state == RegState::Confirmed)
                .count() as i64;
            assert_eq!(confirmed, capacity.min(1000));
            let positions: Vec<i64> = replies.iter().filter_map(|b| b.position).collect();
            let expected: BTreeSet<i64> = (1..=(1000 - confirmed)).collect();
            assert_eq!(
                positions.iter().copied().collect::<BTreeSet<_>>(),
                expected,
                "waitlist places 1..N, no gaps, no repeats"
            );
            assert_eq!(positions.len() as i64, 1000 - confirmed);
            assert_eq!(
                seats_taken(&app, id).await,
                confirmed,
                "the seat counter equals the seats given"
            );
            let stored: i64 = app
            .scalar(&format!("select count(*) from registrations where program_id = {id} and state = 'confirmed'"))
            .await;
            assert_eq!(stored, confirmed);
            eprintln!("race: capacity {capacity}: 1000 registrations in {took:?}");
        }
    }
);

both!(
    cancellations_racing_registrations_keep_the_books_straight,
    |c| {
        // A thousand patrons, not one client: the per-address limit is another test's.
        c.bookings_per_hour = 0;
    },
    |app| {
        let p = place(&app).await;
        let app = Arc::new(app);
        let id = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(6)),
                ("capacity", "200"),
                ("party_limit", "3"),
            ],
        )
        .await;
        let mut first = Vec::new();
        for i in 0..200 {
            first.push(booked(&app, id, "Early", &format!("early{i}@patrons.example"), 1).await);
        }
        assert!(first.iter().all(|b| b.state == RegState::Confirmed));
        let cancels = first.into_iter().map(|b| {
            let app = app.clone();
            tokio::spawn(async move {
                app.call(
                    "/api/public/programs/cancel_registration",
                    &[("token", &b.token)],
                    None,
                )
                .await
            })
        });
        let joins = (0..200).map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                register(
                    &app,
                    id,
                    "Late",
                    &format!("late{i}@patrons.example"),
                    1 + (i % 3) as i64,
                )
                .await
            })
        });
        let all: Vec<_> = cancels.chain(joins).collect();
        for t in all {
            let r = t.await.unwrap();
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let taken = seats_taken(&app, id).await;
        let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "select state, party_size, waitlist_seq from registrations where program_id = $1 order by waitlist_seq",
    )
    .bind(id)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
        let confirmed: i64 = rows
            .iter()
            .filter(|r| r.0 == "confirmed")
            .map(|r| r.1)
            .sum();
        assert_eq!(taken, confirmed, "the counter equals the confirmed seats");
        assert!((0..=200).contains(&taken));
        assert_eq!(rows.iter().filter(|r| r.0 == "cancelled").count(), 200);
        // Everyone still waiting has a party too big for the seats left: nobody was skipped.
        for (state, party, _) in &rows {
            if state == "waiting" {
                assert!(
                    *party > 200 - taken,
                    "a waiting party of {party} fits in {} free seats",
                    200 - taken
                );
            }
        }
        let seqs: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
        assert_eq!(
            seqs.len(),
            seqs.iter().collect::<BTreeSet<_>>().len(),
            "waitlist numbers are unique"
        );
    }
);

both!(
    a_cancellation_promotes_the_first_party_that_fits,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let p = place(&app).await;
        let id = program(
            &app,
            &p.staff,
            &[("room", &p.room), ("day", &day(8)), ("capacity", "4")],
        )
        .await;
        let (a, b, c, d) = (
            unique_address("avery"),
            unique_address("blake"),
            unique_address("casey"),
            unique_address("drew"),
        );
        let ta = booked(&app, id, "Avery", &a, 3).await;
        let tb = booked(&app, id, "Blake", &b, 1).await;
        let family = booked(&app, id, "Casey", &c, 3).await;
        assert_eq!(
            (family.state, family.position),
            (RegState::Waiting, Some(1))
        );
        let single = booked(&app, id, "Drew", &d, 1).await;
        assert_eq!(single.position, Some(2));
        let mail = plain(&mail_to(&c).await.text);
        assert!(mail.contains("number 1"), "{mail}");
        assert!(
            mail.contains("text/calendar") && mail.contains(&format!("program-{id}.ics")),
            "the .ics is attached: {mail}"
        );
        assert!(
            mail.contains(&format!("/programs/manage/{}", family.token)),
            "the e-mail carries the manage link"
        );

        // One seat frees up: the family of three does not fit and keeps its place; Drew is in.
        let r = app
            .call(
                "/api/public/programs/cancel_registration",
                &[("token", &tb.token)],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(manage(&app, &single.token).await.state, RegState::Confirmed);
        let v = manage(&app, &family.token).await;
        assert_eq!((v.state, v.position), (RegState::Waiting, Some(1)));
        let promoted = mail_with(&d, "Subject: A place opened up").await;
        assert!(promoted.contains("now registered"), "{promoted}");
        // Blake is told the cancellation went through.
        let told = mail_with(&b, "Subject: Cancelled: your registration for Storytime").await;
        assert!(
            plain(&told).contains("As you asked, your registration for Storytime"),
            "{told}"
        );

        // Avery lowers the party to one: two seats free, still not three.
        let r = app
            .call(
                "/api/public/programs/change_party",
                &[("token", &ta.token), ("party_size", "1")],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(manage(&app, &family.token).await.state, RegState::Waiting);
        // A capacity increase makes room: the family is promoted.
        let r = app
            .call(
                "/api/staff/programs/set_capacity",
                &[("id", &id.to_string()), ("capacity", "5")],
                Some(&p.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = manage(&app, &family.token).await;
        assert_eq!(v.state, RegState::Confirmed);
        assert_eq!(seats_taken(&app, id).await, 5);
        // The capacity cannot go below the seats taken.
        let r = app
            .call(
                "/api/staff/programs/set_capacity",
                &[("id", &id.to_string()), ("capacity", "4")],
                Some(&p.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
);

both!(
    staff_check_in_export_and_cancel_with_everyone_told,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let p = place(&app).await;
        let id = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(9)),
                ("presenters[]", &p.station),
            ],
        )
        .await;
        let ana = unique_address("ana");
        let ben = unique_address("ben");
        booked(&app, id, "Ana Ruiz", &ana, 2).await;
        booked(&app, id, "=cmd|' /C calc'!A0", &ben, 1).await;
        let r = roster(&app, &p.staff, id).await;
        assert_eq!(r.confirmed_people, 3);
        let ana_id = r.entries.iter().find(|e| e.name == "Ana Ruiz").unwrap().id;
        let res = app
            .call(
                "/api/staff/programs/mark_attendance",
                &[
                    ("registration", &ana_id.to_string()),
                    ("attendance", "attended"),
                ],
                Some(&p.staff),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(roster(&app, &p.staff, id).await.attended_people, 2);
        let csv = app
            .get(&format!("/staff/programs/{id}/roster.csv"), Some(&p.staff))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.body.contains("Ana Ruiz,") && csv.body.contains("Attended"),
            "{}",
            csv.body
        );
        assert!(
            csv.body.contains("'=cmd"),
            "formulas are defused: {}",
            csv.body
        );
        assert_ne!(
            app.get(&format!("/staff/programs/{id}/roster.csv"), None)
                .await
                .status,
            StatusCode::OK
        );
        // The partner's page lists the program with its registrations.
        let r = app
            .call(
                "/api/staff/partners/programs",
                &[("partner", &p.station)],
                Some(&p.staff),
            )
            .await;
        let list: Vec<PresentedProgram> = serde_json::from_str(&r.body).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].confirmed, 3);
        // The roster says who a cancellation would write to before anything is done.
        let page = app
            .get(&format!("/staff/programs/{id}"), Some(&p.staff))
            .await;
        assert!(
            page.body.contains("2 registered parties (")
                && page
                    .body
                    .contains("will each get a letter saying it is cancelled"),
            "the confirmation counts the parties"
        );
        assert!(page.body.contains("Cancel the program and write to 2"));
        // Cancelling asks for the box to be ticked; until it is, nothing happens.
        let r = app
            .call(
                "/api/staff/programs/cancel",
                &[("id", &id.to_string())],
                Some(&p.staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.error().fields().unwrap().get("confirm").is_some());
        assert_eq!(
            app.scalar(&format!(
                "select count(*) from programs where id = {id} and status = 'cancelled'"
            ))
            .await,
            0
        );
        // Cancelling the program tells both, with the librarian's note.
        let r = app
            .call(
                "/api/staff/programs/cancel",
                &[
                    ("id", &id.to_string()),
                    ("confirm", "yes"),
                    (
                        "note",
                        "The fire truck is needed elsewhere; we hope to hold it in March.",
                    ),
                ],
                Some(&p.staff),
            )
            .await;
        assert_eq!(r.body, "2");
        let letter = mail_with(&ana, "Subject: Cancelled: Storytime").await;
        assert!(letter.contains("is cancelled"), "{letter}");
        assert!(
            plain(&letter).contains("A note from the library: The fire truck is needed elsewhere; we hope to hold it in March."),
            "{letter}"
        );
        mail_with(&ben, "Subject: Cancelled: Storytime").await;
        let r = register(&app, id, "Cal", &unique_address("cal"), 1).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(
            r.error(),
            AppError::Conflict("This program was cancelled.".into())
        );
    }
);

both!(
    bad_input_is_named_and_nothing_is_half_written,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let p = place(&app).await;
        let before = app.scalar("select count(*) from programs").await;
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(-1)),
                ("starts", "11:00"),
                ("ends", "10:00"),
                ("capacity", "0"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let AppError::Invalid(f) = r.error() else {
            panic!("{}", r.body)
        };
        assert_eq!(f.get("day"), Some("The date is in the past."));
        assert_eq!(f.get("ends"), Some("The program must end after it starts."));
        assert!(f.get("capacity").is_some());
        // Over the room's size.
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("room", &p.other_room),
                ("day", &day(3)),
                ("capacity", "41"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            matches!(r.error(), AppError::Invalid(f) if f.get("capacity").unwrap().contains("holds 40"))
        );
        // A series clashing in its last session is refused whole.
        program(
            &app,
            &p.staff,
            &[("title", "Chess"), ("room", &p.room), ("day", &saturday(3))],
        )
        .await;
        let r = schedule(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &saturday(1)),
                ("repeat_days[]", "sat"),
                ("repeat_weeks", "3"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(
            app.scalar("select count(*) from programs").await,
            before + 1,
            "nothing half-written"
        );

        let id = program(
            &app,
            &p.staff,
            &[("room", &p.room), ("day", &day(4)), ("capacity", "5")],
        )
        .await;
        let r = register(&app, id, "Ana", "not-an-address", 1).await;
        assert!(matches!(r.error(), AppError::Invalid(f) if f.get("email").is_some()));
        let r = register(&app, id, "Ana", &unique_address("ana"), 5).await;
        assert!(
            matches!(r.error(), AppError::Invalid(f) if f.get("party_size") == Some("At most 4 people per registration for this program."))
        );
        let email = unique_address("twice");
        booked(&app, id, "Ana", &email, 2).await;
        let r = register(&app, id, "Ana", &email.to_uppercase(), 1).await;
        assert!(
            matches!(r.error(), AppError::Invalid(f) if f.get("email") == Some(MAYBE_REGISTERED)),
            "{}",
            r.body
        );
        assert_eq!(
            seats_taken(&app, id).await,
            2,
            "the second attempt booked nothing"
        );
        let r = app
            .call(
                "/api/public/programs/resend",
                &[("program", &id.to_string()), ("address", &email)],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let got = plain(&mail_to(&email).await.text);
        assert!(got.contains("/programs/manage/"), "{got}");
        // A tampered token opens nothing.
        let r = app
            .call(
                "/api/public/programs/registration",
                &[("token", &"0".repeat(64))],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .call(
                "/api/public/programs/cancel_registration",
                &[("token", "abc")],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // A draft takes no registrations.
        let draft = program(
            &app,
            &p.staff,
            &[
                ("room", &p.other_room),
                ("day", &day(4)),
                ("capacity", "5"),
                ("publish", ""),
            ],
        )
        .await;
        let r = register(&app, draft, "Ana", &unique_address("ana"), 1).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.get(&format!("/programs/{draft}"), None).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    reminders_go_once_even_from_two_servers,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let p = place(&app).await;
        // Tomorrow morning is inside the 24 hours; a program in ten days is not.
        let soon = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(1)),
                ("starts", "23:00"),
                ("ends", "23:30"),
            ],
        )
        .await;
        let later = program(&app, &p.staff, &[("room", &p.room), ("day", &day(10))]).await;
        let ana = unique_address("ana");
        let ben = unique_address("ben");
        booked(&app, soon, "Ana", &ana, 2).await;
        booked(&app, later, "Ben", &ben, 1).await;
        let other = app
            .another_server_with(|c| c.smtp_url = Some(smtp_url()))
            .await;
        let a = Site::of(&app.state);
        let b = Site::of(&other.state);
        let (x, y) = tokio::join!(
            send_reminders(&app.state.db, &a, 48 * 3600),
            send_reminders(&other.state.db, &b, 48 * 3600),
        );
        assert_eq!(
            x.unwrap() + y.unwrap(),
            1,
            "one reminder, whichever server sent it"
        );
        assert_eq!(
            send_reminders(&app.state.db, &a, 48 * 3600).await.unwrap(),
            0,
            "never twice"
        );
        let queued: i64 = app
            .scalar("select count(*) from outbox where subject like 'Reminder:%'")
            .await;
        assert_eq!(queued, 1);
        app.state.mailer.wake();
        let reminder = mail_with(&ana, "Subject: Reminder:").await;
        assert!(reminder.contains("party of 2 people"), "{reminder}");
        let queued_for_ben: i64 = app
            .scalar(&format!("select count(*) from outbox where to_address = '{ben}' and subject like 'Reminder:%'"))
            .await;
        assert_eq!(
            queued_for_ben, 0,
            "a program ten days out gets no reminder yet"
        );
        let _ = later;
    }
);

both!(a_feedback_poll_names_its_program, |app| {
    let p = place(&app).await;
    let id = program(&app, &p.staff, &[("room", &p.room), ("day", &day(2))]).await;
    let poll = |program: String| {
        vec![
            ("question", "How was storytime?".to_string()),
            ("slug", format!("storytime-feedback-{program}")),
            ("choice", "single".into()),
            ("opens_on", day(0)),
            ("visibility", "after_vote".into()),
            ("voter_check", "code".into()),
            ("options[]", "Loved it".into()),
            ("options[]", "It was fine".into()),
            ("program", program),
        ]
    };
    let call = |form: Vec<(&'static str, String)>| {
        let staff = p.staff.clone();
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("/api/staff/polls/create", &form, Some(&staff))
                .await
        }
    };
    let r = call(poll("999999".into())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        matches!(r.error(), AppError::Invalid(f) if f.get("program") == Some("Choose a program from the list."))
    );
    let r = call(poll(id.to_string())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let poll_id: i64 = r.body.parse().unwrap();
    let page = app
        .get(&format!("/polls/storytime-feedback-{id}"), None)
        .await;
    assert!(page.body.contains("Feedback on"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/programs/{id}\"")));
    let r = roster(&app, &p.staff, id).await;
    assert_eq!(r.polls, vec![(poll_id, "How was storytime?".to_string())]);
});

both!(
    program_times_follow_the_library_time_zone_across_daylight_saving,
    |c| {
        c.time_zone = "America/Chicago".into();
    },
    |app| {
        let p = place(&app).await;
        let winter = program(&app, &p.staff, &[("room", &p.room), ("day", "2027-01-09")]).await;
        let summer = program(&app, &p.staff, &[("room", &p.room), ("day", "2027-07-10")]).await;
        let starts = |id: i64| {
            let pool = app.state.db.pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>("select starts_at from programs where id = $1")
                    .bind(id)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            starts(winter).await % 86_400,
            16 * 3600 + 1800,
            "10:30 CST is 16:30 UTC"
        );
        assert_eq!(
            starts(summer).await % 86_400,
            15 * 3600 + 1800,
            "10:30 CDT is 15:30 UTC"
        );
        for (id, offset) in [(winter, "-06:00"), (summer, "-05:00")] {
            let page = app.get(&format!("/programs/{id}"), None).await;
            assert!(page.body.contains("10:30 AM–11:15 AM"), "{}", page.body);
            assert!(
                page.body.contains(&format!("T10:30:00{offset}")),
                "JSON-LD carries the offset in force"
            );
        }
    }
);

both!(
    programs_over_count_in_the_partner_record_and_lock_registrations,
    |app| {
        let p = place(&app).await;
        let station: i64 = p.station.parse().unwrap();
        let id = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &day(3)),
                ("presenters[]", &p.station),
            ],
        )
        .await;
        let reg = booked(&app, id, "Ana", &unique_address("ana"), 2).await;
        let record = |app: &TestApp| {
            let db = app.state.db.clone();
            async move {
                commonplace::matching::candidates::service::candidate_by_id(&db, station)
                    .await
                    .unwrap()
                    .0
                    .record
            }
        };
        assert_eq!(
            (record(&app).await.due, record(&app).await.delivered),
            (0, 0),
            "an upcoming program is not due yet"
        );
        // The program took place yesterday.
        sqlx::query("update programs set starts_at = $1, ends_at = $2 where id = $3")
            .bind(app.state.clock.now() - 86_400)
            .bind(app.state.clock.now() - 86_400 + 2700)
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let r = record(&app).await;
        assert_eq!((r.due, r.delivered), (1, 1));
        // Once it has started, the manage link changes nothing.
        let res = app
            .call(
                "/api/public/programs/cancel_registration",
                &[("token", &reg.token)],
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(manage(&app, &reg.token).await.state, RegState::Confirmed);
        assert_eq!(seats_taken(&app, id).await, 2);
        // A cancelled program was not delivered.
        sqlx::query("update programs set status = 'cancelled' where id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let r = record(&app).await;
        assert_eq!((r.due, r.delivered), (1, 0));
    }
);

both!(admins_change_rooms_but_not_below_what_is_booked, |app| {
    let p = place(&app).await;
    program(
        &app,
        &p.staff,
        &[
            ("room", &p.other_room),
            ("day", &day(4)),
            ("capacity", "30"),
        ],
    )
    .await;
    let save = |name: &'static str, cap: &'static str, who: String| {
        let room = p.other_room.clone();
        let app = &app;
        async move {
            app.call(
                "/api/admin/rooms/save",
                &[
                    ("id", &room),
                    ("edit_name", name),
                    ("edit_capacity", cap),
                    ("edit_accessibility", "Lift to the first floor"),
                ],
                Some(&who),
            )
            .await
        }
    };
    let r = save("Meeting Room B", "20", p.admin.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        matches!(r.error(), AppError::Invalid(f) if f.get("edit_capacity").unwrap().contains("booked here for 30"))
    );
    let r = save("Story Room", "50", p.admin.clone()).await;
    assert!(
        matches!(r.error(), AppError::Invalid(f) if f.get("edit_name").is_some()),
        "{}",
        r.body
    );
    assert_eq!(
        save("Meeting Room B", "50", p.staff.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let r = save("Board Room", "35", p.admin.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = app.get("/admin/rooms", Some(&p.admin)).await;
    assert!(page.body.contains("Board Room") && page.body.contains("Lift to the first floor"));
});

both!(
    a_series_booked_as_one_sends_every_session_to_the_calendar,
    |app| {
        let p = place(&app).await;
        let series = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &saturday(1)),
                ("repeat_days[]", "sat"),
                ("repeat_weeks", "3"),
                ("register_for", "series"),
            ],
        )
        .await;
        let single = program(
            &app,
            &p.staff,
            &[("title", "Lego club"), ("room", &p.room), ("day", &day(9))],
        )
        .await;
        let (sam, lee) = (unique_address("sam"), unique_address("lee"));
        booked(&app, series, "Sam", &sam, 2).await;
        booked(&app, single, "Lee", &lee, 1).await;
        let attachment = |to: String| {
            let pool = app.state.db.pool.clone();
            async move {
                let body: String =
                    sqlx::query_scalar("select attachment_body from outbox where to_address = $1")
                        .bind(to)
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                let cal: icalendar::Calendar = body.parse().expect("valid iCalendar");
                // Distinct start times: one event per session, none repeated.
                cal.components
                    .iter()
                    .filter_map(|c| c.as_event())
                    .filter_map(|e| icalendar::Component::property_value(e, "DTSTART"))
                    .map(str::to_string)
                    .collect::<BTreeSet<_>>()
                    .len()
            }
        };
        assert_eq!(
            attachment(sam).await,
            3,
            "one event per session of the series"
        );
        assert_eq!(attachment(lee).await, 1, "a single program is one event");
    }
);

both!(
    a_series_booked_as_one_hears_of_each_cancelled_session_and_is_reminded_of_each,
    |c| {
        c.mail_worker = false;
    },
    |app| {
        let p = place(&app).await;
        let first = program(
            &app,
            &p.staff,
            &[
                ("room", &p.room),
                ("day", &saturday(1)),
                ("repeat_days[]", "sat"),
                ("repeat_weeks", "3"),
                ("register_for", "series"),
            ],
        )
        .await;
        let sessions: Vec<(i64, i64)> = sqlx::query_as(
            "select id, starts_at from programs where series_id = $1 order by starts_at",
        )
        .bind(first)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(sessions.len(), 3);
        let sam = unique_address("sam");
        let b = booked(&app, first, "Sam", &sam, 2).await;
        let letters = |subject: &'static str| {
            let (pool, to) = (app.state.db.pool.clone(), sam.clone());
            async move {
                sqlx::query_scalar::<_, String>(
                    "select body from outbox where to_address = $1 and subject like $2 order by id",
                )
                .bind(to)
                .bind(format!("{subject}%"))
                .fetch_all(&pool)
                .await
                .unwrap()
            }
        };
        let cancel = |id: i64| {
            let app = &app;
            let staff = p.staff.as_str();
            async move {
                let id = id.to_string();
                let r = app
                    .call(
                        "/api/staff/programs/cancel",
                        &[("id", &id), ("confirm", "yes")],
                        Some(staff),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            }
        };
        // The second session is cancelled: Sam, booked on the first, is told.
        cancel(sessions[1].0).await;
        let told = letters("Cancelled").await;
        assert_eq!(told.len(), 1, "told once");
        assert!(
            told[0].contains("Your registration for the other sessions stands"),
            "{}",
            told[0]
        );
        // The first session is cancelled: Sam is told that session is off, and stays booked.
        cancel(first).await;
        let told = letters("Cancelled").await;
        assert_eq!(told.len(), 2);
        assert!(told[1].contains("the other sessions stands"), "{}", told[1]);
        assert_eq!(manage(&app, &b.token).await.state, RegState::Confirmed);
        // A reminder before the session still on, the third.
        app.state.clock.set(sessions[2].1 - 3600);
        let site = Site::of(&app.state);
        let n = send_reminders(&app.state.db, &site, 24 * 3600)
            .await
            .unwrap();
        assert_eq!(n, 1);
        let n = send_reminders(&app.state.db, &site, 24 * 3600)
            .await
            .unwrap();
        assert_eq!(n, 0, "once");
        assert_eq!(letters("Reminder").await.len(), 1);
        // The last session is cancelled too (weeks on, by a librarian signed in again): now
        // the program is.
        let staff = app
            .sign_in("sam@library.example", "another fine passphrase")
            .await;
        let r = app
            .call(
                "/api/staff/programs/cancel",
                &[("id", &sessions[2].0.to_string()), ("confirm", "yes")],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let told = letters("Cancelled").await;
        assert!(
            told[2].contains("your registration is closed"),
            "{}",
            told[2]
        );
    }
);
