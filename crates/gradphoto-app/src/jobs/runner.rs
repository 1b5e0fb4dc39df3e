//! A worker's loop: claim the oldest job (or one whose worker died), do it with heartbeats
//! beside it, record the result or the error, and look again — until the process's shutdown.
//!
//! A job that is still running when the shutdown comes is stopped and given back to the queue
//! (its attempt not counted), for the next worker to do from the start: a job may take many
//! minutes, a shutdown should not. A worker that finds it no longer holds its job (another took
//! it over while this one stalled) stops it without writing anything more. A worker that dies
//! (killed, its machine gone) stops its heartbeats, and its job is taken over once it is
//! [`RunnerOptions::stale_after`] old.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gradphoto_domain::Msg;
use gradphoto_store::{Job, JobOutcome};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::JobHandler;
use crate::error::{AppError, Result};
use crate::{App, Shutdown};

/// How a worker paces itself. [`Default`] gives the production values.
#[derive(Debug, Clone)]
pub struct RunnerOptions {
    /// How often to look for work when nothing woke the worker.
    pub poll: Duration,
    /// How often a running job's heartbeat is written.
    pub heartbeat: Duration,
    /// A running job whose heartbeat is older than this is taken over: its worker died.
    pub stale_after: Duration,
    /// A job taken over this many times is failed rather than tried again: it may be what
    /// kills its workers.
    pub max_attempts: i64,
    /// Progress is written at most this often (and always at the end).
    pub progress_every: Duration,
}

impl Default for RunnerOptions {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(2),
            heartbeat: Duration::from_secs(3),
            stale_after: Duration::from_secs(30),
            max_attempts: 3,
            progress_every: Duration::from_millis(250),
        }
    }
}

/// What a running job sees of the world: the application, its job, and the way to report.
#[derive(Debug)]
pub struct JobContext {
    pub app: App,
    pub job: Job,
    worker: String,
    lost: Arc<AtomicBool>,
    shutdown: Shutdown,
    every: Duration,
    last_written: Mutex<Option<Instant>>,
}

fn stopped() -> AppError {
    AppError::Cancelled(Msg::new(
        "任务已停止：本进程正在关闭，或任务已由另一个进程接手",
        "the job was stopped: this process is shutting down, or another worker took it over",
    ))
}

impl JobContext {
    /// Whether the job must stop now (shutdown, or another worker holds it).
    pub fn is_stopped(&self) -> bool {
        self.lost.load(Ordering::Relaxed) || self.shutdown.is_triggered()
    }

    /// Reports `done` units of `total`; writes at most every [`RunnerOptions::progress_every`]
    /// (always when `done == total`). An error means the job must stop.
    pub async fn progress(&self, done: i64, total: Option<i64>, note: Option<&str>) -> Result<()> {
        if self.is_stopped() {
            return Err(stopped());
        }
        let mut last = self.last_written.lock().await;
        let finished = total == Some(done);
        if !finished && last.is_some_and(|at| at.elapsed() < self.every) {
            return Ok(());
        }
        let written = self
            .app
            .repo
            .job_progress(
                self.job.id,
                &self.worker,
                done,
                total,
                note,
                self.app.clock.now(),
            )
            .await;
        *last = Some(Instant::now());
        match written {
            Ok(true) => {
                self.app.jobs.changed(self.job.id);
                Ok(())
            }
            Ok(false) => {
                self.lost.store(true, Ordering::Relaxed);
                Err(stopped())
            }
            // A passing database failure does not end the work: the progress shown lags until
            // the next report, and the heartbeats keep the job this worker's.
            Err(e) => {
                tracing::warn!(job = %self.job.id, error = %e, "progress not recorded");
                Ok(())
            }
        }
    }
}

/// Works on jobs as `worker` until `shutdown`.
pub async fn run(
    app: App,
    worker: String,
    handlers: Vec<Arc<dyn JobHandler>>,
    options: RunnerOptions,
    shutdown: Shutdown,
) {
    tracing::info!(%worker, "job worker started");
    while !shutdown.is_triggered() {
        let now = app.clock.now();
        let stale = chrono::Duration::from_std(options.stale_after).unwrap_or_default();
        match app.repo.claim_job(&worker, now, now - stale).await {
            Ok(Some(job)) => {
                run_one(&app, &worker, &handlers, &options, &shutdown, job).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot look for jobs"),
        }
        tokio::select! {
            () = tokio::time::sleep(options.poll) => {}
            () = app.jobs.wait_queued() => {}
            () = shutdown.wait() => {}
        }
    }
    tracing::info!(%worker, "job worker stopped");
}

async fn run_one(
    app: &App,
    worker: &str,
    handlers: &[Arc<dyn JobHandler>],
    options: &RunnerOptions,
    shutdown: &Shutdown,
    job: Job,
) {
    let id = job.id;
    tracing::info!(job = %id, kind = %job.kind, attempt = job.attempts, "job started");
    app.jobs.changed(id);
    let handler = handlers.iter().find(|h| h.kind() == job.kind).cloned();
    let outcome = if job.attempts > options.max_attempts {
        Some(JobOutcome::Failed(format!(
            "a worker stopped while running this job {} times; it is not tried again",
            job.attempts - 1
        )))
    } else if let Some(handler) = handler {
        work(app, worker, options, shutdown, job, handler).await
    } else {
        Some(JobOutcome::Failed(format!(
            "this build has no job of kind {:?}",
            job.kind
        )))
    };
    let Some(outcome) = outcome else {
        // Stopped by the shutdown (given back, unless another worker took it over meanwhile)
        // or lost to another worker.
        match app.repo.release_job(id, worker).await {
            Ok(true) => tracing::info!(job = %id, "job given back to the queue"),
            Ok(false) => tracing::info!(job = %id, "job left to the worker that took it over"),
            Err(e) => {
                tracing::warn!(job = %id, error = %e, "cannot give the job back; it is taken over once stale")
            }
        }
        app.jobs.changed(id);
        return;
    };
    match app
        .repo
        .finish_job(id, worker, &outcome, app.clock.now())
        .await
    {
        Ok(true) => {
            let done = matches!(outcome, JobOutcome::Done(_));
            tracing::info!(job = %id, done, "job finished");
        }
        Ok(false) => tracing::warn!(job = %id, "job was taken over before it finished here"),
        Err(e) => tracing::warn!(job = %id, error = %e, "cannot record the job's end"),
    }
    app.jobs.changed(id);
}

/// Stops the heartbeats when dropped, however the work ends: a handler that panics must not
/// leave its job looking alive, or it would never be taken over.
struct Heartbeats(tokio::task::JoinHandle<()>);

impl Drop for Heartbeats {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs the handler with heartbeats beside it. `None`: stopped (shutdown, or lost).
async fn work(
    app: &App,
    worker: &str,
    options: &RunnerOptions,
    shutdown: &Shutdown,
    job: Job,
    handler: Arc<dyn JobHandler>,
) -> Option<JobOutcome> {
    let id = job.id;
    let lost = Arc::new(AtomicBool::new(false));
    let ctx = JobContext {
        app: app.clone(),
        job,
        worker: worker.to_owned(),
        lost: lost.clone(),
        shutdown: shutdown.clone(),
        every: options.progress_every,
        last_written: Mutex::new(None),
    };
    let _beat = Heartbeats({
        let (app, worker, lost, every) = (
            app.clone(),
            worker.to_owned(),
            lost.clone(),
            options.heartbeat,
        );
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                match app.repo.job_heartbeat(id, &worker, app.clock.now()).await {
                    Ok(true) => {}
                    Ok(false) => {
                        lost.store(true, Ordering::Relaxed);
                        break;
                    }
                    // A passing database failure: the next beat tries again, and the job is
                    // only taken over if they keep failing past `stale_after`.
                    Err(e) => tracing::warn!(job = %id, error = %e, "heartbeat failed"),
                }
            }
        })
    });
    let result = tokio::select! {
        // A job that ends as the shutdown comes is finished, not redone.
        biased;
        r = handler.run(&ctx) => Some(r),
        () = shutdown.wait() => None,
    };
    if lost.load(Ordering::Relaxed) {
        return None;
    }
    match result? {
        Ok(value) => Some(JobOutcome::Done(value)),
        Err(AppError::Cancelled(_)) => None,
        Err(e) => Some(JobOutcome::Failed(e.to_string())),
    }
}

/// A worker's name in the jobs table: the process and a random part, so two workers on one
/// machine (or one restarted) never share it.
pub fn worker_name(app: &App) -> String {
    format!(
        "worker-{}-{}",
        std::process::id(),
        hex::encode(app.random.bytes::<3>())
    )
}
