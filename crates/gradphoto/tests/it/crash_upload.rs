//! kill -9 while a station's photo arrives: the real `gradphoto serve` binary is killed with
//! half of a multi-megabyte upload received, and again while the complete frame is being
//! stored. After each restart on the same files the called ticket is still called and has no
//! frame it did not fully get, every stored original hashes to its name, and the same upload
//! sent again is bound to the ticket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use gradphoto::demo::roster::roster_rows;
use hyper::StatusCode;

use crate::photos::{camera_photo, portrait};
use crate::server::{
    Api, BOUNDARY, Server, files_under, free_port, multipart, seed_demo, start, verified_originals,
};

/// The demo venue with one student checked in and called at its first station.
struct Called {
    venue: i64,
    station: i64,
    ticket: i64,
}

async fn call_a_student(api: &Api) -> Called {
    let (status, venues) = api.get("/api/v1/venues").await;
    assert_eq!(status, StatusCode::OK, "{venues}");
    let venue = venues[0]["id"].as_i64().unwrap();
    let station = venues[0]["stations"][0]["id"].as_i64().unwrap();
    // The first student of the demo roster (the same seed gives the same students).
    let student_no = roster_rows(30, 2023)[0][0].clone();
    let (status, checked_in) = api
        .post(
            "/api/v1/checkins",
            serde_json::json!({ "credential": student_no }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{checked_in}");
    let ticket = checked_in["ticket"]["id"].as_i64().unwrap();
    let (status, acted) = api
        .post(
            &format!("/api/v1/stations/{station}/actions"),
            serde_json::json!({ "action": "call_next" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{acted}");
    assert_eq!(acted["called"]["id"].as_i64(), Some(ticket), "{acted}");
    Called {
        venue,
        station,
        ticket,
    }
}

/// The request line and headers of the upload, asking for `100 Continue` so that the test
/// knows when the handler has started reading the body.
fn upload_head(port: u16, token: &str, station: i64, len: usize) -> String {
    format!(
        "POST /api/v1/stations/{station}/frames HTTP/1.1\r\n\
         Host: 127.0.0.1:{port}\r\n\
         Authorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {len}\r\n\
         Expect: 100-continue\r\n\r\n"
    )
}

/// Reads one response head (up to the blank line).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Sends the upload's head, waits for `100 Continue` (the handler, past the role check, is
/// reading the body) and writes the first `sent` bytes of `body`; the connection stays open.
fn start_upload(port: u16, token: &str, station: i64, body: &[u8], sent: usize) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
        .write_all(upload_head(port, token, station, body.len()).as_bytes())
        .unwrap();
    let head = read_head(&mut stream);
    assert!(
        head.starts_with("HTTP/1.1 100"),
        "the server did not ask for the body: {head:?}"
    );
    stream.write_all(&body[..sent]).unwrap();
    stream.flush().unwrap();
    stream
}

/// What the restarted server says about the ticket: still called at the station, and the
/// frames it holds (their sha256).
async fn ticket_after_restart(api: &Api, c: &Called) -> Vec<String> {
    let (status, ticket) = api.get(&format!("/api/v1/tickets/{}", c.ticket)).await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    assert_eq!(ticket["state"], "called", "{ticket}");
    assert_eq!(ticket["station_id"].as_i64(), Some(c.station), "{ticket}");
    let (status, orphans) = api
        .get(&format!("/api/v1/venues/{}/orphans", c.venue))
        .await;
    assert_eq!(status, StatusCode::OK, "{orphans}");
    assert_eq!(orphans, serde_json::json!([]), "no frame went to the tray");
    let (status, frames) = api
        .get(&format!("/api/v1/tickets/{}/frames", c.ticket))
        .await;
    assert_eq!(status, StatusCode::OK, "{frames}");
    let frames = frames.as_array().unwrap().clone();
    let mut hashes = Vec::new();
    for f in &frames {
        // A frame that exists has its photo: original and both renditions are readable.
        let id = f["id"].as_i64().unwrap();
        for what in ["original", "thumb.jpg", "preview.jpg"] {
            let (status, body) = api.get(&format!("/frames/{id}/{what}")).await;
            assert_eq!(status, StatusCode::OK, "frame {id}'s {what}: {body}");
        }
        hashes.push(f["sha256"].as_str().unwrap().to_owned());
    }
    hashes
}

/// Sends the whole upload and returns the answer.
async fn upload(api: &Api, c: &Called, body: Vec<u8>) -> (StatusCode, serde_json::Value) {
    let req = hyper::Request::post(api.url(&format!("/api/v1/stations/{}/frames", c.station)))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))
        .unwrap();
    api.request(req).await
}

fn sha256_hex(bytes: &[u8]) -> String {
    gradphoto_store::BlobKey::of(bytes).hash_hex().to_owned()
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_upload_keeps_no_frame_and_no_partial_photo() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let password = seed_demo(&data, "operator");
    let port = free_port();
    let server = start(&data, port);
    let api = Api::sign_in(port, "operator", &password).await;
    let called = call_a_student(&api).await;

    let photo = camera_photo(&portrait(), 1);
    assert!(
        photo.len() > 3 * 1024 * 1024,
        "a camera-size file: {} bytes",
        photo.len()
    );
    let ticket_id = called.ticket.to_string();
    let body = multipart(&[("ticket_id", &ticket_id)], "IMG_0001.JPG", &photo);

    // Half of the body is sent, then the server dies under the open upload.
    let half = start_upload(port, &api.token, called.station, &body, body.len() / 2);
    // The server answers another request meanwhile: it has been running with the half body.
    let (status, me) = api.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    server.kill_9();
    drop(half);

    // Restarted on the same files: the ticket waits for its photo, nothing half-kept.
    let _server = start(&data, port);
    let api = api.at(port);
    assert_eq!(
        ticket_after_restart(&api, &called).await,
        Vec::<String>::new()
    );
    let (status, frame) = api.get("/api/v1/frames/1").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no frame row at all: {frame}"
    );
    let blobs = data.join("blobs");
    assert_eq!(verified_originals(&blobs), Vec::<String>::new());
    assert_eq!(files_in(&blobs.join("renditions")), 0, "no renditions");

    // The same upload, sent whole, is bound to the ticket.
    let (status, outcome) = upload(&api, &called, body).await;
    assert_eq!(status, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["outcome"], "bound", "{outcome}");
    assert_eq!(outcome["frame"]["ticket_id"].as_i64(), Some(called.ticket));
    assert_eq!(
        outcome["frame"]["sha256"].as_str(),
        Some(&*sha256_hex(&photo))
    );
    assert_eq!(
        ticket_after_restart(&api, &called).await,
        vec![sha256_hex(&photo)]
    );
    assert_eq!(verified_originals(&blobs), vec![sha256_hex(&photo)]);
}

/// Where in storing a frame the server is killed.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// A file is being written in `blobs/tmp/` (the original, first of the three).
    TempFile,
    /// A new original is in place: the renditions or the database row are being written.
    OriginalStored,
}

/// Sends the whole upload from a thread of its own, watches the blob folder and kills the
/// server when it reaches `at`.
fn kill_while_storing(
    server: Server,
    blobs: &Path,
    token: &str,
    station: i64,
    body: Vec<u8>,
    at: KillAt,
) {
    let originals = || files_under(&blobs.join("sha256")).len();
    let temps = || files_in(&blobs.join("tmp"));
    // An earlier kill may have left files in both.
    let (before, temps_before) = (originals(), temps());
    let (port, token) = (server.port, token.to_owned());
    let uploader = std::thread::spawn(move || {
        let mut stream = start_upload(port, &token, station, &body, body.len());
        // Whatever comes back: an answer, or the connection dropped by the kill.
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        String::from_utf8_lossy(&rest).into_owned()
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        // A temporary file lives for one write and flush; a poll may miss it, but never the
        // original it becomes.
        let reached = match at {
            KillAt::TempFile => temps() > temps_before || originals() > before,
            KillAt::OriginalStored => originals() > before,
        };
        if reached {
            break;
        }
        // The original is stored before the row is written, so the answer cannot come first.
        assert!(
            !uploader.is_finished(),
            "answered before {at:?}: {}",
            uploader.join().unwrap()
        );
        assert!(Instant::now() < deadline, "the frame was never stored");
        std::thread::sleep(Duration::from_micros(200));
    }
    server.kill_9();
    uploader.join().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_a_frame_is_stored_leaves_whole_photos_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let blobs = data.join("blobs");
    let password = seed_demo(&data, "operator");
    let port = free_port();
    let mut server = start(&data, port);
    let api = Api::sign_in(port, "operator", &password).await;
    let called = call_a_student(&api).await;
    let src = portrait();
    let ticket_id = called.ticket.to_string();

    for (who, at) in [(2, KillAt::TempFile), (3, KillAt::OriginalStored)] {
        let photo = camera_photo(&src, who);
        let body = multipart(&[("ticket_id", &ticket_id)], "IMG_0002.JPG", &photo);
        let token = api.token.clone();
        let station = called.station;
        let (blobs_dir, sent) = (blobs.clone(), body.clone());
        tokio::task::spawn_blocking(move || {
            kill_while_storing(server, &blobs_dir, &token, station, sent, at);
        })
        .await
        .unwrap();

        // Restarted: a frame the server recorded has all its files; every original is whole.
        server = start(&data, port);
        let hashes = ticket_after_restart(&api, &called).await;
        let stored = verified_originals(&blobs);
        for h in &hashes {
            assert!(stored.contains(h), "frame {h} without its original");
        }
        // Sent again, the frame is bound (or found, if the row was written before the kill).
        let (status, outcome) = upload(&api, &called, body).await;
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}: {outcome}"
        );
        assert_eq!(outcome["frame"]["ticket_id"].as_i64(), Some(called.ticket));
        let hashes = ticket_after_restart(&api, &called).await;
        let mine = hashes.iter().filter(|h| **h == sha256_hex(&photo)).count();
        assert_eq!(mine, 1, "once on the ticket after {at:?}: {hashes:?}");
        verified_originals(&blobs);
        eprintln!(
            "after a kill at {at:?}: answered {status}; {} stray file(s) in blobs/tmp",
            files_in(&blobs.join("tmp"))
        );
    }
    drop(server);
}
