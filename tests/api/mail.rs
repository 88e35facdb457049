//! The outbox and its worker against a real SMTP server (the test process's sink).

use axum::http::StatusCode;
use commonplace::mail::api::OutboxView;
use commonplace::mail::model::{Email, OutboxState};

use crate::both;
use crate::common::{mail_count, mail_to, smtp_url, unique_address, TestApp};

/// Queues a message as an action does: inside a transaction, then wakes the worker.
async fn queue(app: &TestApp, to: &str) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = commonplace::mail::repo::enqueue(
        &mut tx,
        &app.state.clock,
        &Email {
            to_address: to.into(),
            to_name: Some("Rosa Baker".into()),
            subject: "Cookies for the community meeting?".into(),
            body: "Dear Rosa, could Sweet Crumb bring cookies — about forty? Thank you.".into(),
            topic: "ask".into(),
            attachment: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.state.mailer.wake();
    id
}

async fn state_of(app: &TestApp, id: i64) -> (String, i64) {
    sqlx::query_as("select state, attempts from outbox where id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn wait_state(app: &TestApp, id: i64, want: &str) -> i64 {
    let start = std::time::Instant::now();
    loop {
        let (state, attempts) = state_of(app, id).await;
        if state == want {
            return attempts;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "message {id} stayed {state} after {attempts} tries, not {want}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

both!(
    a_queued_message_is_delivered_by_smtp,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let to = unique_address("rosa");
        let id = queue(&app, &to).await;
        let got = mail_to(&to).await;
        assert!(
            got.text
                .contains("Subject: Cookies for the community meeting?"),
            "{}",
            got.text
        );
        assert!(
            got.text
                .contains("could Sweet Crumb bring cookies — about forty?"),
            "{}",
            got.text
        );
        assert!(got.text.contains("Rosa Baker"), "{}", got.text);
        assert_eq!(wait_state(&app, id, "sent").await, 1);

        // Staff see it in the outbox, sent.
        let staff = app.staff().await;
        let r = app
            .call("/api/staff/outbox/list", &[("show", "sent")], Some(&staff))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let view: OutboxView = serde_json::from_str(&r.body).unwrap();
        assert!(view.smtp);
        let m = view.messages.iter().find(|m| m.id == id).expect("listed");
        assert_eq!(m.state, OutboxState::Sent);
        assert!(m.sent_at.is_some());
        let page = app.get(&format!("/staff/outbox/{id}"), Some(&staff)).await;
        assert!(page.body.contains("Cookies for the community meeting?"));
        assert!(page.body.contains("Sent"));
    }
);

both!(
    a_temporary_refusal_is_retried_with_growing_waits,
    |c| {
        c.smtp_url = Some(smtp_url());
        c.mail_retry_seconds = 1;
    },
    |app| {
        let to = unique_address("flaky");
        let id = queue(&app, &to).await;
        let started = std::time::Instant::now();
        mail_to(&to).await;
        // Refused twice (451), then taken: three tries, with waits of 1 s and then 2 s between.
        // Times are kept in whole seconds, so a try made late in its second is due again up to
        // a second sooner (seen: tries at 47.93 s, 48.98 s and 50.0 s): the two waits add up to
        // at least 2 s. Tries without waits would take a tenth of that.
        assert_eq!(wait_state(&app, id, "sent").await, 3);
        assert!(
            started.elapsed() >= std::time::Duration::from_secs(2),
            "the retries waited"
        );
        assert_eq!(mail_count(&to), 1);
        let error: Option<String> =
            sqlx::query_scalar("select last_error from outbox where id = $1")
                .bind(id)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(error, None, "a delivered message carries no error");
    }
);

both!(
    a_permanent_refusal_fails_at_once_and_staff_can_retry_it,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let to = unique_address("bounce");
        let id = queue(&app, &to).await;
        assert_eq!(wait_state(&app, id, "failed").await, 1);
        let staff = app.staff().await;
        let page = app.get(&format!("/staff/outbox/{id}"), Some(&staff)).await;
        assert!(
            page.body.contains("Gave up after 1 tries."),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("550"),
            "the SMTP server's answer is shown"
        );

        let due_before = app
            .scalar(&format!(
                "select next_attempt_at from outbox where id = {id}"
            ))
            .await;
        // An hour later, staff try again.
        app.state.clock.advance(3600);
        let r = app
            .call(
                "/api/staff/outbox/retry",
                &[("id", &id.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            wait_state(&app, id, "failed").await,
            1,
            "tried once more, from a fresh count"
        );
        let due_after = app
            .scalar(&format!(
                "select next_attempt_at from outbox where id = {id}"
            ))
            .await;
        assert!(
            due_after >= due_before + 3600,
            "the retry queued the message again ({due_before} -> {due_after})"
        );
        // A message that did not fail cannot be retried.
        let ok = queue(&app, &unique_address("ok")).await;
        wait_state(&app, ok, "sent").await;
        let r = app
            .call(
                "/api/staff/outbox/retry",
                &[("id", &ok.to_string())],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
    }
);

both!(
    no_message_is_lost_when_the_server_stops_with_mail_queued,
    |c| {
        c.smtp_url = Some(smtp_url());
        c.mail_worker = false;
    },
    |app| {
        let to = unique_address("restart");
        let id = queue(&app, &to).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(state_of(&app, id).await, ("queued".to_string(), 0));
        assert_eq!(mail_count(&to), 0);
        // The next server to start with a worker sends it.
        let next = app
            .another_server_with(|c| c.smtp_url = Some(smtp_url()))
            .await;
        mail_to(&to).await;
        assert_eq!(wait_state(&next, id, "sent").await, 1);
        assert_eq!(mail_count(&to), 1);
    }
);

both!(
    two_workers_send_each_message_once,
    |c| {
        c.smtp_url = Some(smtp_url());
    },
    |app| {
        let other = app
            .another_server_with(|c| c.smtp_url = Some(smtp_url()))
            .await;
        let addresses: Vec<String> = (0..20).map(|_| unique_address("twice")).collect();
        for (i, to) in addresses.iter().enumerate() {
            let server = if i % 2 == 0 { &app } else { &other };
            queue(server, to).await;
            other.state.mailer.wake();
        }
        for to in &addresses {
            mail_to(to).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        for to in &addresses {
            assert_eq!(mail_count(to), 1, "{to} got one message");
        }
    }
);

both!(without_an_smtp_server_messages_are_logged, |app| {
    let id = queue(&app, &unique_address("logged")).await;
    assert_eq!(wait_state(&app, id, "logged").await, 1);
    let staff = app.staff().await;
    let page = app.get("/staff/outbox", Some(&staff)).await;
    assert!(
        page.body.contains("No SMTP server is configured"),
        "{}",
        page.body
    );
});

both!(
    one_off_commands_start_no_worker,
    |c| {
        // This server sends nothing: the message waits for a worker.
        c.mail_worker = false;
    },
    |app| {
        let to = unique_address("oneoff");
        let id = queue(&app, &to).await;
        // What `commonplace migrate`, `create-admin` and `seed-synthetic` build: the state alone,
        // here with an SMTP server to send to and a worker allowed.
        let mut config = (*app.state.config).clone();
        config.smtp_url = Some(smtp_url());
        config.mail_worker = true;
        let one_off = commonplace::wiring::state(config).await.unwrap();
        one_off.mailer.wake();
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(state_of(&app, id).await.0, "queued");
        assert_eq!(mail_count(&to), 0, "a one-off command sent mail");
        // A serving app does send it.
        commonplace::wiring::start_workers(&one_off).unwrap();
        one_off.mailer.wake();
        wait_state(&app, id, "sent").await;
    }
);
