//! The student's page on a phone (390 × 844) in a real headless Chromium: 张三 signs in with the
//! proof code of his check-in slip, sees his slot and his place in the queue, then — once the
//! station has taken and accepted his photo — the photo itself; he reports a wrong field, reads
//! the office's reply, and holds a dress rehearsal with the phone's front camera (Chromium's
//! fake capture device playing a selfie in a blue top), which tells him to change his top.

use chrono::Utc;
use fantoccini::{Client, Locator};
use gradphoto_app::App;
use gradphoto_app::proofreading::set_window;
use gradphoto_app::review::actions::reply;
use gradphoto_domain::StationId;
use gradphoto_domain::venue::shooting_day;
use gradphoto_photo::fixtures::{self, Layout};
use gradphoto_store::Actor;
use gradphoto_web::{AppState, WebConfig};

use crate::browser_venue::{
    PASSWORD, PATIENCE, capture_venue, publish_all_day, shoot_next, text_until, until_true,
};
use crate::chrome::{phone, start_chromedriver};
use crate::files::STUDENTS;
use crate::photos::{face_photo, portrait};
use crate::server::Api;

/// A selfie as a camera stream: one frame of Y4M (4:2:0, full-range BT.601), which Chromium's
/// fake capture device plays in a loop.
fn y4m(img: &image::RgbImage) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let mut out = format!("YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    let px = |x: u32, y: u32| {
        let p = img.get_pixel(x, y).0;
        (f32::from(p[0]), f32::from(p[1]), f32::from(p[2]))
    };
    for y in 0..h {
        for x in 0..w {
            let (r, g, b) = px(x, y);
            out.push((0.299 * r + 0.587 * g + 0.114 * b).round() as u8);
        }
    }
    for plane in [(-0.168_736, -0.331_264, 0.5), (0.5, -0.418_688, -0.081_312)] {
        for y in (0..h).step_by(2) {
            for x in (0..w).step_by(2) {
                let mut sum = 0.0;
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let (r, g, b) = px(x + dx, y + dy);
                    sum += 128.0 + plane.0 * r + plane.1 * g + plane.2 * b;
                }
                out.push((sum / 4.0).round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_on_a_phone_follows_their_record_through_the_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, place, app) = capture_venue(dir.path()).await;
    let (_, slot) = publish_all_day(&repo, &app, &place).await;
    let actor = Actor::system("test");
    let campaign = repo.current_campaign().await.unwrap().unwrap().id;
    let today = shooting_day(Utc::now());
    set_window(
        &app,
        campaign,
        Some((today, today + chrono::Duration::days(30))),
        &actor,
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(gradphoto_web::serve(
        AppState::new(app.clone(), WebConfig::default()),
        listener,
    ));

    // 李四 checks in first, then 张三, whose slip carries the proof code.
    let operator = Api::sign_in(port, "operator", PASSWORD).await;
    let mut codes = Vec::new();
    for student in [&STUDENTS[1], &STUDENTS[0]] {
        let (status, body) = operator
            .post(
                "/api/v1/checkins",
                serde_json::json!({ "credential": student[0] }),
            )
            .await;
        assert_eq!(status.as_u16(), 201, "{body}");
        codes.push(body["proof_code"].as_str().unwrap().to_owned());
    }

    // The phone's front camera sees 张三 in a blue top against a blue wall.
    let top_blue = Layout {
        top: [95, 185, 245],
        ..Layout::registry()
    };
    let camera = dir.path().join("selfie.y4m");
    std::fs::write(&camera, y4m(&fixtures::compose(&portrait(), &top_blue))).unwrap();

    let driver = start_chromedriver();
    let client = phone(&driver, &dir.path().join("profile"), &camera).await;
    let station = StationId(place.station);
    let run = tokio::spawn(scenario(
        client.clone(),
        port,
        app,
        station,
        codes[1].clone(),
        slot.label().zh,
    ))
    .await;
    let _ = client.close().await;
    match run {
        Ok(result) => result.unwrap(),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

async fn fill(client: &Client, css: &str, text: &str) -> Result<(), fantoccini::error::CmdError> {
    client.find(Locator::Css(css)).await?.send_keys(text).await
}

async fn click(client: &Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    client.find(Locator::Css(css)).await?.click().await
}

async fn scenario(
    client: Client,
    port: u16,
    app: App,
    station: StationId,
    proof_code: String,
    slot: String,
) -> Result<(), fantoccini::error::CmdError> {
    let client = &client;
    let base = format!("http://127.0.0.1:{port}");
    client.goto(&format!("{base}/login")).await?;
    fill(
        client,
        "#student-login input[name=student_no]",
        STUDENTS[0][0],
    )
    .await?;
    fill(client, "#student-login input[name=proof_code]", &proof_code).await?;
    click(client, "#student-login button[type=submit]").await?;

    // The slot, and one student ahead in the queue; the page fits the phone's width.
    let shown = text_until(client, "#my-slot", "the slot", |t| !t.is_empty()).await?;
    assert!(
        shown.contains(&slot) && shown.contains("大学生事务中心"),
        "{shown}"
    );
    text_until(client, "#my-queue-line", "one ahead", |t| {
        t.contains("前面还有 1 人")
    })
    .await?;
    until_true(
        client,
        "return window.innerWidth === 390 && document.documentElement.scrollWidth <= 390",
    )
    .await?;

    // The station shoots 李四, then 张三; his photo is accepted.
    for who in 0..2u64 {
        shoot_next(&app, station, face_photo(&portrait(), who)).await;
    }
    client.refresh().await?;
    until_true(
        client,
        "var i = document.querySelector('img.my-photo'); return !!i && i.complete && i.naturalWidth === 480",
    )
    .await?;

    // 有误: his ethnicity.
    client
        .execute(
            "var f = document.getElementById('proof-wrong');\
             f.querySelector('select[name=kind]').value = 'field';\
             f.querySelector('select[name=field]').value = 'ethnicity';",
            vec![],
        )
        .await?;
    fill(client, "#proof-wrong input[name=proposed]", "回族").await?;
    click(client, "#proof-wrong button[type=submit]").await?;
    text_until(client, "#proof-state", "disputed", |t| t.contains("有误")).await?;

    // The office replies; the page shows it.
    let zhang = app
        .repo
        .student_by_no(
            app.repo.current_campaign().await.unwrap().unwrap().id,
            &gradphoto_domain::StudentNo::parse(STUDENTS[0][0]).unwrap(),
        )
        .await
        .unwrap()
        .unwrap()
        .student
        .id;
    reply(
        &app,
        zhang,
        "已核对户口簿，民族改为回族",
        &Actor::system("office"),
    )
    .await
    .unwrap();
    client.refresh().await?;
    text_until(client, "#replies", "the reply", |t| {
        t.contains("民族改为回族")
    })
    .await?;

    // The dress rehearsal with the front camera.
    click(client, "#rehearsal-camera").await?;
    until_true(
        client,
        "var v = document.getElementById('rehearsal-video'); return !!v && v.videoWidth === 480",
    )
    .await?;
    click(client, "#rehearsal-shoot").await?;
    let advice = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#rehearsal-result"))
        .await?
        .text()
        .await?;
    assert!(advice.contains("上衣"), "{advice}");
    client
        .find(Locator::Css("li[data-rule='clothing.contrast']"))
        .await?;
    Ok(())
}
