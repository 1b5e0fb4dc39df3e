//! A venue with capture turned on: photo storage on disk in a temp folder, hot folders beside
//! it, a roster of `n` students, and one face photo per student whose owner the test knows
//! (composed from the photo crate's real portrait, each with its own layout and noise).

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use bytes::Bytes;
use chrono::Utc;
use gradphoto_app::Capture;
use gradphoto_app::capture::{Arrival, ingest};
use gradphoto_app::roster::import_roster;
use gradphoto_domain::SystemClock;
use gradphoto_domain::{Frame, FrameSource};
use gradphoto_photo::fixtures::{self, Background, Layout, Rng};
use gradphoto_store::FrameOutcome;
use gradphoto_store::{Actor, DiskBlobStore};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::helpers::{
    BOUNDARY, Client, FilePart, HEADER, Resp, TestApp, api_token, id_number, multipart_body, spawn,
    xlsx,
};
use crate::venue::Place;

pub struct CaptureApp {
    pub app: TestApp,
    pub place: Place,
    pub operator: String,
    /// 学号 of student `i`.
    pub numbers: Vec<String>,
    _dir: TempDir,
}

/// The 学号 of the `i`th student of a capture roster.
pub fn student_no(i: usize) -> String {
    format!("2019{i:04}")
}

/// An app with `n` students (2019000 …), capture on (disk blobs, hot folders under the temp
/// folder), the real clock, and a venue of three stations.
pub async fn capture_app(n: usize) -> CaptureApp {
    let mut app = spawn().await;
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    let names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    for i in 0..n {
        rows.push(vec![
            student_no(i),
            format!("学生{}{}", names[i % 10], names[(i / 10) % 10]),
            if i % 2 == 0 { "男" } else { "女" }.to_owned(),
            format!("1901{:02}", 11 + i / 30),
            "信息工程学院".to_owned(),
            id_number(&format!("11010520000101{:03}", i + 1)),
        ]);
    }
    let report = import_roster(
        app.app(),
        app.campaign.id,
        &xlsx(&rows),
        "roster.xlsx",
        false,
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let dir = tempfile::tempdir().unwrap();
    let blobs = DiskBlobStore::open(dir.path().join("blobs")).await.unwrap();
    let hot_root = dir.path().join("hot-folders");
    app.state.app = app
        .state
        .app
        .clone()
        .with_capture(Capture::new(Arc::new(blobs), hot_root.clone()));
    // Frames are bound by time: the real clock, so calls, finishes and arrivals are ordered.
    app.state.app.clock = Arc::new(SystemClock);
    let place = app.add_venue("大学生事务中心", 3).await;
    let operator = api_token(&app, "operator").await;
    CaptureApp {
        app,
        place,
        operator,
        numbers: (0..n).map(student_no).collect(),
        _dir: dir,
    }
}

/// The face photo of person `who`: the same portrait in a layout and noise of their own, so
/// every person's file differs and the test knows whose face is in which file.
pub fn face_photo(src: &image::RgbImage, who: u64) -> Vec<u8> {
    let mut layout = Layout::registry();
    layout.centre_x += (who % 7) as f32 - 3.0;
    layout.face_width += ((who / 7) % 10) as f32;
    layout.bg = Background::Solid([100, 197 - (who % 5) as u8, 255]);
    let mut img = fixtures::compose(src, &layout);
    fixtures::noise(&mut img, 2.0, &mut Rng::new(who + 1));
    fixtures::jpeg(&img, 90, 300)
}

/// The portrait the photos are made of (scikit-image's astronaut, in the photo crate).
pub fn portrait() -> image::RgbImage {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gradphoto-photo/fixtures/astronaut.png"
    );
    image::open(path).unwrap().to_rgb8()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl CaptureApp {
    /// `POST /api/v1/stations/{id}/frames` as the operator, for `ticket`.
    pub async fn upload(&self, c: &mut Client, station: usize, ticket: i64, photo: &[u8]) -> Resp {
        let id = self.place.stations[station].id.0;
        let ticket = ticket.to_string();
        let fields = [("ticket_id", ticket.as_str())];
        upload_raw(c, &self.operator, id, &fields, "IMG_0001.JPG", photo).await
    }

    /// A station action through the API; returns the ticket called afterwards, if any.
    pub async fn act(
        &self,
        c: &mut Client,
        station: usize,
        body: serde_json::Value,
    ) -> Option<serde_json::Value> {
        let id = self.place.stations[station].id;
        let r = c
            .api(
                Method::POST,
                &format!("/api/v1/stations/{id}/actions"),
                Some(&self.operator),
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        Some(r.json()["called"].clone()).filter(|c| !c.is_null())
    }

    /// A decision on a frame through the API.
    pub async fn decide(&self, c: &mut Client, frame: i64, body: serde_json::Value) -> Resp {
        c.api(
            Method::POST,
            &format!("/api/v1/frames/{frame}/decision"),
            Some(&self.operator),
            Some(body),
        )
        .await
    }

    /// Checks every student in by 学号, in roster order: tickets 1, 2, 3, ….
    pub async fn check_in_all(&self) {
        let mut c = self.app.client();
        for no in &self.numbers {
            let r = crate::venue::check_in(
                &mut c,
                &self.operator,
                serde_json::json!({ "credential": no }),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
    }
}

/// The 3:4 face photo of person `who` at `width`×`height` (scaled up from the registry size):
/// large enough that the preview and thumbnail must be shrunk from it.
pub fn large_face_photo(src: &image::RgbImage, who: u64, width: u32, height: u32) -> Vec<u8> {
    let small = image::load_from_memory(&face_photo(src, who))
        .unwrap()
        .to_rgb8();
    let big = image::imageops::resize(&small, width, height, image::imageops::FilterType::Triangle);
    fixtures::jpeg(&big, 90, 300)
}

/// Every file under `dir`, at any depth (none when `dir` does not exist).
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

impl CaptureApp {
    /// Where the photo bytes are kept on disk (`DiskBlobStore` root, beside the hot folders).
    pub fn blob_dir(&self) -> std::path::PathBuf {
        let capture = self.app.app().capture.as_ref().unwrap();
        capture.hot_folder_root.parent().unwrap().join("blobs")
    }

    /// The photo files kept by ingest (originals, thumbnails, previews; not the store's
    /// `tmp/`, nor the export files cut ahead in the background, which `exports_ahead` counts).
    pub fn stored_blobs(&self) -> Vec<std::path::PathBuf> {
        let dir = self.blob_dir();
        let mut out = files_under(&dir.join("sha256"));
        out.extend(
            files_under(&dir.join("renditions"))
                .into_iter()
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.starts_with("registry-") && !name.starts_with("print-")
                }),
        );
        out
    }

    /// The hot folder of station `i`.
    pub fn hot_folder(&self, station: usize) -> std::path::PathBuf {
        self.app
            .app()
            .capture
            .as_ref()
            .unwrap()
            .hot_folder(self.place.stations[station].id)
    }

    /// Station `i` calls the next number; returns the called ticket's id.
    pub async fn call_next(&self, c: &mut Client, station: usize) -> i64 {
        let called = self
            .act(c, station, serde_json::json!({"action": "call_next"}))
            .await
            .expect("a ticket to call");
        called["id"].as_i64().unwrap()
    }

    /// A ticket as the store has it now.
    pub async fn ticket(&self, id: i64) -> gradphoto_domain::Ticket {
        self.app
            .repo()
            .ticket(gradphoto_domain::TicketId(id))
            .await
            .unwrap()
            .unwrap()
            .ticket
    }

    /// The frames bound to a ticket.
    pub async fn ticket_frames(&self, id: i64) -> Vec<gradphoto_domain::Frame> {
        self.app
            .repo()
            .ticket_frames(gradphoto_domain::TicketId(id))
            .await
            .unwrap()
    }

    /// Uploads `photo` for the ticket station `i` has called and returns the new frame's id.
    pub async fn upload_ok(
        &self,
        c: &mut Client,
        station: usize,
        ticket: i64,
        photo: &[u8],
    ) -> i64 {
        let r = self.upload(c, station, ticket, photo).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["outcome"], "bound", "{}", r.body);
        r.json()["frame"]["id"].as_i64().unwrap()
    }
}

/// The badge text of an overall verdict, as the pages print it (in Chinese).
pub fn verdict_label(overall: &str) -> &'static str {
    match overall {
        "pass" => "合格",
        "warn" => "注意",
        "fail" => "不合格",
        _ => "未判定",
    }
}

/// The part of `html` from `marker` to the end of the form it is in.
pub fn form_at<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let start = html[..at].rfind("<form").unwrap_or(at);
    let end = html[at..].find("</form>").map_or(html.len(), |e| at + e);
    &html[start..end]
}

/// `POST /api/v1/stations/{id}/frames` with any fields and file bytes.
pub async fn upload_raw(
    c: &mut Client,
    token: &str,
    station: i64,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> Resp {
    let body = multipart_body(
        fields,
        Some(FilePart {
            name: "file",
            file_name: name,
            bytes,
        }),
    );
    let req = axum::http::Request::post(format!("/api/v1/stations/{station}/frames"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    c.send(req).await
}

/// A frame that reached station `i` with nothing called, through the ingest itself.
pub async fn orphan(s: &CaptureApp, station: usize, photo: Vec<u8>) -> Frame {
    let arrival = Arrival {
        station: s.place.stations[station].id,
        source: FrameSource::HotFolder,
        name: Some("IMG_TEST.JPG".to_owned()),
        bytes: Bytes::from(photo),
        key: None,
        arrived_at: Utc::now(),
        expected_ticket: None,
    };
    match ingest(s.app.app(), arrival, &Actor::system("test"))
        .await
        .unwrap()
    {
        FrameOutcome::Orphan { frame } => frame,
        other => panic!("expected an orphan, got {other:?}"),
    }
}

pub async fn frame_state(s: &CaptureApp, id: i64) -> Frame {
    s.app
        .repo()
        .frame(gradphoto_domain::FrameId(id))
        .await
        .unwrap()
        .unwrap()
}
