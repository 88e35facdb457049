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
