//! Jobs through the web: the list and one job in the API and the pages, for the crew only, and
//! the job page's live feed, which ends once the job has.

use axum::http::{Method, StatusCode};
use gradphoto_store::{Actor, JobOutcome, NewJob};

use crate::helpers::{api_token, spawn_with_roster};

#[tokio::test]
async fn the_crew_follows_a_job_to_its_result() {
    let app = spawn_with_roster().await;
    let repo = app.repo();
    let now = app.app().now();
    let new = NewJob {
        kind: "judge.batch".into(),
        params: serde_json::json!({"paths": ["/srv/photos"], "rules": {"pack": "chsi-2017"}}),
        created_by: Actor::system("cli"),
    };
    let job = repo.enqueue_job(&new, now).await.unwrap();
    let operator = api_token(&app, "operator").await;
    let mut c = app.client();

    let r = c
        .api(Method::GET, "/api/v1/jobs", Some(&operator), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()[0]["id"], job.id.0);
    assert_eq!(r.json()[0]["state"], "queued");

    // A worker takes it and gets half way.
    repo.claim_job("w1", now, now).await.unwrap().unwrap();
    assert!(
        repo.job_progress(job.id, "w1", 2, Some(4), Some("b.jpg"), now)
            .await
            .unwrap()
    );
    let path = format!("/api/v1/jobs/{}", job.id);
    let r = c.api(Method::GET, &path, Some(&operator), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    assert_eq!(
        (body["state"].as_str(), body["percent"].as_i64()),
        (Some("running"), Some(50))
    );
    assert_eq!(body["progress_note"], "b.jpg");

    let mut page = app.login("operator").await;
    let r = page.get(&format!("/jobs/{}", job.id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("进行中") && r.body.contains("2 / 4"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"value="50""#), "the bar is half full");
    let r = page.get("/jobs").await;
    assert!(
        r.body.contains(&format!(r#"href="/jobs/{}""#, job.id)),
        "{}",
        r.body
    );

    // Done: its verdicts are on the page.
    let result = serde_json::json!({"photos": 1, "pass": 0, "warn": 0, "fail": 1, "error": 0,
        "files": [{"path": "/srv/photos/a.jpg", "overall": "fail",
                   "reason_zh": "头顶离上边缘太近", "reason_en": "hair too close to the top"}]});
    let done = JobOutcome::Done(result);
    assert!(repo.finish_job(job.id, "w1", &done, now).await.unwrap());
    let r = page.get(&format!("/jobs/{}?lang=en", job.id)).await;
    assert!(
        r.body.contains("Done") && r.body.contains("hair too close to the top"),
        "{}",
        r.body
    );
    assert!(r.body.contains("/srv/photos/a.jpg"));

    // The live feed sends the job, and ends since the job has.
    let r = page.get(&format!("/jobs/{}/events", job.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("event: job"), "{}", r.body);
    assert!(r.body.contains(r#""state":"done""#), "{}", r.body);
}

#[tokio::test]
async fn jobs_are_for_the_crew_only() {
    let app = spawn_with_roster().await;
    let lead = api_token(&app, "lead").await;
    let mut c = app.client();
    let r = c.api(Method::GET, "/api/v1/jobs", Some(&lead), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let mut page = app.login("lead").await;
    assert_eq!(page.get("/jobs").await.status, StatusCode::FORBIDDEN);
    let admin = api_token(&app, "admin").await;
    let r = c
        .api(Method::GET, "/api/v1/jobs/999", Some(&admin), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}
