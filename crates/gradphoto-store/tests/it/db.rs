//! A fresh database per test: a SQLite file in a temporary folder, or a PostgreSQL database
//! created on the local server and dropped afterwards.

use std::sync::Arc;

use gradphoto_store::{Repo, SqlRepo};
use rand::Rng;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

pub struct TestDb {
    pub repo: Arc<dyn Repo>,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

/// The server the PostgreSQL tests use: `GRADPHOTO_TEST_POSTGRES_URL`, or the local server's
/// Unix socket as the current OS user (what `scripts/setup-test-services` prepares).
pub fn postgres_admin_url() -> String {
    std::env::var("GRADPHOTO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        let user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
        format!("postgres:///postgres?host=/var/run/postgresql&user={user}")
    })
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let repo = SqlRepo::connect(&url).await.unwrap();
        Self {
            repo: Arc::new(repo),
            _dir: Some(dir),
            postgres: None,
        }
    }

    pub async fn postgres() -> Self {
        sqlx::any::install_default_drivers();
        let admin = postgres_admin_url();
        let name = format!("gradphoto_test_{:016x}", rand::rng().random::<u64>());
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&admin)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL is needed for these tests ({admin}): {e}. \
                     Run scripts/setup-test-services, or set GRADPHOTO_TEST_POSTGRES_URL."
                )
            });
        pool.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        pool.close().await;
        let repo = SqlRepo::connect(&with_database(&admin, &name))
            .await
            .unwrap();
        Self {
            repo: Arc::new(repo),
            _dir: None,
            postgres: Some((admin, name)),
        }
    }

    /// Drops the PostgreSQL database (the SQLite folder goes with the value).
    pub async fn finish(self) {
        let Self { repo, postgres, .. } = self;
        drop(repo);
        if let Some((admin, name)) = postgres {
            let pool = AnyPoolOptions::new()
                .max_connections(1)
                .connect(&admin)
                .await
                .unwrap();
            pool.execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
                .await
                .unwrap();
            pool.close().await;
        }
    }
}
