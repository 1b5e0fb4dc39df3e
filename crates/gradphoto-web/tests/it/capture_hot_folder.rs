//! The stations' hot folders, watched for real ([`watch_all`]) and wired to the ingest: a camera
//! JPEG written slowly becomes one frame of the called ticket, a copy is no second frame, a
//! text file is set aside with its reason, a frame shows up soon after it lands, and a frame
//! that lands with nothing called stays an orphan even when a number is called right after.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;
use gradphoto_app::capture::hot_folders::watch_all;
use gradphoto_app::hot_folder::{IMPORTED_DIR, REJECTED_DIR, WatchOptions};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Frame, FrameSource, FrameState};
use tokio::task::JoinHandle;

use crate::capture_support::{
    CaptureApp, capture_app, face_photo, files_under, portrait, sha256_hex,
};

/// Far longer than any wait should take, so a slow machine does not fail a test.
const PATIENCE: Duration = Duration::from_secs(30);

/// Watches every station's folder, listing each every 50 ms and taking a file once it has been
/// the same for `settle`.
fn watch(s: &CaptureApp, settle: Duration) -> JoinHandle<()> {
    let options = WatchOptions {
        poll: Duration::from_millis(50),
        settle,
        ..WatchOptions::default()
    };
    watch_all(s.app.app().clone(), options, s.app.state.shutdown.clone())
}

const SETTLE: Duration = Duration::from_millis(150);

/// Waits until `check` gives something, looking every 10 ms.
async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(start.elapsed() < PATIENCE, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The files left in the folder itself (not in `imported/` or `rejected/`).
fn loose_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// Where taken files of today go.
fn imported_today(dir: &Path) -> PathBuf {
    dir.join(IMPORTED_DIR)
        .join(shooting_day(Utc::now()).format("%Y-%m-%d").to_string())
}

/// Waits until the folder holds no loose file: every file was answered and moved.
async fn wait_folder_empty(dir: &Path) {
    wait_for("the hot folder to be tidied", || async {
        loose_files(dir).is_empty().then_some(())
    })
    .await;
}

/// Every frame of the venue that is bound to `ticket` or waits in the tray.
async fn frames_of(s: &CaptureApp, ticket: i64) -> Vec<Frame> {
    let mut all = s.ticket_frames(ticket).await;
    all.extend(s.app.repo().orphan_frames(s.place.venue.id).await.unwrap());
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_camera_jpeg_written_slowly_becomes_one_frame_of_the_called_ticket() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let dir = s.hot_folder(0);
    let watcher = watch(&s, SETTLE);
    let photo = face_photo(&portrait(), 0);

    // Six chunks 100 ms apart, each flushed: the watcher sees the file grow several times
    // (it lists the folder every 50 ms) but never still for the 150 ms it waits for.
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("IMG_0001.JPG");
    let mut file = std::fs::File::create(&path).unwrap();
    for chunk in photo.chunks(photo.len().div_ceil(6)) {
        file.write_all(chunk).unwrap();
        file.flush().unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(file);

    let frame = wait_for("the frame", || async {
        s.ticket_frames(ticket).await.into_iter().next()
    })
    .await;
    wait_folder_empty(&dir).await;
    assert_eq!(frame.sha256, sha256_hex(&photo), "not the whole file");
    assert_eq!(frame.bytes, photo.len() as i64);
    assert_eq!(frame.state, FrameState::Bound);
    assert_eq!(frame.source, FrameSource::HotFolder);
    assert_eq!(frame.original_name.as_deref(), Some("IMG_0001.JPG"));
    assert_eq!(frame.student_id, Some(s.ticket(ticket).await.student_id));
    assert_eq!(frames_of(&s, ticket).await.len(), 1);
    assert_eq!(s.app.audit("frame.bind").await.len(), 1);
    // One original (and its two renditions): no part of the file was kept as a frame.
    assert_eq!(s.stored_blobs().len(), 3, "{:?}", s.stored_blobs());

    let moved = imported_today(&dir).join("IMG_0001.JPG");
    assert_eq!(std::fs::read(&moved).unwrap(), photo);
    assert!(!path.exists());
    watcher.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_file_copied_twice_is_one_frame() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let dir = s.hot_folder(0);
    let watcher = watch(&s, SETTLE);
    let photo = face_photo(&portrait(), 0);

    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("IMG_0002.JPG"), &photo).unwrap();
    std::fs::write(dir.join("IMG_0002 - 副本.JPG"), &photo).unwrap();
    wait_folder_empty(&dir).await;

    let frames = frames_of(&s, ticket).await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0].sha256, sha256_hex(&photo));
    assert_eq!(s.app.audit("frame.bind").await.len(), 1);
    let imported = imported_today(&dir);
    for name in ["IMG_0002.JPG", "IMG_0002 - 副本.JPG"] {
        assert_eq!(std::fs::read(imported.join(name)).unwrap(), photo, "{name}");
    }
    assert!(files_under(&dir.join(REJECTED_DIR)).is_empty());
    watcher.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_file_is_set_aside_with_its_reason_and_makes_no_frame() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let dir = s.hot_folder(0);
    let watcher = watch(&s, SETTLE);

    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "拍摄备注：3 号机位换电池\n").unwrap();
    let rejected = dir.join(REJECTED_DIR);
    let reason = wait_for("the reason file", || {
        let path = rejected.join("notes.txt.reason.txt");
        async move { std::fs::read_to_string(path).ok() }
    })
    .await;
    let lines: Vec<&str> = reason.lines().collect();
    assert_eq!(lines.len(), 2, "{reason}");
    assert!(
        lines[0].contains("文本文件") && lines[0].contains("JPEG"),
        "{reason}"
    );
    assert!(
        lines[1].contains("text file") && lines[1].is_ascii(),
        "{reason}"
    );
    assert_eq!(
        std::fs::read_to_string(rejected.join("notes.txt")).unwrap(),
        "拍摄备注：3 号机位换电池\n"
    );
    assert!(loose_files(&dir).is_empty());
    assert!(frames_of(&s, ticket).await.is_empty());
    assert!(s.stored_blobs().is_empty(), "{:?}", s.stored_blobs());
    assert!(s.app.audit("frame.bind").await.is_empty());
    assert!(s.app.audit("frame.orphan").await.is_empty());
    watcher.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_shows_up_soon_after_it_lands() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let dir = s.hot_folder(0);
    let watcher = watch(&s, SETTLE);
    let src = portrait();
    std::fs::create_dir_all(&dir).unwrap();

    // Three shots in turn: the first includes loading the judge's models.
    let mut latencies = Vec::new();
    for k in 0..3u64 {
        let photo = face_photo(&src, k);
        let sha = sha256_hex(&photo);
        std::fs::write(dir.join(format!("IMG_{k:04}.JPG")), &photo).unwrap();
        let landed = Instant::now();
        wait_for("the frame", || async {
            s.ticket_frames(ticket)
                .await
                .into_iter()
                .find(|f| f.sha256 == sha)
        })
        .await;
        latencies.push(landed.elapsed());
    }
    eprintln!("hot folder: landing → frame in the repo: {latencies:?} (poll 50 ms, settle 150 ms)");
    for latency in &latencies {
        assert!(*latency < Duration::from_secs(5), "{latencies:?}");
    }
    assert_eq!(s.ticket_frames(ticket).await.len(), 3);
    watcher.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_landing_with_nothing_called_stays_an_orphan_when_a_number_is_called_next() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let dir = s.hot_folder(0);
    // A long settle, so the number is called after the file landed but before it is taken.
    let watcher = watch(&s, Duration::from_millis(1500));
    wait_for("the watcher to create the folder", || async {
        dir.is_dir().then_some(())
    })
    .await;
    let photo = face_photo(&portrait(), 0);
    std::fs::write(dir.join("TEST_0001.JPG"), &photo).unwrap();
    // Ten polls: the watcher has seen the file land (nothing outside it can tell when).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let called_at = s.ticket(ticket).await.called_at.unwrap();

    let frame = wait_for("the orphan", || async {
        s.app
            .repo()
            .orphan_frames(s.place.venue.id)
            .await
            .unwrap()
            .into_iter()
            .next()
    })
    .await;
    assert_eq!(frame.sha256, sha256_hex(&photo));
    assert_eq!(frame.state, FrameState::Orphan);
    assert_eq!(frame.ticket_id, None);
    assert!(s.ticket_frames(ticket).await.is_empty());
    assert!(
        frame.arrived_at < called_at,
        "arrived {} called {called_at}",
        frame.arrived_at
    );
    // It was recorded after the call, so binding it was a real possibility.
    let recorded = s.app.audit("frame.orphan").await;
    assert_eq!(recorded.len(), 1);
    assert!(recorded[0].at > called_at, "recorded before the call");
    assert!(s.app.audit("frame.bind").await.is_empty());
    wait_folder_empty(&dir).await;
    assert_eq!(
        std::fs::read(imported_today(&dir).join("TEST_0001.JPG")).unwrap(),
        photo
    );
    watcher.abort();
}
