//! Jobs: long work a person asks for — a batch judging now; export packages and print sheets
//! next — recorded in the database and carried out by whichever worker process claims it
//! (`gradphoto serve`, or `gradphoto worker` on another machine). A job survives its worker: a
//! worker that dies stops sending heartbeats, and another takes the job over from the start.
//!
//! [`enqueue`] records a job; [`runner::run`] is a worker's loop; each kind of job is a
//! [`JobHandler`] ([`judge_batch`] is the first). Progress reaches pages and the command line
//! through the job's row, and, in the same process, at once through [`JobEvents`].

pub mod events;
pub mod judge_batch;
pub mod runner;

use async_trait::async_trait;
use gradphoto_domain::Msg;
use gradphoto_store::{Actor, Job, JobId, NewJob};

pub use events::JobEvents;
pub use runner::{JobContext, RunnerOptions, run};

use crate::App;
use crate::error::{AppError, Result};

/// One kind of job: what its parameters mean and how it is done.
#[async_trait]
pub trait JobHandler: Send + Sync + std::fmt::Debug {
    /// The kind as stored on the job (`judge.batch`).
    fn kind(&self) -> &'static str;
    /// Does the job, reporting progress through `ctx`; the result is kept on the job. A job may
    /// be run again from the start (its worker died), so it must not mind being repeated.
    async fn run(&self, ctx: &JobContext) -> Result<serde_json::Value>;
}

/// A job's parameters in the shape its kind defines, or a refusal naming what (`批量检查` /
/// `the batch judging`) and why.
pub fn params<T: serde::de::DeserializeOwned>(job: &Job, zh: &str, en: &str) -> Result<T> {
    serde_json::from_value(job.params.clone()).map_err(|e| {
        AppError::invalid(
            "params",
            Msg::new(
                format!("{zh}任务的参数无效：{e}"),
                format!("{en}'s parameters are not valid: {e}"),
            ),
        )
    })
}

/// Every kind of job this build knows.
pub fn handlers() -> Vec<std::sync::Arc<dyn JobHandler>> {
    vec![
        std::sync::Arc::new(judge_batch::JudgeBatch),
        std::sync::Arc::new(crate::export::registry::ExportRegistry),
        std::sync::Arc::new(crate::export::prints::ExportPrints),
    ]
}

/// The newest `limit` jobs, newest first.
pub async fn recent(app: &App, limit: i64) -> Result<Vec<Job>> {
    Ok(app.repo.jobs(limit).await?)
}

/// One job as it is now; `None` when there is no such job.
pub async fn get(app: &App, id: JobId) -> Result<Option<Job>> {
    Ok(app.repo.job(id).await?)
}

/// The job a person named by its number (a path segment, an argument), or a clear refusal.
pub async fn by_number(app: &App, raw: &str) -> Result<Job> {
    let missing = || {
        AppError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的任务"),
            format!("there is no job {raw}"),
        ))
    };
    let id = JobId(raw.trim().parse().map_err(|_| missing())?);
    get(app, id).await?.ok_or_else(missing)
}

/// Records a job for a worker to pick up, and wakes this process's workers.
pub async fn enqueue(
    app: &App,
    kind: &str,
    params: serde_json::Value,
    actor: &Actor,
) -> Result<Job> {
    let job = app
        .repo
        .enqueue_job(
            &NewJob {
                kind: kind.to_owned(),
                params,
                created_by: actor.clone(),
            },
            app.clock.now(),
        )
        .await?;
    app.jobs.queued();
    Ok(job)
}
