//! Work shared between the processes of one deployment: jobs — long work (batch judging, export
//! packages, print sheets) that a person asks for and a worker process (`gradphoto serve` or
//! `gradphoto worker`) carries out — and leases, which let one process at a time do something
//! (watch a station's hot folder).
//!
//! A job is claimed by one worker at a time, atomically, however many claim at once. The worker
//! proves it is alive with heartbeats; when it stops (killed, machine gone), its job's heartbeat
//! grows old and the next claim takes the job over. Every later call of the dead worker is then
//! refused (`false`), which tells it to stop: only the worker holding a job can report on it or
//! finish it.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::Actor;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub i64);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for a worker.
    Queued,
    /// Claimed by a worker (or by one that died, until another claims it).
    Running,
    /// Finished with a result.
    Done,
    /// Finished with an error.
    Failed,
}

impl JobState {
    pub const ALL: [JobState; 4] = [Self::Queued, Self::Running, Self::Done, Self::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Done or failed: nothing will change it any more.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// What to do, as the job runner names it (`judge.batch`, `export.package`).
    pub kind: String,
    /// What to do it on, in the shape the kind defines.
    pub params: serde_json::Value,
    /// Who asked: their label is kept on the job, and the enqueue is audited under them.
    pub created_by: Actor,
}

/// A job and how far it has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub params: serde_json::Value,
    pub state: JobState,
    /// Units of work done, out of `progress_total` when the worker knows it.
    pub progress_done: i64,
    pub progress_total: Option<i64>,
    /// What the worker is doing now, for people watching ("class 190111").
    pub progress_note: Option<String>,
    /// What a done job made (a package's blob key, counts), in the shape its kind defines.
    pub result: Option<serde_json::Value>,
    /// Why a failed job failed.
    pub error: Option<String>,
    /// How many times it was claimed: more than 1 when a worker died holding it.
    pub attempts: i64,
    /// The worker that holds it, or held it last.
    pub claimed_by: Option<String>,
    pub heartbeat_at: Option<DateTime<Utc>>,
    /// The label of who asked for it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// When it was first claimed; a reclaim keeps it.
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done(serde_json::Value),
    Failed(String),
}

#[async_trait]
pub trait JobRepo: Send + Sync {
    /// Queues a job, with its audit event (`job.enqueue`) in the same transaction.
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> Result<Job>;
    /// Takes the oldest job that is queued, or running with a heartbeat older than
    /// `stale_before` (its worker died), for `worker`: running, its heartbeat `now`, one more
    /// attempt, and the progress of an earlier attempt cleared. Of any number of workers
    /// claiming at once, exactly one gets a given job. `None` when there is nothing to do.
    async fn claim_job(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Option<Job>>;
    /// Records that `worker` is alive and working on the job. `false` when the job is no longer
    /// this worker's (another claimed it, or it finished): the worker must stop.
    async fn job_heartbeat(&self, id: JobId, worker: &str, now: DateTime<Utc>) -> Result<bool>;
    /// Records how far the job has come (`None` clears the total or the note), which is also a
    /// heartbeat. `false` as for [`Self::job_heartbeat`].
    async fn job_progress(
        &self,
        id: JobId,
        worker: &str,
        done: i64,
        total: Option<i64>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Gives a running job back to the queue, as if this claim had not happened (its attempt is
    /// not counted, its progress cleared): what a worker does when its process shuts down in
    /// the middle of the job, so a restart or a deploy is not taken for a dying worker. `false`
    /// when the job is not this worker's (any more).
    async fn release_job(&self, id: JobId, worker: &str) -> Result<bool>;
    /// Ends the job as done with its result or failed with its error. Only the worker holding
    /// it can: `false` (and nothing written) for anyone else, or when it has ended already.
    async fn finish_job(
        &self,
        id: JobId,
        worker: &str,
        outcome: &JobOutcome,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    async fn job(&self, id: JobId) -> Result<Option<Job>>;
    /// The newest jobs first.
    async fn jobs(&self, limit: i64) -> Result<Vec<Job>>;
}

/// Named rights held by one process at a time, such as watching a station's hot folder
/// (`hot-folder:station:7`), for when several processes run against one database. A lease lasts
/// until its holder releases it or lets it expire; the holder renews it well before then.
#[async_trait]
pub trait LeaseRepo: Send + Sync {
    /// Takes the lease `name` for `holder` until `now + ttl`, when it is free, expired, or
    /// already this holder's (which renews it). `false` while another holder's lease is live.
    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<bool>;
    /// Gives the lease up, so another process can take it at once. `false` when `holder` did
    /// not hold it.
    async fn release_lease(&self, name: &str, holder: &str) -> Result<bool>;
}

#[cfg(test)]
mod tests {
    use super::JobState;

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in JobState::ALL {
            assert_eq!(JobState::from_code(s.code()), Some(s));
        }
        assert_eq!(JobState::from_code("lost"), None);
    }
}
