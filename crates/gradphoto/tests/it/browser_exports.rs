//! The registry package from the exports page in a real headless Chromium: two students are
//! photographed (camera-size originals) and accepted; the admin starts the export on /exports,
//! lands on the job's page while the job is still queued, watches it run and finish through
//! the page's live feed once a worker picks it up, and downloads the zip the page then links.

use chrono::Utc;
use fantoccini::{Client, Locator};
use gradphoto_app::accounts::hash_password;
use gradphoto_app::jobs::{self, RunnerOptions};
use gradphoto_app::{App, OsRandom, Shutdown};
use gradphoto_domain::{Role, StationId};
use gradphoto_store::{Actor, NewUser};
use gradphoto_web::{AppState, WebConfig};

use crate::browser_venue::{
    PASSWORD, capture_venue, publish_all_day, shoot_next, text_until, until_true,
};
use crate::chrome::{browser, fill_login, start_chromedriver};
use crate::files::STUDENTS;
use crate::photos::{camera_photo, portrait};
use crate::server::Api;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_starts_an_export_watches_it_and_downloads_the_zip() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, place, app) = capture_venue(dir.path()).await;
    publish_all_day(&repo, &app, &place).await;
    let actor = Actor::system("test");
    let admin = NewUser {
        login: "admin".into(),
        display_name: "教务处".into(),
        password_hash: hash_password(&OsRandom, PASSWORD).unwrap(),
        role: Role::Admin,
        colleges: vec![],
        student_id: None,
    };
    repo.create_user(&admin, &actor, Utc::now()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(gradphoto_web::serve(
        AppState::new(app.clone(), WebConfig::default()),
        listener,
    ));
    photograph_two(&app, port, StationId(place.station)).await;

    let driver = start_chromedriver();
    let client = browser(&driver, &dir.path().join("profile")).await;
    let run = tokio::spawn(scenario(client.clone(), port, app)).await;
    let _ = client.close().await;
    match run {
        Ok(result) => result.unwrap(),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// 张三 and 李四 check in at the desk, and the station shoots and accepts each.
async fn photograph_two(app: &App, port: u16, station: StationId) {
    let operator = Api::sign_in(port, "operator", PASSWORD).await;
    for student in &STUDENTS[..2] {
        let (status, body) = operator
            .post(
                "/api/v1/checkins",
                serde_json::json!({ "credential": student[0] }),
            )
            .await;
        assert_eq!(status.as_u16(), 201, "{body}");
    }
    for who in 0..2u64 {
        shoot_next(app, station, camera_photo(&portrait(), who)).await;
    }
}

async fn scenario(client: Client, port: u16, app: App) -> Result<(), fantoccini::error::CmdError> {
    let client = &client;
    let base = format!("http://127.0.0.1:{port}");
    client.goto(&format!("{base}/login?next=/exports")).await?;
    fill_login(client, "admin", PASSWORD).await?;
    let start = client
        .wait()
        .for_element(Locator::Css("#export-start"))
        .await?;
    // Nobody has proofread yet: the office exports without waiting for it.
    client
        .find(Locator::Css("input[name=require_proof]"))
        .await?
        .click()
        .await?;
    start.click().await?;

    // The job's page, the job still waiting for a worker.
    text_until(client, "#job-state", "queued", |t| t == "排队中").await?;
    assert!(client.current_url().await?.path().starts_with("/jobs/"));
    let shutdown = Shutdown::new();
    let worker = tokio::spawn(jobs::run(
        app,
        "w1".into(),
        jobs::handlers(),
        RunnerOptions {
            poll: std::time::Duration::from_millis(50),
            ..RunnerOptions::default()
        },
        shutdown.clone(),
    ));
    // The live feed follows it to the end, and the page reloads to link what it made.
    let counts = text_until(client, "#export-counts", "the package", |t| !t.is_empty()).await?;
    assert!(counts.contains("导出照片 2"), "{counts}");
    text_until(client, "#job-count", "2 of 2", |t| t == "2 / 2").await?;
    text_until(client, "#job-state", "done", |t| t == "已完成").await?;

    // The link downloads the zip with the page's session: two photos and the manifest.
    let href = client
        .find(Locator::Css("#export-download"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    client
        .execute(
            "window.zip = null; fetch(arguments[0]).then(r => r.arrayBuffer().then(b => { \
               var u = new Uint8Array(b); \
               window.zip = { status: r.status, type: r.headers.get('content-type'), \
                 bytes: u.length, magic: String.fromCharCode(u[0], u[1]) }; }));",
            vec![serde_json::json!(href)],
        )
        .await?;
    until_true(client, "return window.zip !== null;").await?;
    let zip = client.execute("return window.zip;", vec![]).await?;
    assert_eq!(zip["status"], 200, "{zip}");
    assert_eq!(zip["type"], "application/zip", "{zip}");
    assert_eq!(zip["magic"], "PK", "{zip}");
    assert!(zip["bytes"].as_u64().unwrap_or(0) > 2 * 20_000, "{zip}");
    shutdown.trigger();
    worker.await.unwrap();
    Ok(())
}
