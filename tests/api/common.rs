//! A real Commonplace router on a fresh database (SQLite file or PostgreSQL), called over HTTP
//! requests exactly as the browser sends them.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use commonplace::error::AppError;
use commonplace::server::config::Config;
use commonplace::server::state::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const ADMIN_EMAIL: &str = "admin@library.example";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        n,
        t % 1_000_000_000
    )
}

/// Where every test server's clock starts (the library's local time), so no test depends on
/// the day it runs; the clock runs on from there. A test may set another start in its tweak.
pub const CLOCK_START: &str = "2026-12-01T10:00";

/// The library's date on a test server's clock when the test starts.
pub fn today() -> time::Date {
    time::macros::date!(2026 - 12 - 01)
}

/// Which database a test runs on.
pub enum Backend {
    Sqlite(std::path::PathBuf),
    Postgres(String),
    /// Another app server on a database some other `TestApp` owns (and drops).
    Shared,
}

/// The app under test.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    backend: Backend,
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The error a server function sent.
    pub fn error(&self) -> AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }
    /// The `Set-Cookie` session token, if the reply set one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("cp_session="))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestApp {
    async fn start(url: &str, backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
            .with_test_writer()
            .try_init();
        let mut config = Config::for_tests(url);
        config.clock_start = Some(CLOCK_START.into());
        tweak(&mut config);
        let state = commonplace::wiring::state(config).await.expect("app state");
        commonplace::wiring::start_workers(&state).expect("workers start");
        let router = commonplace::wiring::router(state.clone());
        TestApp {
            router,
            state,
            backend,
        }
    }

    /// A fresh SQLite file.
    pub async fn sqlite_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let path = std::env::temp_dir().join(format!("{}.db", unique("commonplace_test")));
        let url = format!("sqlite:{}", path.display());
        Self::start(&url, Backend::Sqlite(path), tweak).await
    }

    /// A fresh PostgreSQL database, or `None` (with a loud message) when PostgreSQL is not
    /// reachable; under CI that is a failure.
    pub async fn postgres_with(tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        use sqlx::Connection;
        let admin = pg_admin_url();
        let mut conn = match sqlx::PgConnection::connect(&admin).await {
            Ok(c) => c,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL is not reachable at {admin}: {e}");
                }
                eprintln!("\n!!! SKIPPED on PostgreSQL: not reachable at {admin}: {e} !!!\n");
                return None;
            }
        };
        let name = unique("cp_test");
        sqlx::query(&format!("create database {name}"))
            .execute(&mut conn)
            .await
            .expect("create database");
        let base = admin
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or(admin.clone());
        let url = format!("{base}/{name}");
        Some(Self::start(&url, Backend::Postgres(name), tweak).await)
    }

    /// A second app server on the same database, as a deployment runs several.
    pub async fn another_server(&self) -> TestApp {
        self.another_server_with(|_| {}).await
    }

    /// Another app server on this one's database, configured its own way (its own mail
    /// worker, say), as a restarted or a second server would be.
    pub async fn another_server_with(&self, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let url = self.state.config.database_url.clone();
        let other = Self::start(&url, Backend::Shared, tweak).await;
        // Servers of one deployment read the same time.
        other.state.clock.set(self.state.clock.now());
        other
    }

    /// Waits until this server and `other` both hear PostgreSQL's change notices.
    pub async fn in_step_with(&self, other: &TestApp) {
        let start = std::time::Instant::now();
        while !(self.state.changes.in_step() && other.state.changes.in_step()) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "listeners connect"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Sends a request through the whole router.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A server-function call as the hydrated browser makes it (form-encoded, JSON back).
    pub async fn call(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        let body = encode_form(form);
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header("x-forwarded-for", "203.0.113.7");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// A server-function call with a JSON body.
    pub async fn call_json(
        &self,
        path: &str,
        json: serde_json::Value,
        cookie: Option<&str>,
    ) -> Reply {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(json.to_string())).unwrap())
            .await
    }

    /// A plain HTML form post, as a browser without JavaScript sends it.
    pub async fn form_post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        referer: &str,
        cookie: Option<&str>,
    ) -> Reply {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, referer)
            .header(header::ORIGIN, "http://localhost")
            .header(header::HOST, "localhost")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(encode_form(form))).unwrap())
            .await
    }

    /// Creates an account directly in the database.
    pub async fn account(&self, email: &str, password: &str, admin: bool) {
        let hash = commonplace::auth::password::hash(password.into())
            .await
            .unwrap();
        if admin {
            commonplace::auth::repo::upsert_admin(&self.state.db, email, "Ada Admin", &hash)
                .await
                .unwrap();
        } else {
            let new =
                commonplace::auth::model::parse_new_staff(email, "Sam Staff", "staff").unwrap();
            commonplace::auth::repo::create(&self.state.db, &new, &hash)
                .await
                .unwrap();
        }
    }

    /// Signs in and returns the `Cookie` header value.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let r = self
            .call(
                "/api/public/sign_in",
                &[("email", email), ("password", password), ("next", "/staff")],
                None,
            )
            .await;
        assert!(
            r.status.is_success(),
            "sign-in failed: {} {}",
            r.status,
            r.body
        );
        r.session_cookie().expect("a session cookie")
    }

    /// An admin's session cookie.
    pub async fn admin(&self) -> String {
        self.account(ADMIN_EMAIL, ADMIN_PASSWORD, true).await;
        self.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// A staff member's session cookie.
    pub async fn staff(&self) -> String {
        self.account("sam@library.example", "another fine passphrase", false)
            .await;
        self.sign_in("sam@library.example", "another fine passphrase")
            .await
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.backend {
            Backend::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Backend::Postgres(name) => {
                let name = name.clone();
                let pool = self.state.db.pool.clone();
                // Dropping needs async work; do it on a thread with its own runtime.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async move {
                        use sqlx::Connection;
                        pool.close().await;
                        if let Ok(mut c) = sqlx::PgConnection::connect(&pg_admin_url()).await {
                            let _ = sqlx::query(&format!(
                                "drop database if exists {name} with (force)"
                            ))
                            .execute(&mut c)
                            .await;
                        }
                    });
                })
                .join();
            }
            Backend::Shared => {}
        }
    }
}

/// The test process's SMTP sink: a real SMTP server, started once.
pub fn smtp_sink() -> &'static (std::net::SocketAddr, crate::smtp_sink::Inbox) {
    static SINK: std::sync::OnceLock<(std::net::SocketAddr, crate::smtp_sink::Inbox)> =
        std::sync::OnceLock::new();
    SINK.get_or_init(|| crate::smtp_sink::start("127.0.0.1:0", None).expect("SMTP sink starts"))
}

/// The SMTP URL of the sink, for `Config::smtp_url`.
pub fn smtp_url() -> String {
    format!("smtp://{}", smtp_sink().0)
}

/// Waits (up to 15 s) for the sink to receive a message for `to`.
pub async fn mail_to(to: &str) -> crate::smtp_sink::Received {
    let start = std::time::Instant::now();
    loop {
        let found = smtp_sink()
            .1
            .lock()
            .unwrap()
            .iter()
            .find(|m| m.to.iter().any(|t| t == to))
            .cloned();
        if let Some(m) = found {
            return m;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "no message for {to} reached the SMTP server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// How many messages the sink received for `to`.
pub fn mail_count(to: &str) -> usize {
    smtp_sink()
        .1
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .count()
}

/// A unique e-mail address (its prefix chooses the sink's behaviour: `flaky`, `bounce`).
pub fn unique_address(prefix: &str) -> String {
    format!("{}@partner.example", unique(prefix)).to_lowercase()
}

pub fn encode_form(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                commonplace::url::encode(k),
                commonplace::url::encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Runs a test, failing it if it has not finished in three minutes: a request that never
/// answers fails its own test by name instead of holding up the whole run.
pub async fn within_limit(test: impl std::future::Future<Output = ()>) {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(180);
    if tokio::time::timeout(LIMIT, test).await.is_err() {
        panic!("the test did not finish within {} s", LIMIT.as_secs());
    }
}

/// Runs a test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($name:ident, |$app:ident| $body:block) => {
        both!(
            $name,
            |c| {
                let _ = c;
            },
            |$app| $body
        );
    };
    ($name:ident, |$cfg:ident| $tweak:block, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::within_limit(async {
                    let $app = $crate::common::TestApp::sqlite_with(|$cfg| $tweak).await;
                    $body
                })
                .await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::common::within_limit(async {
                    if let Some($app) = $crate::common::TestApp::postgres_with(|$cfg| $tweak).await
                    {
                        $body
                    }
                })
                .await
            }
        }
    };
}

/// Every server function the router knows, by path, sorted.
pub fn server_functions() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}
