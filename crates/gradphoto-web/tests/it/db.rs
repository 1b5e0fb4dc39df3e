//! A fresh database per test on either backend: a SQLite file in a temporary folder, or a
//! PostgreSQL database created on the test server and dropped when the test ends, passed or
//! failed.
//!
//! The web crate does not depend on sqlx, so the PostgreSQL database is created and dropped
//! with `psql`, which `scripts/setup-test-services` installs with the server.

use std::process::Command;
use std::sync::Arc;

use gradphoto_store::Repo;
use rand::Rng;

pub struct TestDb {
    repo: Arc<dyn Repo>,
    _dir: Option<tempfile::TempDir>,
    // Declared after `repo`, so dropped after it: the connections go before the database.
    _postgres: Option<PostgresDb>,
}

/// A database made on the PostgreSQL server for one test, dropped with this value.
struct PostgresDb {
    admin: String,
    name: String,
}

impl PostgresDb {
    fn create() -> Self {
        let admin = postgres_admin_url();
        let name = format!("gradphoto_web_test_{:016x}", rand::rng().random::<u64>());
        if let Err(e) = psql(&admin, &format!("CREATE DATABASE {name}")) {
            panic!(
                "PostgreSQL is needed for these tests ({admin}): {e}. \
                 Run scripts/setup-test-services, or set GRADPHOTO_TEST_POSTGRES_URL."
            );
        }
        Self { admin, name }
    }

    fn url(&self) -> String {
        with_database(&self.admin, &self.name)
    }
}

impl Drop for PostgresDb {
    fn drop(&mut self) {
        // FORCE also closes connections the pool has not finished closing.
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = psql(&self.admin, &sql)
            && !std::thread::panicking()
        {
            panic!("dropping test database {}: {e}", self.name);
        }
    }
}

/// The server the PostgreSQL tests use: `GRADPHOTO_TEST_POSTGRES_URL`, or the local server's
/// Unix socket as the current OS user (what `scripts/setup-test-services` prepares). The same
/// rule as the store's conformance suite.
fn postgres_admin_url() -> String {
    std::env::var("GRADPHOTO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        let user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
        format!("postgres:///postgres?host=/var/run/postgresql&user={user}")
    })
}

/// `url` with its database replaced by `name`, keeping the query (socket folder, user).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// Runs one SQL statement on the server with `psql`, failing with what it said.
fn psql(url: &str, sql: &str) -> Result<(), String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .map_err(|e| format!("psql could not be run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("gradphoto.db").display());
        let repo = gradphoto_store::connect(&url).await.unwrap();
        Self {
            repo,
            _dir: Some(dir),
            _postgres: None,
        }
    }

    pub async fn postgres() -> Self {
        let db = PostgresDb::create();
        let repo = gradphoto_store::connect(&db.url()).await.unwrap();
        Self {
            repo,
            _dir: None,
            _postgres: Some(db),
        }
    }

    pub fn repo(&self) -> &dyn Repo {
        self.repo.as_ref()
    }

    /// The repository to build an application on.
    pub fn arc(&self) -> Arc<dyn Repo> {
        self.repo.clone()
    }
}

/// Declares each listed `async fn(&TestDb)` of the calling module as a test on SQLite and on
/// PostgreSQL, each on a database of its own.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::db::TestDb::sqlite().await;
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::db::TestDb::postgres().await;
                    super::$name(&db).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;
