//! Faults and rough clients on a real socket: slow and idle connections.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::both;

/// Serves the test app on a real socket with a short header timeout; returns its address.
async fn on_a_socket(
    app: &crate::common::TestApp,
    header_timeout: Duration,
) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(commonplace::server::startup::serve(
        listener,
        router,
        header_timeout,
        std::future::pending(),
    ));
    addr
}

/// One whole request on a fresh connection; the status line.
async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether the server closed the connection (a read ends) within `within`.
async fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

both!(slow_and_idle_clients_do_not_hold_up_others, |app| {
    let addr = on_a_socket(&app, Duration::from_secs(1)).await;
    // A slowloris: headers a byte at a time, for ever.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let dribble = tokio::spawn(async move {
        let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        let started = Instant::now();
        for b in head
            .iter()
            .chain(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter())
        {
            if slow.write_all(&[*b]).await.is_err() {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Still writing after all that: check whether the server has hung up.
        closed_within(&mut slow, Duration::from_secs(2))
            .await
            .then(|| started.elapsed())
    });
    // Two thousand connections that send nothing.
    let mut idle = Vec::new();
    for _ in 0..2000 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    // Others are served all the while, promptly.
    for _ in 0..5 {
        let started = Instant::now();
        assert_eq!(get(addr, "/healthz").await, "HTTP/1.1 200 OK");
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    let cut = dribble.await.unwrap().expect("the slow client was cut off");
    assert!(cut < Duration::from_secs(5), "after {cut:?}");
    // The idle ones were closed by the header timeout, not kept for ever.
    let checks = idle.into_iter().take(50).map(|mut s| {
        tokio::spawn(async move { closed_within(&mut s, Duration::from_secs(3)).await })
    });
    let mut closed = 0;
    for c in checks {
        if c.await.unwrap() {
            closed += 1;
        }
    }
    assert_eq!(closed, 50, "idle connections are closed");
    assert_eq!(get(addr, "/healthz").await, "HTTP/1.1 200 OK");
});

both!(
    a_body_dribbled_too_slowly_is_refused,
    |c| {
        c.body_timeout_secs = 1;
    },
    |app| {
        let addr = on_a_socket(&app, Duration::from_secs(5)).await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(
            b"POST /api/public/join HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n\
              org_name=Slow",
        )
        .await
        .unwrap();
        let started = Instant::now();
        // Others are served while it waits.
        assert_eq!(get(addr, "/healthz").await, "HTTP/1.1 200 OK");
        let mut answer = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server answered and hung up");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("took too long"), "{answer}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "after {:?}",
            started.elapsed()
        );
        assert_eq!(app.scalar("select count(*) from signups").await, 0);
    }
);

both!(
    mail_queued_while_the_smtp_server_is_down_goes_once_it_is_up,
    |c| {
        // A port with no SMTP server behind it, yet.
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        c.smtp_url = Some(format!("smtp://{}", free.local_addr().unwrap()));
        c.mail_retry_seconds = 1;
    },
    |app| {
        let addr = app
            .state
            .config
            .smtp_url
            .clone()
            .unwrap()
            .trim_start_matches("smtp://")
            .to_string();
        let mut ids = Vec::new();
        for n in 0..3 {
            let mut tx = app.state.db.begin().await.unwrap();
            let id = commonplace::mail::repo::enqueue(
                &mut tx,
                &app.state.clock,
                &commonplace::mail::model::Email {
                    to_address: format!("reader{n}@partner.example"),
                    to_name: None,
                    subject: format!("Message {n}"),
                    body: "Hello.".into(),
                    topic: "ask".into(),
                    attachment: None,
                },
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            ids.push(id);
        }
        app.state.mailer.wake();
        // The server is down: every message is tried, fails, and waits for another try.
        let started = Instant::now();
        loop {
            let tried = app
                .scalar("select count(*) from outbox where attempts > 0 and state = 'queued'")
                .await;
            if tried == 3 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "tried while down"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The server comes up on that address.
        let (_, inbox) = crate::smtp_sink::start(&addr, None).expect("the SMTP server starts");
        let started = Instant::now();
        while app
            .scalar("select count(*) from outbox where state = 'sent'")
            .await
            < 3
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "delivered once up"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Each message arrived exactly once, and nothing is left waiting.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let got = inbox.lock().unwrap().clone();
        for n in 0..3 {
            let to = format!("reader{n}@partner.example");
            assert_eq!(got.iter().filter(|m| m.to.contains(&to)).count(), 1, "{to}");
        }
        assert_eq!(got.len(), 3);
        assert_eq!(
            app.scalar("select count(*) from outbox where state <> 'sent'")
                .await,
            0
        );
    }
);

/// One HTTP/1.1 exchange on a fresh connection: the status and the response head and body.
async fn exchange(port: u16, request: String) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
    s.write_all(request.as_bytes()).await?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    Ok((status, text))
}

fn post(path: &str, form: &[(&str, &str)], cookie: &str) -> String {
    let body = crate::common::encode_form(form);
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{body}",
        body.len()
    )
}

/// The real server binary on a test's database.
fn start_binary(database_url: &str, port: u16) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_commonplace"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("PORT", port.to_string())
        .env("COMMONPLACE_DEMO", "false")
        .env("COMMONPLACE_CLOCK_START", crate::common::CLOCK_START)
        .env("COMMONPLACE_VOTES_PER_MINUTE", "0")
        .env("COMMONPLACE_BOOKINGS_PER_HOUR", "0")
        .env("COMMONPLACE_MAIL_WORKER", "false")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

async fn wait_healthy(port: u16) {
    let started = Instant::now();
    loop {
        let req =
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".to_string();
        if let Ok((200, _)) = exchange(port, req).await {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server answers"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

both!(a_killed_server_loses_nothing_it_acknowledged, |app| {
    use std::sync::{Arc, Mutex};
    // A poll and a program, set up through this test's own server.
    let staff = app.staff().await;
    let today = crate::common::today();
    let poll = [
        ("question", "Which program next?".to_string()),
        ("slug", "next".to_string()),
        ("choice", "single".to_string()),
        ("opens_on", today.to_string()),
        ("closes_on", (today + time::Duration::days(7)).to_string()),
        ("visibility", "live".to_string()),
        ("voter_check", "browser".to_string()),
        ("options[]", "Chess".to_string()),
        ("options[]", "Knitting".to_string()),
    ];
    let form: Vec<(&str, &str)> = poll.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .call("/api/staff/polls/create", &form, Some(&staff))
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    let poll_id: i64 = r.body.parse().unwrap();
    let option: i64 = app
        .scalar(&format!(
            "select min(id) from poll_options where poll_id = {poll_id}"
        ))
        .await;
    let admin = app.admin().await;
    let branch = app
        .call(
            "/api/admin/branches/save",
            &[("name", "Central")],
            Some(&admin),
        )
        .await
        .body;
    let room = app
        .call(
            "/api/admin/rooms/add",
            &[("branch", &branch), ("name", "Hall"), ("capacity", "5000")],
            Some(&admin),
        )
        .await
        .body;
    let day = (today + time::Duration::days(5)).to_string();
    let r = app
        .call(
            "/api/staff/programs/create",
            &[
                ("title", "Movie night"),
                ("audiences[]", "families"),
                ("room", &room),
                ("day", &day),
                ("starts", "18:00"),
                ("ends", "20:00"),
                ("capacity", "40"),
                ("registration", "required"),
                ("party_limit", "3"),
                ("publish", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    let program: i64 = r.body.parse().unwrap();

    // The real binary serves the same database under a sustained load of ballots and
    // registrations (the waitlist too: 40 seats), and is killed with SIGKILL mid-way.
    let url = app.state.config.database_url.clone();
    let port = free_port();
    let mut server = start_binary(&url, port);
    wait_healthy(port).await;
    let voters = Arc::new(Mutex::new(Vec::<String>::new()));
    let families = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut load = Vec::new();
    for worker in 0..6 {
        let (voters, families) = (voters.clone(), families.clone());
        load.push(tokio::spawn(async move {
            for n in 0.. {
                if worker % 2 == 0 {
                    let page =
                        "GET /polls/next HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
                    let Ok((200, head)) = exchange(port, page.to_string()).await else {
                        break;
                    };
                    let Some(cookie) = head
                        .lines()
                        .find_map(|l| l.strip_prefix("set-cookie: cp_voter="))
                        .map(|v| format!("cp_voter={}", v.split(';').next().unwrap_or_default()))
                    else {
                        break;
                    };
                    let req = post(
                        "/api/public/polls/vote",
                        &[("slug", "next"), ("choices[]", &option.to_string())],
                        &cookie,
                    );
                    match exchange(port, req).await {
                        Ok((200, _)) => voters.lock().unwrap().push(cookie),
                        _ => break,
                    }
                } else {
                    let email = format!("family{worker}x{n}@patrons.example");
                    let req = post(
                        "/api/public/programs/register",
                        &[
                            ("program", &program.to_string()),
                            ("name", "A Family"),
                            ("email", &email),
                            ("party_size", "2"),
                        ],
                        "",
                    );
                    match exchange(port, req).await {
                        Ok((200, _)) => families.lock().unwrap().push(email),
                        _ => break,
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for l in load {
        l.await.unwrap();
    }
    let voters = voters.lock().unwrap().clone();
    let families = families.lock().unwrap().clone();
    assert!(
        voters.len() > 5 && families.len() > 5,
        "the load ran: {} ballots, {} registrations",
        voters.len(),
        families.len()
    );

    // Restarted on the same database, it has every acknowledged ballot and registration.
    let mut server = start_binary(&url, port);
    wait_healthy(port).await;
    for cookie in &voters {
        let value = cookie.trim_start_matches("cp_voter=");
        let id = commonplace::polls::voter::browser_voter_from_cookie(&app.state, value)
            .expect("our cookie");
        let key = commonplace::polls::voter::browser_key(&app.state, &id);
        let n: i64 =
            sqlx::query_scalar("select count(*) from ballots where poll_id = $1 and voter = $2")
                .bind(poll_id)
                .bind(&key)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(n, 1, "an acknowledged ballot was lost");
    }
    for email in &families {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from registrations where program_id = $1 and email = $2",
        )
        .bind(program)
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "the registration of {email} was lost");
        let letters: i64 = sqlx::query_scalar("select count(*) from outbox where to_address = $1")
            .bind(email)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(letters, 1, "{email}: its confirmation went with it, once");
    }
    // Nothing half-written: the seats taken are the confirmed parties, and every
    // registration, acknowledged or not, has its letter.
    let seats = app
        .scalar(&format!(
            "select seats_taken from programs where id = {program}"
        ))
        .await;
    let confirmed = app
        .scalar(&format!(
            "select cast(coalesce(sum(party_size), 0) as bigint) from registrations where program_id = {program} and state = 'confirmed'"
        ))
        .await;
    assert_eq!(seats, confirmed);
    assert!(seats <= 40);
    let unlettered = app
        .scalar(
            "select count(*) from registrations g where not exists \
             (select 1 from outbox o where o.to_address = g.email)",
        )
        .await;
    assert_eq!(unlettered, 0);
    // And it serves again.
    let req = post("/api/public/polls/view", &[("slug", "next")], "");
    assert_eq!(exchange(port, req).await.unwrap().0, 200);
    server.kill().unwrap();
    server.wait().unwrap();
});
