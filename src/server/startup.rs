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
            let site = crate::programs::booking::Site::of(&state);
            let lead = state.config.reminder_hours.max(0) * 3600;
            match crate::programs::booking::send_reminders(&state.db, &site, lead).await {
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
