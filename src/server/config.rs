//! Command line and environment configuration of the server binary.

use std::net::IpAddr;

use clap::{ArgAction, Args, Parser, Subcommand};

/// Commonplace: find, win and keep community partners for a public library.
#[derive(Debug, Parser)]
#[command(name = "commonplace", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

/// What the binary does; serving is the default.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Create an admin account, or make an existing account an active admin with a new password.
    /// The password comes from COMMONPLACE_ADMIN_PASSWORD, or else the first line of standard input.
    CreateAdmin {
        /// The admin's e-mail address, used to sign in.
        #[arg(long)]
        email: String,
        /// The admin's display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Run the database migrations and exit.
    Migrate,
    /// Add synthetic partners (variations on the demo ones), for load tests.
    SeedSynthetic {
        /// How many partners to add.
        #[arg(long, default_value_t = 5000)]
        partners: usize,
    },
    /// Print every page route, one per line (`/staff/partners/:id`), for tools and the browser suite.
    Routes,
}

/// Server settings; each flag can also be given by the environment variable shown.
#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        env = "COMMONPLACE_ADDR",
        default_value = "127.0.0.1",
        global = true
    )]
    pub addr: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000, global = true)]
    pub port: u16,
    /// Database: `sqlite:path/to/file.db` (embedded, the default) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/commonplace.db",
        global = true
    )]
    pub database_url: String,
    /// Secret key for keyed hashes (client addresses, tokens). At least 32 characters. When unset,
    /// a random key is generated once and kept in the database, so all app servers share it.
    #[arg(
        long,
        env = "COMMONPLACE_SECRET_KEY",
        hide_env_values = true,
        global = true
    )]
    pub secret_key: Option<String>,
    /// Fill an empty database with a fictional town's partners, programs and polls on first
    /// start (`scripts/run.sh` turns it on; a real deployment leaves it off).
    #[arg(long, env = "COMMONPLACE_DEMO", action = ArgAction::Set, default_value_t = false, global = true)]
    pub demo: bool,
    /// The reverse proxies in front of the app, as networks (`127.0.0.1/32,10.0.0.0/8`): their
    /// `X-Forwarded-For` and `X-Forwarded-Proto` are believed, and the client is the rightmost
    /// address in `X-Forwarded-For` that is not one of them. Empty: the socket's peer is the
    /// client and those headers are ignored.
    #[arg(
        long,
        env = "COMMONPLACE_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
    /// Sign a librarian out after this many minutes without a request.
    #[arg(
        long,
        env = "COMMONPLACE_SESSION_IDLE_MINUTES",
        default_value_t = 240,
        global = true
    )]
    pub session_idle_minutes: i64,
    /// Sign a librarian out this many hours after sign-in, active or not.
    #[arg(
        long,
        env = "COMMONPLACE_SESSION_MAX_HOURS",
        default_value_t = 24,
        global = true
    )]
    pub session_max_hours: i64,
    /// Largest accepted request body, in kilobytes.
    #[arg(
        long,
        env = "COMMONPLACE_BODY_LIMIT_KB",
        default_value_t = 256,
        global = true
    )]
    pub body_limit_kb: usize,
    /// Longest a client may take to send a request body, in seconds (a client that dribbles
    /// its body would otherwise hold a connection and its buffer for as long as it likes).
    #[arg(
        long,
        env = "COMMONPLACE_BODY_TIMEOUT_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub body_timeout_secs: u64,
    /// Keep the rendered directory and partner pages between writes (off: render every time).
    #[arg(long, env = "COMMONPLACE_PAGE_CACHE", action = ArgAction::Set, default_value_t = true, global = true)]
    pub page_cache: bool,
    /// Ballots one client address may cast per minute on one server (0: no limit). A branch's
    /// public PCs share one address, so keep it generous.
    #[arg(
        long,
        env = "COMMONPLACE_VOTES_PER_MINUTE",
        default_value_t = 120,
        global = true
    )]
    pub votes_per_minute: u32,
    /// Registrations, resent links, cancellations and party changes one client address may
    /// make per hour, on all servers together (0: no limit). A branch's public PCs and its
    /// Wi-Fi share one address, so keep it generous.
    #[arg(
        long,
        env = "COMMONPLACE_BOOKINGS_PER_HOUR",
        default_value_t = 30,
        global = true
    )]
    pub bookings_per_hour: i64,
    /// Registration links one e-mail address may be sent in 24 hours (resent links, repeated
    /// registrations); more are kept back as "withheld" in the outbox, where staff can send
    /// them anyway. Confirmations of a new registration are never held back.
    #[arg(
        long,
        env = "COMMONPLACE_LINKS_PER_DAY",
        default_value_t = 3,
        global = true
    )]
    pub links_per_day: i64,
    /// The library's offset from UTC in minutes (-300 for UTC-05:00), for dates typed and shown.
    #[arg(
        long,
        env = "COMMONPLACE_UTC_OFFSET_MINUTES",
        default_value_t = 0,
        allow_negative_numbers = true,
        global = true
    )]
    pub utc_offset_minutes: i32,
    /// The library's time zone, an IANA name like `America/Chicago` (daylight saving
    /// included), for program times; empty uses the fixed offset above.
    #[arg(long, env = "COMMONPLACE_TIME_ZONE", default_value = "", global = true)]
    pub time_zone: String,
    /// Run the server's clock from this local date (`2026-12-01`) or time (`2026-12-01T09:30`)
    /// instead of today, for tests and demonstrations; unset: the system's clock.
    #[arg(long, env = "COMMONPLACE_CLOCK_START", global = true)]
    pub clock_start: Option<String>,
    /// Log format: `text` or `json`.
    #[arg(
        long,
        env = "COMMONPLACE_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    pub log_format: String,
    /// The library's name, as partners and patrons see it in e-mails and on the flyer.
    #[arg(
        long,
        env = "COMMONPLACE_LIBRARY_NAME",
        default_value = "Millbrook Public Library",
        global = true
    )]
    pub library_name: String,
    /// The address people reach this server at, for links in e-mails (no trailing slash).
    /// When unset: http://ADDR:PORT.
    #[arg(long, env = "COMMONPLACE_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Send e-mail through this SMTP server: `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465` or `smtp://host:25` (no TLS). When unset, messages are logged instead.
    #[arg(
        long,
        env = "COMMONPLACE_SMTP_URL",
        hide_env_values = true,
        global = true
    )]
    pub smtp_url: Option<String>,
    /// The sender of every message.
    #[arg(
        long,
        env = "COMMONPLACE_MAIL_FROM",
        default_value = "Library Partnerships <partnerships@library.example>",
        global = true
    )]
    pub mail_from: String,
    /// Run the outbox worker in this server (every server may: they take turns per message).
    #[arg(long, env = "COMMONPLACE_MAIL_WORKER", action = ArgAction::Set, default_value_t = true, global = true)]
    pub mail_worker: bool,
    /// Seconds before the first retry of a message that failed; each later retry waits twice as long.
    #[arg(
        long,
        env = "COMMONPLACE_MAIL_RETRY_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub mail_retry_seconds: i64,
    /// How many hours before a program its registered patrons get a reminder.
    #[arg(
        long,
        env = "COMMONPLACE_REMINDER_HOURS",
        default_value_t = 24,
        global = true
    )]
    pub reminder_hours: i64,
    /// Where the built site (wasm, JS, CSS, public files) lives.
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: String,
}

impl Config {
    /// The base of links in e-mails.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}:{}", self.addr, self.port),
        }
    }

    /// A configuration for tests: the given database, no demo data, defaults otherwise.
    pub fn for_tests(database_url: &str) -> Self {
        let cli = Cli::parse_from([
            "commonplace",
            "--demo",
            "false",
            "--database-url",
            database_url,
        ]);
        cli.config
    }
}
