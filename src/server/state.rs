//! What every request can reach: the database, the configuration and the secret key.

use std::sync::Arc;

use axum::extract::FromRef;
use hmac::{Hmac, Mac};
use leptos::config::LeptosOptions;
use sha2::Sha256;

use super::cache::Caches;
use super::changes::Changes;
use super::clock::Clock;
use super::config::Config;
use super::db::{Backend, Db};
use super::limiter::Limiter;
use super::proxy::TrustedProxies;
use crate::error::AppError;

/// Shared application state, provided to server functions as context.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub key: Arc<SecretKey>,
    /// The change signal that keeps this server's caches in step with every write.
    pub changes: Changes,
    /// Checked sessions and rendered pages.
    pub caches: Arc<Caches>,
    /// What features keep beside the floor (the ballot writer, live results, kept lists).
    pub features: Features,
    /// Ballots per client address.
    pub vote_limiter: Arc<Limiter>,
    /// Wakes the outbox worker when a message is queued.
    pub mailer: Wake,
    /// The library's time zone, for program times.
    pub zone: super::zone::Zone,
    /// The one source of "now" and "today" (shared with `db`).
    pub clock: Clock,
    /// The reverse proxies whose forwarding headers are believed.
    pub proxies: Arc<TrustedProxies>,
}

/// What the features keep in the state, one value per type, registered at start
/// ([`AppState::with`]) and read back by type. The floor defines the slot; it never names what
/// goes in it.
#[derive(Clone, Default)]
pub struct Features(Arc<axum::http::Extensions>);

impl Features {
    /// The part of type `T` a feature registered.
    pub fn get<T: Send + Sync + 'static>(&self) -> Result<&T, AppError> {
        self.0
            .get::<Arc<T>>()
            .map(|t| t.as_ref())
            .ok_or_else(|| AppError::internal(std::any::type_name::<T>()))
    }
}

/// Wakes a worker that otherwise looks for work now and then (the outbox's sender): a write
/// that queued work calls [`Wake::wake`] after its commit.
#[derive(Clone, Default)]
pub struct Wake(Arc<tokio::sync::Notify>);

impl Wake {
    /// Tells the worker there is work.
    pub fn wake(&self) {
        self.0.notify_one();
    }
    /// Resolves at the next wake-up.
    pub async fn notified(&self) {
        self.0.notified().await
    }
}

/// The key behind keyed hashes (client addresses). Never serialised, never logged.
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// A hex HMAC-SHA256 of the input, under this key.
    pub fn hash(&self, input: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(input.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes from the operating system, as hex.
pub fn random_hex(n: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

impl AppState {
    /// Starts the floor's own worker, the change listener (PostgreSQL). Features start theirs
    /// beside it (`wiring::start_workers`); one-off commands start none.
    pub fn start_listener(&self) {
        self.changes
            .spawn_listener(&self.db, &self.config.database_url);
    }

    /// Registers a feature's part of the state (see [`Features`]); done once, at start.
    pub fn with<T: Send + Sync + 'static>(mut self, part: T) -> AppState {
        Arc::make_mut(&mut self.features.0).insert(Arc::new(part));
        self
    }

    /// Opens and migrates the database, loads the key and builds the Leptos options. Starts no
    /// task, registers no feature: see `wiring::state`.
    pub async fn new(config: Config) -> Result<AppState, String> {
        let zone = super::zone::Zone::new(&config.time_zone, config.utc_offset_minutes)?;
        let proxies = TrustedProxies::new(super::proxy::parse_list(&config.trusted_proxies)?);
        let clock = match &config.clock_start {
            Some(start) => Clock::starting_at(zone, super::clock::parse_start(start, zone)?),
            None => Clock::system(zone),
        };
        let db = Db::connect(&config.database_url, clock.clone()).await?;
        db.migrate().await?;
        let key = match &config.secret_key {
            Some(k) if k.len() >= 32 => k.clone(),
            Some(_) => return Err("COMMONPLACE_SECRET_KEY must be at least 32 characters".into()),
            None => stored_key(&db)
                .await
                .map_err(|e| format!("cannot read the secret key: {e}"))?,
        };
        let leptos_options = LeptosOptions::builder()
            .output_name("commonplace")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(std::net::SocketAddr::new(config.addr, config.port))
            .build();
        // SQLite is one server's own file, so its writes are all seen here; PostgreSQL servers
        // are in step once their listener is connected.
        let changes = Changes::new(db.backend == Backend::Sqlite);
        Ok(AppState {
            leptos_options,
            config: Arc::new(config.clone()),
            key: Arc::new(SecretKey(key.into_bytes())),
            features: Features::default(),
            vote_limiter: Arc::new(Limiter::new(
                config.votes_per_minute,
                std::time::Duration::from_secs(60),
            )),
            changes,
            mailer: Wake::default(),
            caches: Arc::new(Caches::default()),
            zone,
            clock,
            proxies: Arc::new(proxies),
            db,
        })
    }
}

/// The key kept in the database, made on first use; every app server reads the same one.
async fn stored_key(db: &Db) -> Result<String, sqlx::Error> {
    sqlx::query(
        "insert into settings (key, value) values ('secret_key', $1) on conflict (key) do nothing",
    )
    .bind(random_hex(32))
    .execute(&db.pool)
    .await?;
    sqlx::query_scalar("select value from settings where key = 'secret_key'")
        .fetch_one(&db.pool)
        .await
}
