//! The SQL implementation of [`Repo`] for SQLite and PostgreSQL.
//!
//! One implementation serves both databases through sqlx's `Any` driver: the SQL is written in
//! the common subset (numbered `$N` parameters, `RETURNING`, integer times), and the few places
//! where the dialects differ ask [`Dialect`]. Each backend has its own migration folder.
//!
//! Each area's trait is implemented in the file of that area (`campaigns.rs`, `roster.rs`,
//! `accounts.rs`, `venues.rs`, `tickets.rs`, `frames.rs`, `jobs.rs`, `audit.rs`); this one holds
//! what they share: the connection, the migrations, write transactions, checkpoints and times.

mod accounts;
mod audit;
mod board;
mod campaigns;
mod credentials;
mod exports;
mod fees;
mod frames;
mod jobs;
mod login;
mod photos;
mod progress;
mod proofs;
mod review;
mod roster;
mod rows;
mod ticket_batch;
mod tickets;
mod timetable;
mod timetable_versions;
mod venues;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::error::{Result, StoreError};
use crate::repo::{Backend, Repo, RepoBackend};

/// The database dialect behind the pool.
pub type Dialect = Backend;

/// A repository over a SQLite file or a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct SqlRepo {
    pool: AnyPool,
    dialect: Dialect,
    /// SQLite has one writer at a time. Writers queue here, in order, instead of spinning in
    /// SQLite's busy handler; PostgreSQL needs no such thing.
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
    /// SQLite's check-ins, written in groups by one task (see [`ticket_batch`]).
    issues: Option<ticket_batch::IssueQueue>,
}

/// A write transaction, holding SQLite's writer turn until it ends.
pub(crate) struct WriteTx {
    pub(crate) tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Undoes everything, before the writer's turn passes on.
    pub(crate) async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

// Embedded from the folders when the crate is built (`build.rs` has it rebuilt when a file is
// added to one).
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The migrations a backend's schema is built from, one per file of its folder. A migration's
/// version and name come from the file's name (`0002_queue.sql` is version 2, "queue"), its
/// checksum from the file's text. A database keeps the version and checksum of every migration
/// applied to it, and refuses to open when one of them is gone or its text has changed.
pub fn migrator(dialect: Dialect) -> &'static Migrator {
    match dialect {
        Dialect::Sqlite => &SQLITE_MIGRATIONS,
        Dialect::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// Opens the database named by `url`, creating a SQLite file if needed, and brings its schema
/// up to date.
pub async fn connect(url: &str) -> Result<Arc<dyn Repo>> {
    Ok(Arc::new(SqlRepo::connect(url).await?))
}

impl SqlRepo {
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let url = match dialect {
            // Create the file on first use; the directory must exist.
            Dialect::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = match dialect {
            Dialect::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // WAL lets readers run beside the one writer; the busy timeout makes
                            // a second writer wait instead of failing.
                            // Checkpoints run in the background (see `checkpoint_in_background`),
                            // not inside whichever commit happens to fill the log.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA wal_autocheckpoint = 0;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Dialect::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        let writer = (dialect == Dialect::Sqlite).then(|| Arc::new(tokio::sync::Mutex::new(())));
        let mut repo = Self {
            pool,
            dialect,
            writer,
            issues: None,
        };
        migrator(dialect).run(&repo.pool).await?;
        if dialect == Dialect::Sqlite {
            checkpoint_in_background(repo.pool.clone());
            repo.issues = Some(ticket_batch::IssueQueue::start(repo.clone()));
        }
        Ok(repo)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that will write. On SQLite it takes the writer's turn first and
    /// then the write lock at once (`BEGIN IMMEDIATE`), so a transaction that reads before it
    /// writes can never fail half-way on a lock it cannot upgrade.
    pub(crate) async fn write_tx(&self) -> Result<WriteTx> {
        match &self.writer {
            Some(writer) => {
                let turn = writer.clone().lock_owned().await;
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx {
                    tx,
                    _turn: Some(turn),
                })
            }
            None => Ok(WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
            }),
        }
    }
}

impl RepoBackend for SqlRepo {
    fn backend(&self) -> Backend {
        self.dialect
    }
}

impl Dialect {
    /// The `n`th (1-based) bind parameter in a statement with many of them. SQLite looks a
    /// numbered parameter's name up by walking a list, once per bound value, which makes a
    /// 10,000-value insert quadratic; its anonymous `?` costs nothing. PostgreSQL only has `$n`.
    pub(crate) fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => "?".to_owned(),
            Dialect::Postgres => format!("${n}"),
        }
    }
}

/// Copies SQLite's write-ahead log back into the database file every second, off the request
/// path. Left to SQLite, the commit that fills the log does it, fsync included, and the check-in
/// that happens to make that commit waits tens of milliseconds. A passive checkpoint never
/// blocks writers. The task ends when the pool is closed.
fn checkpoint_in_background(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = pool.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
                tracing::warn!(error = %e, "SQLite checkpoint failed");
            }
        }
    });
}

/// Milliseconds since the epoch, the form every time is stored in.
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("time {ms} out of range")))
}
