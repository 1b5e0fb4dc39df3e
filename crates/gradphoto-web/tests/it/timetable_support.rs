//! What the timetable page tests share: the venue setup with shooting days and a published
//! timetable, a photo accepted through the store's own path, and a PDF read back with poppler.

use std::process::Command;

use chrono::NaiveDate;
use gradphoto_app::timetable::{import_timetable, publish, set_days};
use gradphoto_domain::{FrameId, FrameSource, FrameVerdict, Msg, StudentId};
use gradphoto_store::{Actor, FrameDecision, NewFrame, StationAction};

use crate::venue::{Setup, setup};

/// The test roster's days: the clock reads 2023-03-01 16:00 in China.
pub fn days() -> [NaiveDate; 2] {
    [
        NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(),
    ]
}

/// Imports `text` (附件一 as the notice writes it) into the venue and publishes it.
pub async fn import_and_publish(s: &Setup, text: &str) {
    let app = s.app.app();
    let actor = Actor::system("test");
    let report = import_timetable(
        app,
        s.app.campaign.id,
        &s.place.venue,
        text.as_bytes(),
        "t.txt",
        false,
        &actor,
    )
    .await
    .unwrap();
    assert!(report.applied, "{:?}", report.problems);
    publish(app, s.app.campaign.id, &actor).await.unwrap();
}

/// The venue with its shooting days set and `text` published as version 1.
pub async fn with_timetable(text: &str) -> Setup {
    let s = setup().await;
    set_days(
        s.app.app(),
        s.app.campaign.id,
        &days(),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    import_and_publish(&s, text).await;
    s
}

/// Calls the student's ticket (already issued) at the first station and accepts a frame for
/// it, as a station does.
pub async fn accept_photo(s: &Setup, student: StudentId) {
    accept_judged(s, student, "pass").await;
}

/// [`accept_photo`] with the verdict `overall` (`pass`, `warn`, `fail`); returns the frame.
pub async fn accept_judged(s: &Setup, student: StudentId, overall: &str) -> FrameId {
    let repo = s.app.repo();
    let actor = Actor::system("test");
    let now = s.app.app().now();
    let station = s.place.stations[0].id;
    let called = repo
        .station_action(station, &StationAction::CallNext, &actor, now)
        .await
        .unwrap()
        .expect("a ticket to call");
    assert_eq!(called.student_id, student, "the student's ticket is next");
    // One address per student and verdict, so that a student may have several frames.
    let tag: u32 = overall.bytes().map(u32::from).sum();
    let sha = format!("{:0>60}{tag:0>4x}", student.0);
    let frame = NewFrame {
        station_id: station,
        source: FrameSource::Upload,
        blob_key: format!("sha256/{sha}"),
        thumb_key: format!("renditions/{sha}/thumb.jpg"),
        preview_key: format!("renditions/{sha}/preview.jpg"),
        sha256: sha,
        original_name: None,
        bytes: 1000,
        width: 480,
        height: 640,
        arrived_at: now,
        expected_ticket: None,
        verdict: Some((
            FrameVerdict {
                pack: "chsi-2017".to_owned(),
                overall: overall.to_owned(),
                reason: Msg::new(format!("检测：{overall}"), format!("judged: {overall}")),
            },
            serde_json::json!({ "results": [] }),
        )),
    };
    let frame = repo
        .record_frame(&frame, &actor, now)
        .await
        .unwrap()
        .frame()
        .clone();
    repo.decide_frame(
        frame.id,
        &FrameDecision::Accept { reason: None },
        &actor,
        now,
    )
    .await
    .unwrap();
    frame.id
}

/// The text of a PDF as poppler's `pdftotext` reads it, without white space (its layout mode
/// spaces columns as it sees fit). Required, not optional: without the tool the test would
/// check nothing, so a missing one fails it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notice.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = match Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("pdftotext is not installed: run scripts/setup-test-services (poppler-utils)")
        }
        Err(e) => panic!("cannot run pdftotext: {e}"),
    };
    assert!(
        output.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    squeeze(&String::from_utf8_lossy(&output.stdout))
}

pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
