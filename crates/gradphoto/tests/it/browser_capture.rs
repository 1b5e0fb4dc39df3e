//! A capture station in a real headless Chromium: the operator checks two students in at the
//! desk, the station calls number 1, a photo is uploaded through the page's file input, its
//! thumbnail and verdict appear under the called student, and "accept and call the next"
//! makes it the student's photo and calls number 2 — which the board, open in another tab,
//! shows without a reload.

use fantoccini::{Client, Locator};
use gradphoto_store::BlobKey;
use gradphoto_web::{AppState, WebConfig};

use crate::browser_venue::{
    ENTER, PASSWORD, Place, capture_venue, text_becomes, text_until, until_true,
};
use crate::chrome::{browser, fill_login, start_chromedriver};
use crate::files::STUDENTS;
use crate::photos::{face_photo, portrait};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_photo_is_judged_accepted_and_the_next_number_called() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, place, app) = capture_venue(dir.path()).await;
    let state = AppState::new(app, WebConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gradphoto_web::serve(state, listener));

    // 张三's photo, as the camera PC has it on disk.
    let photo = face_photo(&portrait(), 0);
    let file = dir.path().join("IMG_0001.JPG");
    std::fs::write(&file, &photo).unwrap();

    let driver = start_chromedriver();
    let client = browser(&driver, &dir.path().join("profile")).await;
    // The scenario runs as a task of its own so that when one of its checks fails the browser
    // is still closed: a Chromium left running would outlive the test (and its retries).
    let run = tokio::spawn(scenario(client.clone(), base, place, file)).await;
    let _ = client.close().await;
    match run {
        Ok(result) => result.unwrap(),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }

    // What the page showed is what was stored: 张三's current photo is the uploaded file.
    let campaign = repo.current_campaign().await.unwrap().unwrap();
    let students = repo.students(campaign.id).await.unwrap();
    let zhang = students
        .iter()
        .find(|s| s.record.student_no.to_string() == STUDENTS[0][0])
        .unwrap();
    let current = repo
        .current_photo(zhang.id)
        .await
        .unwrap()
        .expect("a photo");
    let frame = repo.frame(current.frame_id).await.unwrap().unwrap();
    assert_eq!(frame.sha256, BlobKey::of(&photo).hash_hex());
    assert_eq!(frame.original_name.as_deref(), Some("IMG_0001.JPG"));

    // The camera's frame went to 李四's ticket, the one called when it was taken.
    let li = students
        .iter()
        .find(|s| s.record.student_no.to_string() == STUDENTS[1][0])
        .unwrap();
    let shots = repo.student_photos(li.id).await.unwrap().frames;
    assert_eq!(shots.len(), 1, "{shots:?}");
    assert_eq!(shots[0].source, gradphoto_domain::FrameSource::Camera);
    assert_eq!(shots[0].state, gradphoto_domain::FrameState::Bound);
}

async fn scenario(
    client: Client,
    base: String,
    place: Place,
    photo: std::path::PathBuf,
) -> Result<(), fantoccini::error::CmdError> {
    let client = &client;
    client.goto(&format!("{base}/login?next=/desk")).await?;
    fill_login(client, "operator", PASSWORD).await?;

    // Two students check in at the desk: numbers 1 and 2.
    for (i, want) in [(0, "1"), (1, "2")] {
        let input = client
            .wait()
            .for_element(Locator::Css("#credential"))
            .await?;
        input
            .send_keys(&format!("{}{ENTER}", STUDENTS[i][4]))
            .await?;
        text_becomes(client, "#t-seq", want).await?;
    }

    // The board, in a tab of its own.
    let desk = client.window().await?;
    let board_tab = client.new_window(true).await?.handle;
    client.switch_to_window(board_tab.clone()).await?;
    client
        .goto(&format!("{base}/board/{}", place.venue))
        .await?;
    let card = format!(".board-station[data-station='{}'] .seq", place.station);
    text_becomes(client, &card, "—").await?;
    text_becomes(client, "#waiting", "2").await?;

    // The station calls number 1: 张三.
    client.switch_to_window(desk.clone()).await?;
    client
        .goto(&format!("{base}/stations/{}", place.station))
        .await?;
    client
        .find(Locator::Css("#call-next button"))
        .await?
        .click()
        .await?;
    text_becomes(client, "#called-seq", "1").await?;
    text_becomes(client, "#called-name", STUDENTS[0][1]).await?;
    let no_photo_yet = |t: &str| t.starts_with("还没有收到照片");
    text_until(client, "#frames-empty", "no photo yet", no_photo_yet).await?;

    // The photo goes in through the file input; the page sends it and shows it judged.
    client
        .wait()
        .for_element(Locator::Css("#frame-file"))
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    client
        .find(Locator::Css("#frame-upload button[type=submit]"))
        .await?
        .click()
        .await?;
    let verdict = text_until(client, "#frames .frame .verdict", "a verdict", |t| {
        !t.is_empty()
    })
    .await?;
    let class = client
        .find(Locator::Css("#frames .frame .verdict"))
        .await?
        .attr("class")
        .await?
        .unwrap_or_default();
    assert!(
        ["pass", "warn", "fail"]
            .iter()
            .any(|v| class.split_whitespace().any(|c| c == *v)),
        "judged, not {class:?} ({verdict})"
    );
    let frames = client.find_all(Locator::Css("#frames .frame")).await?;
    assert_eq!(frames.len(), 1, "one frame, bound to number 1");
    until_true(
        client,
        "var i = document.querySelector('#frames .frame img'); \
         return !!i && i.complete && i.naturalWidth > 0;",
    )
    .await?;

    // Accepted: the station moves on to number 2 on its own. A failing photo is accepted
    // only through the page's confirmation.
    client
        .find(Locator::Css("#frames .frame button.accept"))
        .await?
        .click()
        .await?;
    if class.split_whitespace().any(|c| c == "fail") {
        client.accept_alert().await?;
    }
    text_becomes(client, "#called-seq", "2").await?;
    text_becomes(client, "#called-name", STUDENTS[1][1]).await?;
    text_until(client, "#frames h2 small", "number 2's photos", |t| {
        t == "第 2 号"
    })
    .await?;
    text_until(client, "#frames-empty", "no photo yet", no_photo_yet).await?;

    // The board shows it without a reload.
    client.switch_to_window(board_tab).await?;
    text_becomes(client, &card, "2").await?;
    text_becomes(client, "#waiting", "0").await?;

    // Number 2's make-up shot with the browser's camera: it is bound to number 2, judged, and
    // marked as a camera frame.
    client.switch_to_window(desk).await?;
    client
        .find(Locator::Css("#camera summary"))
        .await?
        .click()
        .await?;
    client
        .find(Locator::Css("#camera-start"))
        .await?
        .click()
        .await?;
    until_true(
        client,
        "var v = document.getElementById('camera-video'); \
         return !!v && !v.hidden && v.videoWidth > 0;",
    )
    .await?;
    client
        .find(Locator::Css("#camera-shoot"))
        .await?
        .click()
        .await?;
    text_until(
        client,
        "#frames .frame .verdict",
        "the camera frame's verdict",
        |t| !t.is_empty(),
    )
    .await?;
    let info = client
        .find(Locator::Css("#frames .frame .frame-info"))
        .await?
        .text()
        .await?;
    assert!(info.contains("网页摄像头"), "not a camera frame: {info}");
    Ok(())
}
