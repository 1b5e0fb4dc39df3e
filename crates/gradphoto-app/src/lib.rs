//! The campaign's operations, below every front end: the web's pages and API, the command
//! line and the background jobs all call the same use-cases, over one [`App`] value that holds
//! what they need — the repository, the photo store, the clock, a source of randomness, the
//! queue's change signal, the judging engine and the CPU budget.
//!
//! Nothing here knows HTTP: an operation takes plain values and returns plain values or an
//! [`AppError`], which each front end shows in its own way.
//!
//! The rooms, by the glossary: [`roster`] (import), [`accounts`], [`venues`], [`checkin`] (the
//! desk), [`station`] (the queue at a capture station), [`capture`] (frames in, hot folders,
//! decisions), [`hot_folder`] (the watcher itself), [`judging`] (photos in bulk), [`export`]
//! (the registry package and the print sheets), [`fees`] (the ledger), [`jobs`] (long work
//! claimed by worker processes).

pub mod accounts;
pub mod capture;
pub mod checkin;
pub mod cpu;
pub mod error;
pub mod events;
pub mod export;
pub mod fees;
pub mod hot_folder;
pub mod jobs;
pub mod judging;
pub mod planning;
pub mod proofreading;
pub mod queue_place;
pub mod random;
pub mod rehearsal;
pub mod review;
pub mod roster;
pub mod shutdown;
pub mod station;
pub mod student_page;
pub mod timetable;
pub mod venues;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use gradphoto_domain::{Clock, Msg};
use gradphoto_photo::{Judge, PhotoError, RulePack};
use gradphoto_store::Repo;
use tokio::sync::OnceCell;

pub use capture::Capture;
pub use cpu::Cpu;
pub use error::AppError;
pub use events::QueueEvents;
pub use random::{OsRandom, Random, SeededRandom};
pub use shutdown::Shutdown;

/// The rule pack frames are judged with (the campaign's pack, once campaigns choose one).
pub const RULE_PACK: &str = "chsi-2017";

/// Everything an operation needs, cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    pub repo: Arc<dyn Repo>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    /// Wakes the venue's screens when its queue changes.
    pub events: Arc<QueueEvents>,
    /// Wakes this process's workers when a job is queued, and the pages watching a job.
    pub jobs: Arc<jobs::JobEvents>,
    /// CPU-heavy work (decoding, judging, rendering) takes a permit here first.
    pub cpu: Arc<Cpu>,
    /// Photo storage and the stations' hot folders; `None` in a process that only runs the
    /// office's pages (capture then answers [`AppError::Unavailable`]).
    pub capture: Option<Arc<Capture>>,
    /// The export files of judged frames being cut in the background.
    pub ahead: Arc<export::ahead::Ahead>,
    judge: Arc<OnceCell<Arc<Judge>>>,
}

impl App {
    pub fn new(repo: Arc<dyn Repo>, clock: Arc<dyn Clock>, random: Arc<dyn Random>) -> Self {
        Self {
            repo,
            clock,
            random,
            events: Arc::new(QueueEvents::default()),
            jobs: Arc::new(jobs::JobEvents::default()),
            cpu: Arc::new(Cpu::per_core()),
            capture: None,
            ahead: Arc::default(),
            judge: Arc::new(OnceCell::new()),
        }
    }

    /// Turns capture on: photos go to `capture`'s blob store.
    pub fn with_capture(mut self, capture: Capture) -> Self {
        self.capture = Some(Arc::new(capture));
        self
    }

    pub fn with_cpu(mut self, cpu: Cpu) -> Self {
        self.cpu = Arc::new(cpu);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The capture service, or a clear refusal when this process has no photo storage.
    pub fn capture(&self) -> Result<&Arc<Capture>, AppError> {
        self.capture.as_ref().ok_or_else(|| {
            AppError::Unavailable(Msg::new(
                "本服务器没有配置照片存储（采集功能未开启）",
                "this server has no photo storage configured (capture is off)",
            ))
        })
    }

    /// The judge, loading its face models on first use (about 100 ms), off the async threads.
    pub async fn judge(&self) -> Result<Arc<Judge>, PhotoError> {
        self.judge
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(|| {
                    Judge::new(RulePack::built_in(RULE_PACK)?).map(Arc::new)
                })
                .await
                .map_err(|e| PhotoError::Model(format!("loading the judge: {e}")))?
            })
            .await
            .cloned()
    }
}
