//! A real headless Chromium, driven through chromedriver: an administrator logs in, imports a
//! roster file through the import page and sees the students listed.

use std::sync::Arc;

use fantoccini::{Client, Locator};
use gradphoto_app::accounts::hash_password;
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::{Clock, NewCampaign, Role, SystemClock};
use gradphoto_store::{Actor, NewUser};
use gradphoto_web::{AppState, WebConfig};

use crate::chrome::{browser, fill_login, start_chromedriver};
use crate::files::{STUDENTS, small_roster_xlsx};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_imports_a_roster_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    let actor = Actor::system("test");
    let now = SystemClock.now();
    let campaign = NewCampaign::parse(2023, None, None, None).unwrap();
    repo.create_campaign(&campaign, &actor, now).await.unwrap();
    let admin = NewUser {
        login: "admin".into(),
        display_name: "教务处".into(),
        password_hash: hash_password(&OsRandom, "admin-password").unwrap(),
        role: Role::Admin,
        colleges: vec![],
        student_id: None,
    };
    repo.create_user(&admin, &actor, now).await.unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(
        App::new(repo.clone(), Arc::new(SystemClock), Arc::new(OsRandom)),
        WebConfig::default(),
    );
    tokio::spawn(gradphoto_web::serve(state, listener));

    let driver = start_chromedriver();
    let client = browser(&driver, &dir.path().join("profile")).await;
    let result = run_scenario(&client, &base, &small_roster_xlsx(dir.path())).await;
    let _ = client.close().await;
    result.unwrap();

    // What the browser showed is what was stored.
    let stored = repo
        .students(repo.current_campaign().await.unwrap().unwrap().id)
        .await
        .unwrap();
    assert_eq!(stored.len(), STUDENTS.len());
}

async fn run_scenario(
    client: &Client,
    base: &str,
    roster: &std::path::Path,
) -> Result<(), fantoccini::error::CmdError> {
    client.goto(&format!("{base}/students")).await?;
    // Not logged in: the roster sends us to the login page.
    assert!(client.current_url().await?.path().starts_with("/login"));
    fill_login(client, "admin", "admin-password").await?;
    client.wait().for_element(Locator::Css("nav")).await?;

    client.goto(&format!("{base}/import")).await?;
    let file = client.find(Locator::Css("input[type=file]")).await?;
    file.send_keys(&roster.display().to_string()).await?;
    client
        .find(Locator::Css("form[action='/import'] button[type=submit]"))
        .await?
        .click()
        .await?;
    let confirm = client
        .wait()
        .for_element(Locator::Css("form[action$='/confirm'] button[type=submit]"))
        .await?;
    let report = client.source().await?;
    assert!(
        report.contains("<dd>3</dd>"),
        "the report counts 3 new students: {report}"
    );
    confirm.click().await?;
    client.wait().for_element(Locator::Css("main")).await?;

    client.goto(&format!("{base}/students")).await?;
    let page = client.find(Locator::Css("main")).await?.text().await?;
    for student in STUDENTS {
        assert!(
            page.contains(student[1]),
            "{} is not listed: {page}",
            student[1]
        );
        assert!(
            page.contains(student[0]),
            "{} is not listed: {page}",
            student[0]
        );
    }
    // ID numbers are masked in the list.
    assert!(!page.contains(STUDENTS[0][4]));
    Ok(())
}
