//! The classes page in a real headless Chromium: a college lead signs in and sees their class
//! with its slot of the published timetable and its counts; a student of the class checks in
//! at the desk (through the API) and the page's checked-in count changes without a reload.

use std::sync::Arc;

use chrono::Utc;
use fantoccini::{Client, Locator};
use gradphoto_app::accounts::hash_password;
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::{Role, SystemClock};
use gradphoto_store::{Actor, NewUser};
use gradphoto_web::{AppState, WebConfig};

use crate::browser_venue::{PASSWORD, prepare, publish_all_day, text_becomes};
use crate::chrome::{browser, fill_login, start_chromedriver};
use crate::files::STUDENTS;
use crate::server::Api;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_sees_the_slot_and_the_live_counts_of_their_class() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    let place = prepare(&repo, dir.path(), &["1号机位"]).await;
    let app = App::new(repo.clone(), Arc::new(SystemClock), Arc::new(OsRandom));
    let actor = Actor::system("test");

    let (class, time) = publish_all_day(&repo, &app, &place).await;
    let lead = NewUser {
        login: "lead".into(),
        display_name: "航空制造工程学院领队".into(),
        password_hash: hash_password(&OsRandom, PASSWORD).unwrap(),
        role: Role::CollegeLead,
        colleges: class.college_id.into_iter().collect(),
        student_id: None,
    };
    repo.create_user(&lead, &actor, Utc::now()).await.unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(gradphoto_web::serve(
        AppState::new(app, WebConfig::default()),
        listener,
    ));

    let driver = start_chromedriver();
    let client = browser(&driver, &dir.path().join("profile")).await;
    let result = scenario(&client, port, &time.label().zh).await;
    let _ = client.close().await;
    result.unwrap();
}

async fn scenario(
    client: &Client,
    port: u16,
    slot: &str,
) -> Result<(), fantoccini::error::CmdError> {
    let base = format!("http://127.0.0.1:{port}");
    client.goto(&format!("{base}/login?next=/classes")).await?;
    fill_login(client, "lead", PASSWORD).await?;
    let row = client
        .wait()
        .for_element(Locator::Css("#classes tbody tr[data-class]"))
        .await?;
    let text = row.text().await?;
    assert!(text.contains("190111") && text.contains(slot), "{text}");
    assert!(text.contains("大学生事务中心"), "{text}");
    let rows = client
        .find_all(Locator::Css("#classes tbody tr[data-class]"))
        .await?;
    assert_eq!(rows.len(), 1, "only the lead's college");
    let cell = |key: &str| format!("#classes tbody tr[data-class] td[data-count='{key}']");
    text_becomes(client, &cell("expected"), "2").await?;
    text_becomes(client, &cell("checked_in"), "0").await?;
    text_becomes(client, &cell("not_come"), "2").await?;

    // A mark the page would lose if it were loaded again.
    client.execute("window.gpNoReload = true", vec![]).await?;
    let operator = Api::sign_in(port, "operator", PASSWORD).await;
    let (status, body) = operator
        .post(
            "/api/v1/checkins",
            serde_json::json!({ "credential": STUDENTS[0][0] }),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{body}");
    text_becomes(client, &cell("checked_in"), "1").await?;
    text_becomes(client, &cell("not_come"), "1").await?;
    let kept = client
        .execute("return window.gpNoReload === true", vec![])
        .await?;
    assert_eq!(kept, serde_json::Value::Bool(true), "the page was reloaded");
    Ok(())
}
