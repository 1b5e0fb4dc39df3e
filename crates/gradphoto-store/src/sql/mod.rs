//! The SQL implementation of [`Repo`] for SQLite and PostgreSQL.
//!
//! One implementation serves both databases through sqlx's `Any` driver: the SQL is written in
//! the common subset (numbered `$N` parameters, `RETURNING`, integer times), and the few places
//! where the dialects differ ask [`Dialect`]. Each backend has its own migration folder.

mod audit;
mod board;
mod campaigns;
mod credentials;
mod frames;
mod photos;
mod roster;
mod rows;
mod students;
mod ticket_batch;
mod tickets;
mod users;
mod venues;

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::{
    Campaign, CampaignId, ChsiCode, Credential, Device, Frame, FrameId, NewCampaign, Photo,
    Station, StationId, Student, StudentId, StudentNo, Ticket, TicketId, User, Venue, VenueId,
};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::capture::{FrameDecision, FrameOutcome, NewFrame, StoredVerdict, StudentPhotos};
use crate::error::{Result, StoreError};
use crate::queue::{BoardSnapshot, IssueOutcome, IssueRequest, StationAction, TicketView};
use crate::repo::*;

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
        repo.migrator().run(&repo.pool).await?;
        if dialect == Dialect::Sqlite {
            checkpoint_in_background(repo.pool.clone());
            repo.issues = Some(ticket_batch::IssueQueue::start(repo.clone()));
        }
        Ok(repo)
    }

    fn migrator(&self) -> Migrator {
        let sources: &[(i64, &str, &str)] = match self.dialect {
            Dialect::Sqlite => &[
                (
                    1,
                    "roster",
                    include_str!("../../migrations/sqlite/0001_roster.sql"),
                ),
                (
                    2,
                    "queue",
                    include_str!("../../migrations/sqlite/0002_queue.sql"),
                ),
                (
                    3,
                    "capture",
                    include_str!("../../migrations/sqlite/0003_capture.sql"),
                ),
            ],
            Dialect::Postgres => &[
                (
                    1,
                    "roster",
                    include_str!("../../migrations/postgres/0001_roster.sql"),
                ),
                (
                    2,
                    "queue",
                    include_str!("../../migrations/postgres/0002_queue.sql"),
                ),
                (
                    3,
                    "capture",
                    include_str!("../../migrations/postgres/0003_capture.sql"),
                ),
            ],
        };
        let migrations: Vec<Migration> = sources
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        Migrator {
            migrations: Cow::Owned(migrations),
            ..Migrator::DEFAULT
        }
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

#[async_trait]
impl Repo for SqlRepo {
    fn backend(&self) -> Backend {
        self.dialect
    }

    async fn create_campaign(
        &self,
        new: &NewCampaign,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Campaign> {
        campaigns::create(self, new, actor, now).await
    }

    async fn campaigns(&self) -> Result<Vec<Campaign>> {
        campaigns::list(self).await
    }

    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        campaigns::get(self, id).await
    }

    async fn current_campaign(&self) -> Result<Option<Campaign>> {
        campaigns::current(self).await
    }

    async fn students(&self, campaign: CampaignId) -> Result<Vec<Student>> {
        students::all(self, campaign).await
    }

    async fn apply_import(
        &self,
        campaign: CampaignId,
        plan: &ImportPlan,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary> {
        roster::apply(self, campaign, plan, actor, now).await
    }

    async fn colleges(&self, campaign: CampaignId) -> Result<Vec<College>> {
        students::colleges(self, campaign).await
    }

    async fn classes(&self, campaign: CampaignId) -> Result<Vec<ClassSummary>> {
        students::classes(self, campaign).await
    }

    async fn search_students(
        &self,
        campaign: CampaignId,
        query: &StudentQuery,
    ) -> Result<StudentPage> {
        students::search(self, campaign, query).await
    }

    async fn student(&self, id: StudentId) -> Result<Option<StudentView>> {
        students::get(self, id).await
    }

    async fn student_by_no(
        &self,
        campaign: CampaignId,
        student_no: &StudentNo,
    ) -> Result<Option<StudentView>> {
        students::by_no(self, campaign, student_no).await
    }

    async fn create_user(&self, new: &NewUser, actor: &Actor, now: DateTime<Utc>) -> Result<User> {
        users::create(self, new, actor, now).await
    }

    async fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>> {
        users::by_login(self, login).await
    }

    async fn users(&self) -> Result<Vec<User>> {
        users::list(self).await
    }

    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> Result<()> {
        users::create_session(self, session, now).await
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        users::session(self, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        users::delete_session(self, token_hash).await
    }

    async fn create_venue(
        &self,
        campaign: CampaignId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Venue> {
        venues::create_venue(self, campaign, name, actor, now).await
    }

    async fn venues(&self, campaign: CampaignId) -> Result<Vec<Venue>> {
        venues::venues(self, campaign).await
    }

    async fn create_station(
        &self,
        venue: VenueId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Station> {
        venues::create_station(self, venue, name, actor, now).await
    }

    async fn stations(&self, venue: VenueId) -> Result<Vec<Station>> {
        venues::stations(self, venue).await
    }

    async fn station(&self, id: StationId) -> Result<Option<Station>> {
        venues::station_by_id(self, id).await
    }

    async fn create_device(
        &self,
        venue: VenueId,
        name: &str,
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Device> {
        venues::create_device(self, venue, name, token_hash, actor, now).await
    }

    async fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>> {
        venues::device_by_token(self, token_hash).await
    }

    async fn resolve_credential(
        &self,
        campaign: CampaignId,
        credential: &Credential,
    ) -> Result<Option<StudentView>> {
        credentials::resolve(self, campaign, credential).await
    }

    async fn link_chsi_code(
        &self,
        campaign: CampaignId,
        code: &ChsiCode,
        student: StudentId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        credentials::link_chsi_code(self, campaign, code, student, actor, now).await
    }

    async fn issue_ticket(
        &self,
        request: &IssueRequest,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<IssueOutcome> {
        match &self.issues {
            Some(queue) if request.reissue_reason.is_none() => {
                queue.issue(request, actor, now).await
            }
            _ => tickets::issue(self, request, actor, now).await,
        }
    }

    async fn ticket(&self, id: TicketId) -> Result<Option<TicketView>> {
        tickets::view(self, id).await
    }

    async fn live_ticket(&self, student: StudentId, day: NaiveDate) -> Result<Option<Ticket>> {
        tickets::live(self, student, day).await
    }

    async fn chip_photo(&self, ticket: TicketId) -> Result<Option<(String, Vec<u8>)>> {
        tickets::chip_photo(self, ticket).await
    }

    async fn called_ticket(&self, station: StationId) -> Result<Option<Ticket>> {
        tickets::called(self, station).await
    }

    async fn station_action(
        &self,
        station: StationId,
        action: &StationAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<Ticket>> {
        tickets::station_action(self, station, action, actor, now).await
    }

    async fn board(&self, venue: VenueId, day: NaiveDate) -> Result<BoardSnapshot> {
        board::snapshot(self, venue, day).await
    }

    async fn record_frame(
        &self,
        frame: &NewFrame,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<FrameOutcome> {
        frames::record(self, frame, actor, now).await
    }

    async fn frame(&self, id: FrameId) -> Result<Option<Frame>> {
        frames::get(self, id).await
    }

    async fn frame_with_content(&self, sha256: &str) -> Result<Option<Frame>> {
        frames::with_content(self, sha256).await
    }

    async fn frame_verdict(&self, id: FrameId) -> Result<Option<StoredVerdict>> {
        frames::verdict(self, id).await
    }

    async fn ticket_frames(&self, ticket: TicketId) -> Result<Vec<Frame>> {
        frames::of_ticket(self, ticket).await
    }

    async fn orphan_frames(&self, venue: VenueId) -> Result<Vec<Frame>> {
        frames::orphans(self, venue).await
    }

    async fn decide_frame(
        &self,
        id: FrameId,
        decision: &FrameDecision,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Frame> {
        photos::decide(self, id, decision, actor, now).await
    }

    async fn student_photos(&self, student: StudentId) -> Result<StudentPhotos> {
        photos::of_student_all(self, student).await
    }

    async fn current_photo(&self, student: StudentId) -> Result<Option<Photo>> {
        photos::current(self, student).await
    }

    async fn append_audit(
        &self,
        actor: &Actor,
        action: &str,
        subject: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        audit::append(&mut conn, actor, action, subject, before, after, now).await
    }

    async fn audit_events(&self, limit: i64) -> Result<Vec<AuditEvent>> {
        audit::recent(self, limit).await
    }
}
