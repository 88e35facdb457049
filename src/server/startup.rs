//! What happens once at start: the first admin, demo data, logging, housekeeping.

use std::time::Duration;

use super::state::AppState;
use crate::auth::{password, repo};

/// Sets up logging: `text` for people, `json` for log collectors. `RUST_LOG` filters.
pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// On an empty database, creates the first admin and prints its password once.
/// `COMMONPLACE_ADMIN_EMAIL` and `COMMONPLACE_ADMIN_PASSWORD` choose them instead.
pub async fn first_admin(state: &AppState) -> Result<(), String> {
    if repo::count(&state.db).await.map_err(|e| e.to_string())? > 0 {
        return Ok(());
    }
    let email =
        std::env::var("COMMONPLACE_ADMIN_EMAIL").unwrap_or_else(|_| "admin@library.example".into());
    let (pass, chosen) = match std::env::var("COMMONPLACE_ADMIN_PASSWORD") {
        Ok(p) if p.chars().count() >= crate::auth::model::MIN_PASSWORD => (p, true),
        Ok(_) => return Err("COMMONPLACE_ADMIN_PASSWORD must be at least 12 characters".into()),
        Err(_) => (password::generate(), false),
    };
    let hash = password::hash(pass.clone())
        .await
        .map_err(|e| e.to_string())?;
    repo::upsert_admin(&state.db, &email, "Administrator", &hash)
        .await
        .map_err(|e| e.to_string())?;
    let shown = if chosen {
        "(from COMMONPLACE_ADMIN_PASSWORD)".to_string()
    } else {
        pass
    };
    println!(
        "\n  ┌─ First start: an admin account was created ─────────────\n  │  e-mail:   {email}\n  │  password: {shown}\n  │  This password is shown only once. Sign in at /signin and change it.\n  └─────────────────────────────────────────────────────────\n"
    );
    Ok(())
}

/// Prunes expired sessions and old rate-limit events every ten minutes, and refreshes every
/// partnership's health once a day (at start, and at the first round of each new day).
pub fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = crate::auth::session::prune(&state).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
            if let Err(e) = crate::health::repo::refresh_daily(&state.db).await {
                tracing::warn!(error = %e, "the daily health refresh failed");
            }
        }
    });
}

/// Queues program reminders every minute: each confirmed registration gets one, the
/// configured number of hours before its program (a conditional write makes it once, even
/// with several app servers).
pub fn spawn_reminders(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let site = crate::programs::letters::service::Site::of(&state);
            let lead = state.config.reminder_hours.max(0) * 3600;
            match crate::programs::letters::service::send_reminders(&state.db, &site, lead).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(reminders = n, "program reminders queued");
                    state.mailer.wake();
                }
                Err(e) => tracing::warn!(error = %e, "program reminders failed"),
            }
        }
    });
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// How long a client may take to send a request's headers, and how long a new connection may
/// wait before it sends anything.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish.
///
/// Unlike `axum::serve`, every connection has a header-read timeout ([`HEADER_TIMEOUT`], or
/// `header_timeout`): a client that dribbles its headers a byte at a time (slowloris) or holds a
/// connection open doing nothing is cut off, instead of keeping a task and a socket for ever.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let (closing, _) = tokio::sync::watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service =
            app.clone()
                .map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req.map(axum::body::Body::new)
                });
        let mut closing = closing.subscribe();
        tasks.spawn(async move {
            // hyper's header timer starts at a request's first byte: a connection that never
            // sends one is closed here.
            let mut first = [0u8; 1];
            match tokio::time::timeout(header_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            builder
                .http2()
                .timer(TokioTimer::new())
                .keep_alive_interval(Some(Duration::from_secs(30)));
            let conn = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        // Forget the connections that ended.
        while tasks.try_join_next().is_some() {}
    }
    let _ = closing.send(true);
    while tasks.join_next().await.is_some() {}
    Ok(())
}
