//! The job runner on a real SQLite database: a batch judging from queued to done with its
//! progress and result; a job of a kind this build does not know, and one that killed too many
//! workers, fail with a reason; a shutdown abandons the running job for another worker instead
//! of finishing it; a worker that lost its job to another stops without overwriting it.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use gradphoto_app::jobs::judge_batch::{self, Params, Summary};
use gradphoto_app::jobs::{self, JobContext, JobHandler, RunnerOptions};
use gradphoto_app::judging::BatchRules;
use gradphoto_app::{App, AppError, OsRandom, Shutdown};
use gradphoto_domain::SystemClock;
use gradphoto_store::{Actor, Job, JobId, JobOutcome, JobState, Repo};
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// Far longer than any wait should take.
const PATIENCE: Duration = Duration::from_secs(60);

async fn app() -> (App, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jobs.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    (
        App::new(repo, Arc::new(SystemClock), Arc::new(OsRandom)),
        dir,
    )
}

fn fast() -> RunnerOptions {
    RunnerOptions {
        poll: Duration::from_millis(50),
        heartbeat: Duration::from_millis(100),
        stale_after: Duration::from_millis(400),
        ..RunnerOptions::default()
    }
}

async fn wait_until(repo: &Arc<dyn Repo>, id: JobId, what: impl Fn(&Job) -> bool) -> Job {
    tokio::time::timeout(PATIENCE, async {
        loop {
            let job = repo.job(id).await.unwrap().unwrap();
            if what(&job) {
                return job;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the job did not get there in time")
}

/// Three copies of the astronaut portrait and a text file that pretends to be a photo.
fn photo_folder(dir: &TempDir) -> std::path::PathBuf {
    let folder = dir.path().join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    let portrait = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../gradphoto-photo/fixtures/astronaut.png"),
    )
    .unwrap();
    for name in ["a.png", "b.png", "c.png"] {
        std::fs::write(folder.join(name), &portrait).unwrap();
    }
    std::fs::write(folder.join("d.jpg"), b"not a photo").unwrap();
    folder
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_judging_runs_to_its_result() {
    let (app, dir) = app().await;
    let params = Params {
        paths: vec![photo_folder(&dir)],
        rules: BatchRules {
            pack: "chsi-2017".into(),
            mode: "auto".into(),
        },
    };
    let job = jobs::enqueue(
        &app,
        judge_batch::KIND,
        serde_json::to_value(&params).unwrap(),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(job.state, JobState::Queued);
    let mut changes = app.jobs.subscribe();
    let shutdown = Shutdown::new();
    let worker = tokio::spawn(jobs::run(
        app.clone(),
        "w1".into(),
        jobs::handlers(),
        fast(),
        shutdown.clone(),
    ));
    let done = wait_until(&app.repo, job.id, |j| j.state.is_finished()).await;
    assert_eq!(done.state, JobState::Done, "{:?}", done.error);
    assert_eq!(done.attempts, 1);
    assert_eq!(done.claimed_by.as_deref(), Some("w1"));
    assert_eq!((done.progress_done, done.progress_total), (4, Some(4)));
    let summary: Summary = serde_json::from_value(done.result.unwrap()).unwrap();
    assert_eq!(summary.photos, 4);
    assert_eq!(summary.error, 1, "the text file cannot be judged");
    assert_eq!(summary.pass + summary.warn + summary.fail, 3);
    let unreadable = summary.files.iter().find(|f| f.overall == "error").unwrap();
    assert!(unreadable.path.ends_with("d.jpg"), "{unreadable:?}");
    // The pages watching it heard about it.
    assert_eq!(changes.try_recv().ok(), Some(job.id));
    shutdown.trigger();
    tokio::time::timeout(PATIENCE, worker)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn unknown_kinds_and_jobs_that_kill_their_workers_fail_with_a_reason() {
    let (app, _dir) = app().await;
    let actor = Actor::system("test");
    // A job three workers died on: each claim takes it over from a dead worker.
    let deadly = jobs::enqueue(&app, judge_batch::KIND, serde_json::json!({}), &actor)
        .await
        .unwrap();
    let future = app.now() + chrono::Duration::hours(1);
    for n in 0..3 {
        let claimed = app
            .repo
            .claim_job(&format!("dead{n}"), app.now(), future)
            .await
            .unwrap();
        assert_eq!(claimed.map(|j| j.id), Some(deadly.id));
    }
    let unknown = jobs::enqueue(&app, "export.teleport", serde_json::json!({}), &actor)
        .await
        .unwrap();
    let shutdown = Shutdown::new();
    let options = RunnerOptions {
        stale_after: Duration::from_millis(1),
        ..fast()
    };
    let worker = tokio::spawn(jobs::run(
        app.clone(),
        "w2".into(),
        jobs::handlers(),
        options,
        shutdown.clone(),
    ));
    let unknown = wait_until(&app.repo, unknown.id, |j| j.state.is_finished()).await;
    assert_eq!(unknown.state, JobState::Failed);
    assert!(unknown.error.unwrap().contains("export.teleport"));
    let deadly = wait_until(&app.repo, deadly.id, |j| j.state.is_finished()).await;
    assert_eq!(deadly.state, JobState::Failed);
    assert!(deadly.attempts > 3, "{}", deadly.attempts);
    assert!(deadly.error.unwrap().contains("not tried again"));
    shutdown.trigger();
    tokio::time::timeout(PATIENCE, worker)
        .await
        .unwrap()
        .unwrap();
}

/// Reports progress every few milliseconds for a long while.
#[derive(Debug)]
struct Slow;

#[async_trait]
impl JobHandler for Slow {
    fn kind(&self) -> &'static str {
        "test.slow"
    }

    async fn run(&self, ctx: &JobContext) -> Result<serde_json::Value, AppError> {
        for i in 0..10_000 {
            ctx.progress(i, Some(10_000), None).await?;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(serde_json::json!({"slow": true}))
    }
}

/// A slow job queued and `worker` running it, once it has reported some progress.
async fn slow_job_under_way(app: &App, worker: &str) -> (Job, Shutdown, JoinHandle<()>) {
    let job = jobs::enqueue(
        app,
        "test.slow",
        serde_json::json!({}),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let shutdown = Shutdown::new();
    let handle = tokio::spawn(jobs::run(
        app.clone(),
        worker.into(),
        vec![Arc::new(Slow)],
        fast(),
        shutdown.clone(),
    ));
    wait_until(&app.repo, job.id, |j| j.progress_done > 0).await;
    (job, shutdown, handle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_gives_the_job_back_uncounted() {
    let (app, _dir) = app().await;
    let (job, shutdown, worker) = slow_job_under_way(&app, "w3").await;
    shutdown.trigger();
    tokio::time::timeout(PATIENCE, worker)
        .await
        .unwrap()
        .unwrap();
    let back = app.repo.job(job.id).await.unwrap().unwrap();
    assert_eq!(back.state, JobState::Queued, "given back, not finished");
    assert_eq!((back.attempts, back.claimed_by), (0, None));
    assert!(back.finished_at.is_none() && back.result.is_none());
    // The next worker takes it at once, as its first attempt.
    let never = app.now() - chrono::Duration::days(1);
    let again = app
        .repo
        .claim_job("w4", app.now(), never)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (job.id, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_lost_its_job_stops_it_and_goes_on() {
    let (app, _dir) = app().await;
    let (job, shutdown, worker) = slow_job_under_way(&app, "stalled").await;
    // Another worker decides this one is dead and takes the job over.
    let future = app.now() + chrono::Duration::hours(1);
    let taken = app
        .repo
        .claim_job("rescuer", app.now(), future)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.id, job.id);
    // The stalled worker notices at its next report, stops the job (which would otherwise run
    // for nearly a minute) and is free for the next one at once.
    let next = jobs::enqueue(
        &app,
        "test.slow",
        serde_json::json!({}),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let claimed = wait_until(&app.repo, next.id, |j| j.state == JobState::Running).await;
    assert_eq!(claimed.claimed_by.as_deref(), Some("stalled"));
    // And it wrote nothing more on the job it lost.
    let outcome = JobOutcome::Done(serde_json::json!({"by": "rescuer"}));
    assert!(
        app.repo
            .finish_job(job.id, "rescuer", &outcome, app.now())
            .await
            .unwrap()
    );
    let ended = app.repo.job(job.id).await.unwrap().unwrap();
    assert_eq!(ended.result, Some(serde_json::json!({"by": "rescuer"})));
    assert_eq!(
        (ended.claimed_by.as_deref(), ended.attempts),
        (Some("rescuer"), 2)
    );
    shutdown.trigger();
    tokio::time::timeout(PATIENCE, worker)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_with_no_photos_or_an_unknown_mode_fails_saying_so() {
    let (app, dir) = app().await;
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let actor = Actor::system("test");
    let enqueue = |paths: Vec<std::path::PathBuf>, mode: &str| {
        let params = Params {
            paths,
            rules: BatchRules {
                pack: "chsi-2017".into(),
                mode: mode.into(),
            },
        };
        jobs::enqueue(
            &app,
            judge_batch::KIND,
            serde_json::to_value(&params).unwrap(),
            &actor,
        )
    };
    let nothing = enqueue(vec![empty], "auto").await.unwrap();
    let sideways = enqueue(vec![photo_folder(&dir)], "sideways").await.unwrap();
    let shutdown = Shutdown::new();
    let worker = tokio::spawn(jobs::run(
        app.clone(),
        "w5".into(),
        jobs::handlers(),
        fast(),
        shutdown.clone(),
    ));
    let nothing = wait_until(&app.repo, nothing.id, |j| j.state.is_finished()).await;
    assert_eq!(nothing.state, JobState::Failed);
    assert!(nothing.error.unwrap().contains("no photos"));
    let sideways = wait_until(&app.repo, sideways.id, |j| j.state.is_finished()).await;
    assert_eq!(sideways.state, JobState::Failed);
    assert!(sideways.error.unwrap().contains("sideways"));
    shutdown.trigger();
    tokio::time::timeout(PATIENCE, worker)
        .await
        .unwrap()
        .unwrap();
}
