//! The database: one pool for either SQLite or PostgreSQL, chosen by the URL.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::clock::Clock;
use crate::error::AppError;

/// Which engine the pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection pool, its backend, and the clock every write is stamped by.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The server's one clock (see [`Clock`]): repos stamp and compare times by it.
    pub clock: Clock,
}

/// A transaction of one user action.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

tokio::task_local! {
    /// Whether the request being served has committed a write (see [`noting_writes`]).
    static WROTE: std::cell::Cell<bool>;
}

/// Runs a request, noting whether any write committed while it ran: caches are emptied for
/// what was written, never for a request that wrote nothing (a refusal, junk, a read).
pub async fn noting_writes<F: std::future::Future>(f: F) -> (F::Output, bool) {
    WROTE
        .scope(std::cell::Cell::new(false), async move {
            let out = f.await;
            (out, WROTE.with(|w| w.get()))
        })
        .await
}

/// Notes that the request being served has written (a no-op outside one, as in workers).
/// [`commit`] calls it; a write outside a transaction that pages show calls it itself.
pub fn wrote() {
    let _ = WROTE.try_with(|w| w.set(true));
}

/// Commits a transaction and notes the write.
pub async fn commit(tx: Tx) -> Result<(), sqlx::Error> {
    tx.commit().await?;
    wrote();
    Ok(())
}

/// Runs a write outside a transaction (one statement, one row expected) and says whether it
/// changed anything; a change is noted for the caches. The caller says why nothing changed:
/// the row is gone, or it is not in a state that allows the change.
pub async fn changed<'q>(
    db: &Db,
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Result<bool, AppError> {
    let n = q.execute(&db.pool).await?.rows_affected();
    if n > 0 {
        wrote();
    }
    Ok(n > 0)
}

/// The kind of constraint that refused a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Violation {
    /// A unique constraint or index: the value is taken.
    Unique,
    /// A foreign key: what the row points at is gone (or never was).
    ForeignKey,
    /// A check constraint.
    Check,
}

/// The constraint a database error reports, if it is a constraint violation.
pub fn violation(e: &sqlx::Error) -> Option<Violation> {
    let sqlx::Error::Database(d) = e else {
        return None;
    };
    if d.is_unique_violation() {
        Some(Violation::Unique)
    } else if d.is_foreign_key_violation() {
        Some(Violation::ForeignKey)
    } else if d.is_check_violation() {
        Some(Violation::Check)
    } else {
        None
    }
}

/// The one place a refused write becomes something a person can fix: each listed violation
/// becomes its error (usually a field's message); any other error stays internal (or "busy").
pub trait Refusals<T> {
    fn refused_as<const N: usize>(self, map: [(Violation, AppError); N]) -> Result<T, AppError>;
}

impl<T> Refusals<T> for Result<T, sqlx::Error> {
    fn refused_as<const N: usize>(self, map: [(Violation, AppError); N]) -> Result<T, AppError> {
        self.map_err(|e| {
            let seen = violation(&e);
            map.into_iter()
                .find(|(v, _)| Some(*v) == seen)
                .map(|(_, err)| err)
                .unwrap_or_else(|| e.into())
        })
    }
}

static MIGRATE_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static MIGRATE_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Connects to the database the URL names, creating an SQLite file (and its folder) if needed.
    pub async fn connect(url: &str, clock: Clock) -> Result<Db, String> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            (Backend::Sqlite, sqlite_url(url)?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(format!(
                "DATABASE_URL must start with sqlite: or postgres://, not {:?}",
                url.split(':').next().unwrap_or_default()
            ));
        };
        let options =
            AnyConnectOptions::from_str(&url).map_err(|e| format!("bad DATABASE_URL: {e}"))?;
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let max = match backend {
            Backend::Sqlite if memory => 1,
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // A server's SQLite: readers never block the writer, writers wait their turn.
                        conn.execute(
                            "pragma journal_mode = wal; pragma synchronous = normal; \
                             pragma foreign_keys = on; pragma busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| format!("cannot open the database: {e}"))?;
        Ok(Db {
            pool,
            backend,
            clock,
        })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), String> {
        let migrator = match self.backend {
            Backend::Sqlite => &MIGRATE_SQLITE,
            Backend::Postgres => &MIGRATE_POSTGRES,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| format!("database migration failed: {e}"))
    }

    /// Starts the transaction of one user action. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes can never fail with
    /// "database is locked" half-way; it waits (busy timeout) instead.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("begin immediate").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Unix seconds now, by the server's clock: how every time is stored.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The library's date now, by the server's clock.
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }
}

/// Adds `mode=rwc` (create if missing) to an SQLite URL and makes the file's folder.
fn sqlite_url(url: &str) -> Result<String, String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Err("DATABASE_URL names no SQLite file".into());
    }
    if path == ":memory:" {
        return Ok(url.to_string());
    }
    {
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let mut out = format!("sqlite:{rest}");
    if !rest.contains("mode=") {
        out.push(if rest.contains('?') { '&' } else { '?' });
        out.push_str("mode=rwc");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_not_listed_stays_internal_and_a_full_pool_stays_busy() {
        let map = || {
            [(
                Violation::Unique,
                AppError::field("name", "That name is taken."),
            )]
        };
        let other: Result<(), sqlx::Error> = Err(sqlx::Error::Protocol("boom".into()));
        assert_eq!(other.refused_as(map()), Err(AppError::Internal));
        let busy: Result<(), sqlx::Error> = Err(sqlx::Error::PoolTimedOut);
        assert_eq!(busy.refused_as(map()), Err(AppError::Busy));
        assert_eq!(violation(&sqlx::Error::RowNotFound), None);
        assert_eq!(Ok::<i64, sqlx::Error>(7).refused_as(map()), Ok(7));
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        assert_eq!(sqlite_url("sqlite::memory:").unwrap(), "sqlite::memory:");
        assert_eq!(
            sqlite_url("sqlite:data/x.db").unwrap(),
            "sqlite:data/x.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url("sqlite:x.db?mode=ro").unwrap(),
            "sqlite:x.db?mode=ro"
        );
        assert!(sqlite_url("sqlite:").is_err());
    }
}
