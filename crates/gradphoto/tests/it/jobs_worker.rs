//! A job survives its worker: a batch judging of 40 photos is queued with `gradphoto check
//! --queue`, the `gradphoto worker` judging it is killed with `kill -9` part way, and a second
//! worker takes the job over once its heartbeat is stale, judges every photo from the start and
//! finishes it; the check that queued the job follows it across the takeover to its end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gradphoto_photo::fixtures::{self, Layout, Rng};
use gradphoto_store::JobState;

use crate::photos::portrait;
use crate::process::{Proc, gradphoto, wait_for};

const PHOTOS: i64 = 40;

/// A config file for the SQLite database in `data`, with heartbeats every 0.2 s and a job
/// taken over after 1 s without one (instead of 3 s and 30 s).
fn write_config(dir: &Path, data: &Path) -> PathBuf {
    let mut config = toml::Table::new();
    config.insert("data_dir".into(), data.display().to_string().into());
    config.insert("job_heartbeat_secs".into(), 0.2.into());
    config.insert("job_stale_secs".into(), 1.0.into());
    let path = dir.join("gradphoto.toml");
    std::fs::write(&path, toml::to_string(&config).unwrap()).unwrap();
    path
}

fn worker(config: &Path, dir: &Path, name: &str) -> Proc {
    let mut cmd = gradphoto();
    cmd.arg("--config").arg(config).arg("worker");
    Proc::spawn(cmd, dir, name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_workers_job_is_taken_over_and_finished_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    // Registry files (480 × 640, within the registry's 40 KB), each with noise of its own.
    let composed = fixtures::compose(&portrait(), &Layout::registry());
    let mut expected = BTreeSet::new();
    for who in 0..PHOTOS {
        let mut img = composed.clone();
        fixtures::noise(&mut img, 2.0, &mut Rng::new(who as u64 + 1));
        let path = photos.join(format!("19011101{who:02}.jpg"));
        std::fs::write(&path, fixtures::jpeg_within(&img, 40)).unwrap();
        expected.insert(path.canonicalize().unwrap());
    }
    let data = dir.path().join("data");
    let config = write_config(dir.path(), &data);

    // The database is created (and migrated) once, before three processes and the test open it.
    let listed = gradphoto()
        .arg("--config")
        .arg(&config)
        .args(["--json", "jobs", "list"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&listed.stdout).unwrap(),
        serde_json::json!([])
    );
    let url = format!("sqlite://{}", data.join("gradphoto.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();

    let mut check = {
        let mut cmd = gradphoto();
        cmd.arg("--config")
            .arg(&config)
            .args(["--json", "check", "--queue"])
            .arg(&photos);
        Proc::spawn(cmd, dir.path(), "check")
    };
    let id = wait_for(
        "the check to queue its job",
        Duration::from_secs(30),
        &[&check],
        async || repo.jobs(10).await.unwrap().first().map(|j| j.id),
    )
    .await;

    // The first worker judges some of the photos, and dies.
    let mut first = worker(&config, dir.path(), "worker-1");
    wait_for(
        "the first worker to report a judged photo",
        Duration::from_secs(60),
        &[&check, &first],
        async || {
            let job = repo.job(id).await.unwrap().unwrap();
            (job.progress_done > 0).then_some(())
        },
    )
    .await;
    first.kill_9();
    let killed = repo.job(id).await.unwrap().unwrap();
    assert_eq!(
        killed.state,
        JobState::Running,
        "the job ended before its worker was killed: {killed:?}"
    );
    assert!(killed.progress_done < PHOTOS, "{killed:?}");
    assert_eq!(killed.attempts, 1, "{killed:?}");
    let first_name = killed.claimed_by.clone().unwrap();
    assert!(
        first_name.starts_with(&format!("worker-{}-", first.pid())),
        "{first_name}"
    );

    // Another worker takes it over once the dead one's heartbeat is a second old.
    let killed_at = std::time::Instant::now();
    let second = worker(&config, dir.path(), "worker-2");
    let done = wait_for(
        "the second worker to finish the job",
        Duration::from_secs(60),
        &[&check, &second],
        async || {
            let job = repo.job(id).await.unwrap().unwrap();
            job.state.is_finished().then_some(job)
        },
    )
    .await;
    eprintln!(
        "worker 1 killed at {}/{PHOTOS} photos; the job done by worker 2 {:?} later",
        killed.progress_done,
        killed_at.elapsed()
    );
    assert_eq!(done.state, JobState::Done, "{done:?}");
    assert_eq!(done.attempts, 2, "{done:?}");
    let second_name = done.claimed_by.clone().unwrap();
    assert_ne!(second_name, first_name);
    assert!(
        second_name.starts_with(&format!("worker-{}-", second.pid())),
        "{second_name}"
    );
    assert_eq!(
        done.started_at, killed.started_at,
        "a takeover keeps the first start"
    );
    assert_eq!(
        (done.progress_done, done.progress_total),
        (PHOTOS, Some(PHOTOS))
    );
    assert!(
        second.log().contains("attempt=2"),
        "the second worker says it is the job's second attempt:\n{}",
        second.log()
    );

    // Every photo judged, each once: nothing left over from the first attempt.
    let result = done.result.clone().unwrap();
    assert_eq!(result["photos"], PHOTOS, "{result:#}");
    assert_eq!(result["pass"], PHOTOS, "{result:#}");
    let files = result["files"].as_array().unwrap();
    assert_eq!(files.len() as i64, PHOTOS, "{result:#}");
    let judged: BTreeSet<PathBuf> = files
        .iter()
        .map(|f| PathBuf::from(f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(judged, expected);

    // The check that queued it followed it to its end and printed the job as done.
    let status = check.exited(Duration::from_secs(30)).await;
    assert!(status.success(), "{status}; its log:\n{}", check.log());
    let printed: serde_json::Value = serde_json::from_str(&check.stdout()).unwrap();
    assert_eq!(printed["id"], id.0, "{printed:#}");
    assert_eq!(printed["state"], "done", "{printed:#}");
    assert_eq!(printed["attempts"], 2, "{printed:#}");
    assert_eq!(printed["result"], result);
}
