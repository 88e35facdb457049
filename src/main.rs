//! The server binary: configuration, database, router, serve.

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use commonplace::server::config::{Cli, Command};
use commonplace::server::startup;
use commonplace::wiring;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    startup::init_logging(&cli.config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Migrate => wiring::state(cli.config)
            .await
            .map(|_| println!("migrations are up to date")),
        Command::CreateAdmin { email, name } => create_admin(cli.config, &email, &name).await,
        Command::SeedSynthetic { partners } => seed_synthetic(cli.config, partners).await,
        Command::Routes => {
            wiring::page_paths().iter().for_each(|p| println!("{p}"));
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("commonplace: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: commonplace::server::config::Config) -> Result<(), String> {
    let demo = config.demo;
    let addr = SocketAddr::new(config.addr, config.port);
    let state = wiring::state(config).await?;
    wiring::start_workers(&state)?;
    commonplace::auth::service::first_admin(&state).await?;
    if demo {
        commonplace::demo::seed_if_empty(&state)
            .await
            .map_err(|e| format!("demo data: {e}"))?;
    }
    wiring::start_jobs(&state);
    let app = wiring::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Commonplace is serving http://{addr}");
    startup::serve(
        listener,
        app,
        startup::HEADER_TIMEOUT,
        startup::shutdown_signal(),
    )
    .await
    .map_err(|e| format!("server error: {e}"))
}

async fn create_admin(
    config: commonplace::server::config::Config,
    email: &str,
    name: &str,
) -> Result<(), String> {
    let password = match std::env::var("COMMONPLACE_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password for {email} (one line on standard input):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let mut errors = commonplace::error::FieldErrors::default();
    if !commonplace::validate::is_email(email.trim()) {
        errors.add("email", "--email is not an e-mail address");
    }
    commonplace::auth::model::check_new_password(&mut errors, "password", &password);
    if let Some(e) = errors.0.first() {
        return Err(format!("{}: {}", e.field, e.message));
    }
    let state = wiring::state(config).await?;
    let hash = commonplace::auth::password::hash(password)
        .await
        .map_err(|e| e.to_string())?;
    commonplace::auth::repo::upsert_admin(&state.db, email.trim(), name, &hash)
        .await
        .map_err(|e| e.to_string())?;
    println!("admin {} is ready", email.trim().to_lowercase());
    Ok(())
}

async fn seed_synthetic(
    config: commonplace::server::config::Config,
    partners: usize,
) -> Result<(), String> {
    let state = wiring::state(config).await?;
    commonplace::demo::seed_synthetic(&state.db, partners)
        .await
        .map_err(|e| e.to_string())?;
    println!("added {partners} synthetic partners");
    Ok(())
}
