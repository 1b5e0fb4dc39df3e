//! Jobs and leases: claimed by exactly one worker however many claim at once, taken over from a
//! dead worker, whose later reports are then refused; leases held by one holder at a time.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use gradphoto_store::{Actor, Job, JobId, JobOutcome, JobState, NewJob, Repo};
use serde_json::json;

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::now;

fn new_job(kind: &str, params: serde_json::Value) -> NewJob {
    NewJob {
        kind: kind.to_owned(),
        params,
        created_by: Actor::system("admin"),
    }
}

async fn enqueue(repo: &dyn Repo, n: i64, at: DateTime<Utc>) -> Job {
    repo.enqueue_job(&new_job("judge.batch", json!({ "class": n })), at)
        .await
        .unwrap()
}

async fn stored(repo: &dyn Repo, id: JobId) -> Job {
    repo.job(id).await.unwrap().unwrap()
}

/// Long before anything in these tests: no heartbeat is older, nothing is reclaimed.
fn never() -> DateTime<Utc> {
    now() - Duration::days(365)
}

async fn enqueued_claimed_and_finished(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let queued = repo
        .enqueue_job(
            &new_job(
                "export.package",
                json!({ "campaign": 1, "classes": ["190111"] }),
            ),
            t0,
        )
        .await
        .unwrap();
    assert_eq!(queued.state, JobState::Queued);
    assert_eq!(queued.kind, "export.package");
    assert_eq!(
        queued.params,
        json!({ "campaign": 1, "classes": ["190111"] })
    );
    assert_eq!((queued.attempts, queued.progress_done), (0, 0));
    assert_eq!(queued.claimed_by, None);
    assert_eq!(queued.created_by, "admin");
    assert_eq!(queued.created_at, t0);
    assert_eq!(stored(repo, queued.id).await, queued);
    let second = enqueue(repo, 2, t0).await;

    // The oldest first.
    let t1 = t0 + Duration::seconds(3);
    let claimed = repo.claim_job("w1", t1, never()).await.unwrap().unwrap();
    assert_eq!(claimed.id, queued.id);
    assert_eq!(claimed.state, JobState::Running);
    assert_eq!(claimed.claimed_by.as_deref(), Some("w1"));
    assert_eq!(claimed.attempts, 1);
    assert_eq!(claimed.heartbeat_at, Some(t1));
    assert_eq!(claimed.started_at, Some(t1));
    assert_eq!(claimed.finished_at, None);
    assert_eq!(stored(repo, queued.id).await, claimed);
    assert_eq!(
        repo.claim_job("w2", t1, never()).await.unwrap().unwrap().id,
        second.id
    );
    assert_eq!(repo.claim_job("w3", t1, never()).await.unwrap(), None);

    let t2 = t1 + Duration::seconds(40);
    let result = json!({ "blob_key": "sha256/00ff", "photos": 31 });
    assert!(
        repo.finish_job(claimed.id, "w1", &JobOutcome::Done(result.clone()), t2)
            .await
            .unwrap()
    );
    let done = stored(repo, claimed.id).await;
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.result, Some(result));
    assert_eq!(done.error, None);
    assert_eq!(done.finished_at, Some(t2));
    assert_eq!(done.started_at, Some(t1));
    // Finished once: a second finish, even by its worker, changes nothing.
    assert!(
        !repo
            .finish_job(claimed.id, "w1", &JobOutcome::Failed("again".into()), t2)
            .await
            .unwrap()
    );
    assert_eq!(stored(repo, claimed.id).await, done);
    // A finished job is never claimed again.
    let much_later = t2 + Duration::days(1);
    assert!(
        repo.finish_job(second.id, "w2", &JobOutcome::Failed("磁盘已满".into()), t2)
            .await
            .unwrap()
    );
    assert_eq!(
        repo.claim_job("w3", much_later, much_later).await.unwrap(),
        None
    );
    let failed = stored(repo, second.id).await;
    assert_eq!(failed.state, JobState::Failed);
    assert_eq!(failed.error.as_deref(), Some("磁盘已满"));
    assert_eq!(failed.result, None);

    // The enqueue is in the audit log, under who asked.
    let audited: Vec<_> = repo
        .audit_events(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "job.enqueue")
        .collect();
    assert_eq!(audited.len(), 2);
    let first = audited
        .iter()
        .find(|e| e.subject == format!("job:{}", queued.id))
        .unwrap();
    assert_eq!(first.actor, "admin");
    assert_eq!(
        first.after.as_ref().unwrap()["params"],
        json!({ "campaign": 1, "classes": ["190111"] })
    );
}

async fn each_job_is_claimed_once_under_concurrency(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.repo.clone();
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(enqueue(repo.as_ref(), n, now()).await.id);
    }
    let claimers: Vec<_> = (0..8)
        .map(|w| {
            let repo = repo.clone();
            tokio::spawn(async move {
                let worker = format!("w{w}");
                let mut mine = Vec::new();
                while let Some(job) = repo.claim_job(&worker, now(), never()).await.unwrap() {
                    assert_eq!(job.claimed_by.as_deref(), Some(worker.as_str()));
                    mine.push(job.id);
                    // Hold the job a moment, as a worker would, so claims overlap with it.
                    tokio::task::yield_now().await;
                }
                (worker, mine)
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for c in claimers {
        let (worker, mine) = c.await.unwrap();
        for id in mine {
            let job = stored(repo.as_ref(), id).await;
            assert_eq!(job.claimed_by.as_deref(), Some(worker.as_str()));
            assert_eq!(job.attempts, 1, "job {id} was claimed twice");
            claimed.push(id);
        }
    }
    claimed.sort_unstable();
    assert_eq!(claimed, ids, "every job claimed exactly once");
}

async fn a_worker_that_lost_its_job_is_refused(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let job = enqueue(repo, 1, t0).await;
    // Not claimed yet: nobody may report on it.
    assert!(!repo.job_heartbeat(job.id, "w1", t0).await.unwrap());
    let claimed = repo.claim_job("w1", t0, never()).await.unwrap().unwrap();
    let t1 = t0 + Duration::seconds(5);
    // Another worker (or a made-up id) gets nowhere.
    assert!(!repo.job_heartbeat(job.id, "w2", t1).await.unwrap());
    assert!(
        !repo
            .job_progress(job.id, "w2", 9, Some(9), Some("x"), t1)
            .await
            .unwrap()
    );
    assert!(
        !repo
            .finish_job(job.id, "w2", &JobOutcome::Done(json!(1)), t1)
            .await
            .unwrap()
    );
    assert!(
        !repo
            .job_heartbeat(JobId(job.id.0 + 1000), "w1", t1)
            .await
            .unwrap()
    );
    assert_eq!(stored(repo, job.id).await, claimed);

    // Once finished, its own worker's heartbeat and progress tell it the job is over.
    assert!(
        repo.finish_job(job.id, "w1", &JobOutcome::Failed("cancelled".into()), t1)
            .await
            .unwrap()
    );
    let finished = stored(repo, job.id).await;
    let t2 = t1 + Duration::seconds(5);
    assert!(!repo.job_heartbeat(job.id, "w1", t2).await.unwrap());
    assert!(
        !repo
            .job_progress(job.id, "w1", 1, None, None, t2)
            .await
            .unwrap()
    );
    assert_eq!(stored(repo, job.id).await, finished);
}

async fn a_dead_workers_job_is_reclaimed(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let job = enqueue(repo, 1, t0).await;
    let a = repo.claim_job("A", t0, never()).await.unwrap().unwrap();
    assert!(
        repo.job_progress(
            job.id,
            "A",
            4,
            Some(10),
            Some("190111"),
            t0 + Duration::seconds(1)
        )
        .await
        .unwrap()
    );
    // A never beats again. Ten minutes on, a claimer counting heartbeats older than a minute as
    // dead takes the job over.
    let t1 = t0 + Duration::minutes(10);
    let b = repo
        .claim_job("B", t1, t1 - Duration::minutes(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.id, job.id);
    assert_eq!(b.claimed_by.as_deref(), Some("B"));
    assert_eq!(b.attempts, 2);
    assert_eq!(b.state, JobState::Running);
    assert_eq!(b.heartbeat_at, Some(t1));
    assert_eq!(b.started_at, a.started_at, "started when first claimed");
    // B starts over: A's progress is not B's.
    assert_eq!((b.progress_done, b.progress_total), (0, None));
    assert_eq!(b.progress_note, None);

    // A wakes up: everything it says is refused and changes nothing.
    let t2 = t1 + Duration::seconds(1);
    assert!(!repo.job_heartbeat(job.id, "A", t2).await.unwrap());
    assert!(
        !repo
            .job_progress(job.id, "A", 10, Some(10), Some("A"), t2)
            .await
            .unwrap()
    );
    assert!(
        !repo
            .finish_job(job.id, "A", &JobOutcome::Done(json!({ "by": "A" })), t2)
            .await
            .unwrap()
    );
    assert_eq!(stored(repo, job.id).await, b);

    let t3 = t2 + Duration::seconds(30);
    assert!(repo.job_heartbeat(job.id, "B", t3).await.unwrap());
    assert!(
        repo.finish_job(job.id, "B", &JobOutcome::Done(json!({ "by": "B" })), t3)
            .await
            .unwrap()
    );
    // A, late again, cannot overwrite B's result.
    assert!(
        !repo
            .finish_job(job.id, "A", &JobOutcome::Failed("A".into()), t3)
            .await
            .unwrap()
    );
    let done = stored(repo, job.id).await;
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.result, Some(json!({ "by": "B" })));
    assert_eq!(done.claimed_by.as_deref(), Some("B"));
    assert_eq!(done.attempts, 2);
}

async fn a_job_with_a_fresh_heartbeat_is_not_reclaimed(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let first = enqueue(repo, 1, t0).await;
    repo.claim_job("A", t0, never()).await.unwrap().unwrap();
    let t1 = t0 + Duration::seconds(50);
    assert!(repo.job_heartbeat(first.id, "A", t1).await.unwrap());
    // At t0 + 60 s, heartbeats before t0 + 30 s are dead: A's, at t0 + 50 s, is not.
    let t2 = t0 + Duration::seconds(60);
    let stale_before = t0 + Duration::seconds(30);
    assert_eq!(repo.claim_job("B", t2, stale_before).await.unwrap(), None);
    // A job queued after it is what B gets.
    let second = enqueue(repo, 2, t2).await;
    let b = repo
        .claim_job("B", t2, stale_before)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.id, second.id);
    let still = stored(repo, first.id).await;
    assert_eq!(still.claimed_by.as_deref(), Some("A"));
    assert_eq!(still.attempts, 1);
    assert_eq!(still.heartbeat_at, Some(t1));
}

async fn progress_is_stored(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let job = enqueue(repo, 1, t0).await;
    repo.claim_job("w", t0, never()).await.unwrap().unwrap();
    let t1 = t0 + Duration::seconds(7);
    assert!(
        repo.job_progress(job.id, "w", 3, Some(120), Some("班级 190111"), t1)
            .await
            .unwrap()
    );
    let seen = stored(repo, job.id).await;
    assert_eq!(seen.progress_done, 3);
    assert_eq!(seen.progress_total, Some(120));
    assert_eq!(seen.progress_note.as_deref(), Some("班级 190111"));
    assert_eq!(seen.heartbeat_at, Some(t1), "progress is a heartbeat");
    assert_eq!(seen.state, JobState::Running);

    // A worker that no longer knows the total, or has nothing to say, clears them.
    let t2 = t1 + Duration::seconds(7);
    assert!(
        repo.job_progress(job.id, "w", 80, None, None, t2)
            .await
            .unwrap()
    );
    let seen = stored(repo, job.id).await;
    assert_eq!(
        (seen.progress_done, seen.progress_total, seen.progress_note),
        (80, None, None)
    );
    assert_eq!(seen.heartbeat_at, Some(t2));
}

async fn jobs_are_listed_newest_first(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let mut ids = Vec::new();
    for n in 0..4 {
        ids.push(enqueue(repo, n, t0 + Duration::seconds(n)).await.id);
    }
    let listed: Vec<_> = repo
        .jobs(10)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.id)
        .collect();
    ids.reverse();
    assert_eq!(listed, ids);
    let two: Vec<_> = repo
        .jobs(2)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(two, ids[..2]);
    assert_eq!(repo.job(JobId(ids[0].0 + 1)).await.unwrap(), None);
}

async fn a_lease_has_one_holder_at_a_time(db: &TestDb) {
    let repo = db.repo.as_ref();
    let name = "hot-folder:station:7";
    let ttl = Duration::seconds(30);
    let t0 = now();
    assert!(repo.take_lease(name, "A", t0, ttl).await.unwrap());
    // Live: refused to another holder, up to the last moment.
    let t1 = t0 + Duration::seconds(10);
    assert!(!repo.take_lease(name, "B", t1, ttl).await.unwrap());
    // Renewed by its holder: now live until t1 + 30 s, past the first expiry.
    assert!(repo.take_lease(name, "A", t1, ttl).await.unwrap());
    let t2 = t0 + Duration::seconds(35);
    assert!(!repo.take_lease(name, "B", t2, ttl).await.unwrap());
    assert!(
        !repo
            .take_lease(name, "B", t1 + ttl - Duration::milliseconds(1), ttl)
            .await
            .unwrap()
    );
    // Other names are other leases.
    assert!(
        repo.take_lease("hot-folder:station:8", "B", t2, ttl)
            .await
            .unwrap()
    );
    // A stops renewing: once it expires, B takes it over, and A is refused.
    let t3 = t1 + ttl;
    assert!(repo.take_lease(name, "B", t3, ttl).await.unwrap());
    assert!(
        !repo
            .take_lease(name, "A", t3 + Duration::seconds(1), ttl)
            .await
            .unwrap()
    );
    // Only its holder releases it; then anyone may take it at once.
    assert!(!repo.release_lease(name, "A").await.unwrap());
    assert!(
        !repo
            .take_lease(name, "A", t3 + Duration::seconds(2), ttl)
            .await
            .unwrap()
    );
    assert!(repo.release_lease(name, "B").await.unwrap());
    assert!(!repo.release_lease(name, "B").await.unwrap());
    assert!(
        repo.take_lease(name, "A", t3 + Duration::seconds(2), ttl)
            .await
            .unwrap()
    );
}

async fn a_free_lease_goes_to_one_of_many_takers(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.repo.clone();
    let takers: Vec<_> = (0..8)
        .map(|h| {
            let repo = repo.clone();
            tokio::spawn(async move {
                let holder = format!("p{h}");
                let took = repo
                    .take_lease(
                        "hot-folder:station:1",
                        &holder,
                        now(),
                        Duration::seconds(30),
                    )
                    .await
                    .unwrap();
                took.then_some(holder)
            })
        })
        .collect();
    let mut holders = HashSet::new();
    for t in takers {
        holders.extend(t.await.unwrap());
    }
    assert_eq!(holders.len(), 1, "taken by {holders:?}");
    // The one that got it holds it: it renews, the others are refused.
    let holder = holders.into_iter().next().unwrap();
    let later = now() + Duration::seconds(5);
    let ttl = Duration::seconds(30);
    assert!(
        repo.take_lease("hot-folder:station:1", &holder, later, ttl)
            .await
            .unwrap()
    );
    let other = if holder == "p0" { "p1" } else { "p0" };
    assert!(
        !repo
            .take_lease("hot-folder:station:1", other, later, ttl)
            .await
            .unwrap()
    );
}

/// A worker that shuts down mid-job gives it back: queued again at once, its attempt not
/// counted, and nobody else's job can be given back by it.
async fn a_released_job_goes_back_to_the_queue_uncounted(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let job = enqueue(repo, 1, t0).await;
    repo.claim_job("a", t0, never()).await.unwrap().unwrap();
    assert!(
        repo.job_progress(job.id, "a", 3, Some(9), Some("x"), t0)
            .await
            .unwrap()
    );
    assert!(!repo.release_job(job.id, "b").await.unwrap(), "not b's");
    assert!(repo.release_job(job.id, "a").await.unwrap());
    let back = stored(repo, job.id).await;
    assert_eq!(back.state, JobState::Queued);
    assert_eq!((back.attempts, back.progress_done), (0, 0));
    assert_eq!((back.claimed_by, back.heartbeat_at), (None, None));
    assert!(
        !repo.release_job(job.id, "a").await.unwrap(),
        "released once"
    );
    // The next claim takes it at once, as its first attempt.
    let again = repo.claim_job("b", t0, never()).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (job.id, 1));
    assert!(!repo.job_heartbeat(job.id, "a", t0).await.unwrap());
}

conformance!(
    a_released_job_goes_back_to_the_queue_uncounted,
    enqueued_claimed_and_finished,
    each_job_is_claimed_once_under_concurrency,
    a_worker_that_lost_its_job_is_refused,
    a_dead_workers_job_is_reclaimed,
    a_job_with_a_fresh_heartbeat_is_not_reclaimed,
    progress_is_stored,
    jobs_are_listed_newest_first,
    a_lease_has_one_holder_at_a_time,
    a_free_lease_goes_to_one_of_many_takers,
);
