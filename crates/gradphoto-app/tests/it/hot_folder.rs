//! The capture stations' hot folder watcher on real files in a temp dir: files written in
//! chunks are offered once and whole, copies are recognised by their hash, refused files go to
//! `rejected/` with their reason, temporary names wait for their final name, a retry answer
//! leaves the file in place, and a frame reaches the sink well within a second.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use gradphoto_app::hot_folder::{
    self, FileStamp, FrameSink, HotFolder, IMPORTED_DIR, IncomingFile, Offer, REJECTED_DIR,
    WatchHandle, WatchOptions, is_ignored_name, is_settled,
};
use gradphoto_domain::{FixedClock, Msg, StationId};
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use tokio::sync::watch;

const STATION: StationId = StationId(7);
/// The shooting day of the pinned clock (10:00 in China).
const DAY: &str = "2024-05-20";
/// Far longer than any wait should take, so a slow machine does not fail a test.
const PATIENCE: Duration = Duration::from_secs(10);

/// An offer as the sink saw it.
#[derive(Debug, Clone)]
struct Seen {
    name: String,
    bytes: Vec<u8>,
    sha256: String,
    path: PathBuf,
    landed_at: Instant,
    received: Instant,
}

type Answer = dyn Fn(&IncomingFile, &[Seen]) -> Offer + Send + Sync;

/// Records every offer and answers with `answer` (given the offers before this one).
struct TestSink {
    seen: Mutex<Vec<Seen>>,
    count: watch::Sender<usize>,
    answer: Box<Answer>,
}

impl TestSink {
    fn new(answer: impl Fn(&IncomingFile, &[Seen]) -> Offer + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self {
            seen: Mutex::new(Vec::new()),
            count: watch::Sender::new(0),
            answer: Box::new(answer),
        })
    }

    /// Like the ingest: bytes seen before are a duplicate.
    fn dedup() -> Arc<Self> {
        Self::new(dedup)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits until at least `n` offers were made.
    async fn wait_offers(&self, n: usize) -> Vec<Seen> {
        let mut rx = self.count.subscribe();
        tokio::time::timeout(PATIENCE, rx.wait_for(|c| *c >= n))
            .await
            .unwrap_or_else(|_| panic!("expected {n} offers, got {:?}", self.names()))
            .unwrap();
        self.seen()
    }

    fn names(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.name).collect()
    }
}

#[async_trait]
impl FrameSink for TestSink {
    async fn offer(&self, station: StationId, file: IncomingFile) -> Offer {
        assert_eq!(station, STATION);
        let received = Instant::now();
        let mut seen = self.seen.lock().unwrap();
        let answer = (self.answer)(&file, &seen);
        seen.push(Seen {
            name: file.name,
            bytes: file.bytes,
            sha256: file.sha256,
            path: file.path,
            landed_at: file.landed_at,
            received,
        });
        self.count.send_replace(seen.len());
        answer
    }
}

fn dedup(file: &IncomingFile, before: &[Seen]) -> Offer {
    if before.iter().any(|s| s.sha256 == file.sha256) {
        Offer::Duplicate
    } else {
        Offer::Taken
    }
}

fn options() -> WatchOptions {
    WatchOptions {
        retry_first: Duration::from_millis(100),
        clock: Arc::new(FixedClock(
            Utc.with_ymd_and_hms(2024, 5, 20, 2, 0, 0).unwrap(),
        )),
        ..WatchOptions::default()
    }
}

fn start(dir: &Path, sink: Arc<TestSink>) -> WatchHandle {
    hot_folder::spawn(
        vec![HotFolder {
            station: STATION,
            dir: dir.to_owned(),
        }],
        sink,
        options(),
    )
}

/// Bytes that differ from chunk to chunk, so a partial read cannot pass for the whole.
fn content(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| {
            (i as u8)
                .wrapping_mul(31)
                .wrapping_add(seed ^ (i >> 10) as u8)
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Waits until `path` exists (the watcher moves files on its own time).
async fn wait_exists(path: &Path) {
    let waited = tokio::time::timeout(PATIENCE, async {
        while !path.exists() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "{} never appeared", path.display());
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn settled_needs_the_same_stamp_across_the_settle_time() {
    let t = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let stamp = |len| FileStamp {
        len,
        modified: Some(t),
    };
    let ms = Duration::from_millis;
    let settle = ms(300);
    assert!(is_settled(stamp(10), stamp(10), ms(300), settle));
    assert!(is_settled(stamp(10), stamp(10), ms(2000), settle));
    // Looked at too close together.
    assert!(!is_settled(stamp(10), stamp(10), ms(299), settle));
    // Grew between the looks.
    assert!(!is_settled(stamp(10), stamp(20), ms(900), settle));
    // Same size, rewritten.
    let touched = FileStamp {
        len: 10,
        modified: Some(t + ms(1)),
    };
    assert!(!is_settled(stamp(10), touched, ms(900), settle));
    // Created, nothing written yet.
    assert!(!is_settled(stamp(0), stamp(0), ms(900), settle));
}

#[test]
fn temporary_names_are_ignored() {
    for name in [
        ".IMG_0001.JPG",
        "._IMG_0001.JPG",
        "~IMG_0001.JPG",
        "IMG_0001.JPG.tmp",
        "IMG_0001.TMP",
        "IMG_0001.JPG.part",
        "IMG_0001.jpg.crdownload",
        "Thumbs.db",
        "desktop.ini",
    ] {
        assert!(is_ignored_name(name), "{name}");
    }
    for name in [
        "IMG_0001.JPG",
        "2024-05-20 李明.jpg",
        "notes.txt",
        "a~b.jpg",
    ] {
        assert!(!is_ignored_name(name), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_written_in_chunks_is_offered_once_and_whole() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let sink = TestSink::dedup();
    let watcher = start(&dir, sink.clone());

    // Like tethering software: 8 chunks of 200 KB, 150 ms apart. A plain thread, so the
    // pauses are what they say even while the runtime is busy.
    let whole = content(8 * 200 * 1024, 1);
    let path = dir.join("IMG_0001.JPG");
    let (p, w) = (path.clone(), whole.clone());
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut f = std::fs::File::create(&p).unwrap();
        for chunk in w.chunks(200 * 1024) {
            f.write_all(chunk).unwrap();
            f.flush().unwrap();
            std::thread::sleep(Duration::from_millis(150));
        }
    })
    .await
    .unwrap();

    let imported = dir.join(IMPORTED_DIR).join(DAY).join("IMG_0001.JPG");
    wait_exists(&imported).await;
    watcher.stop().await;

    let seen = sink.seen();
    assert_eq!(seen.len(), 1, "offered {:?}", sink.names());
    assert_eq!(seen[0].name, "IMG_0001.JPG");
    assert_eq!(seen[0].path, path);
    assert!(
        seen[0].bytes == whole,
        "offered {} bytes",
        seen[0].bytes.len()
    );
    assert_eq!(seen[0].sha256, sha256(&whole));
    assert_eq!(std::fs::read(&imported).unwrap(), whole);
    assert!(!path.exists());
}

#[tokio::test]
async fn copies_of_the_same_bytes_are_offered_with_one_hash_and_all_imported() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let sink = TestSink::dedup();
    let watcher = start(&dir, sink.clone());

    let bytes = content(300 * 1024, 2);
    std::fs::write(dir.join("IMG_0002.JPG"), &bytes).unwrap();
    std::fs::copy(dir.join("IMG_0002.JPG"), dir.join("copy.jpg")).unwrap();
    let imported = dir.join(IMPORTED_DIR).join(DAY);
    wait_exists(&imported.join("copy.jpg")).await;
    // And the same name again later, as when the camera's counter was reset.
    std::fs::write(dir.join("IMG_0002.JPG"), &bytes).unwrap();
    wait_exists(&imported.join("IMG_0002-1.JPG")).await;
    watcher.stop().await;

    let seen = sink.seen();
    assert_eq!(
        seen.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["IMG_0002.JPG", "copy.jpg", "IMG_0002.JPG"]
    );
    assert!(seen.iter().all(|s| s.sha256 == sha256(&bytes)));
    assert_eq!(
        names_in(&imported),
        ["IMG_0002-1.JPG", "IMG_0002.JPG", "copy.jpg"]
    );
    assert_eq!(names_in(&dir), [IMPORTED_DIR]);
}

#[tokio::test]
async fn a_refused_file_goes_to_rejected_with_its_reason() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let sink = TestSink::new(|file, before| {
        if file.name.ends_with(".txt") {
            Offer::Refused(Msg::new("不是照片：notes.txt", "not a photo: notes.txt"))
        } else {
            dedup(file, before)
        }
    });
    let watcher = start(&dir, sink.clone());

    std::fs::write(dir.join("notes.txt"), "shoot list\n").unwrap();
    let rejected = dir.join(REJECTED_DIR);
    wait_exists(&rejected.join("notes.txt.reason.txt")).await;
    watcher.stop().await;

    assert_eq!(sink.names(), ["notes.txt"]);
    assert_eq!(names_in(&rejected), ["notes.txt", "notes.txt.reason.txt"]);
    assert_eq!(
        std::fs::read_to_string(rejected.join("notes.txt")).unwrap(),
        "shoot list\n"
    );
    assert_eq!(
        std::fs::read_to_string(rejected.join("notes.txt.reason.txt")).unwrap(),
        "不是照片：notes.txt\nnot a photo: notes.txt\n"
    );
    assert_eq!(names_in(&dir), [REJECTED_DIR]);
}

#[tokio::test]
async fn temporary_names_wait_for_their_final_name() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let sink = TestSink::dedup();
    let watcher = start(&dir, sink.clone());

    let temps = [
        ".IMG_0003.JPG",
        "~IMG_0003.JPG",
        "IMG_0003.tmp",
        "IMG_0003.JPG.crdownload",
    ];
    for (i, name) in temps.iter().enumerate() {
        std::fs::write(dir.join(name), content(1000, 10 + i as u8)).unwrap();
    }
    let bytes = content(50_000, 3);
    std::fs::write(dir.join("x.jpg.part"), &bytes).unwrap();
    // Written after the temporary files, so once it is offered they had every chance to be.
    std::fs::write(dir.join("sentinel.jpg"), content(1000, 4)).unwrap();
    sink.wait_offers(1).await;
    assert_eq!(sink.names(), ["sentinel.jpg"]);

    std::fs::rename(dir.join("x.jpg.part"), dir.join("x.jpg")).unwrap();
    wait_exists(&dir.join(IMPORTED_DIR).join(DAY).join("x.jpg")).await;
    watcher.stop().await;

    let seen = sink.seen();
    assert_eq!(sink.names(), ["sentinel.jpg", "x.jpg"]);
    assert!(seen[1].bytes == bytes);
    let mut left = temps.map(String::from).to_vec();
    left.push(IMPORTED_DIR.to_owned());
    left.sort();
    assert_eq!(names_in(&dir), left);
}

#[tokio::test]
async fn a_retry_answer_leaves_the_file_to_be_offered_again() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let database_up = Arc::new(AtomicBool::new(false));
    let up = database_up.clone();
    let sink = TestSink::new(move |file, before| {
        if up.load(Ordering::SeqCst) {
            dedup(file, before)
        } else {
            Offer::Retry("database unreachable".into())
        }
    });
    let watcher = start(&dir, sink.clone());

    let bytes = content(100_000, 5);
    let path = dir.join("IMG_0005.JPG");
    std::fs::write(&path, &bytes).unwrap();
    let seen = sink.wait_offers(2).await;
    // Still there, nothing imported, and the second offer waited for the backoff.
    assert!(path.exists());
    assert!(!dir.join(IMPORTED_DIR).exists());
    assert!(seen[1].received - seen[0].received >= Duration::from_millis(100));

    database_up.store(true, Ordering::SeqCst);
    wait_exists(&dir.join(IMPORTED_DIR).join(DAY).join("IMG_0005.JPG")).await;
    watcher.stop().await;

    let seen = sink.seen();
    assert!(seen.len() >= 3, "offered {:?}", sink.names());
    assert!(seen.iter().all(|s| s.path == path && s.bytes == bytes));
    // One arrival: every offer carries the first sighting.
    assert!(seen.iter().all(|s| s.landed_at == seen[0].landed_at));
    assert!(!path.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_landed_file_is_offered_quickly_in_a_folder_created_for_it() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("station-7");
    let sink = TestSink::dedup();
    let watcher = start(&dir, sink.clone());
    wait_exists(&dir).await;

    let written = Instant::now();
    std::fs::write(dir.join("IMG_0006.JPG"), content(4 * 1024 * 1024, 6)).unwrap();
    let written = (written, Instant::now());
    let seen = sink.wait_offers(1).await;
    watcher.stop().await;

    let latency = seen[0].received - written.1;
    eprintln!(
        "hot folder latency: {} ms after the write finished ({} ms writing)",
        latency.as_millis(),
        (written.1 - written.0).as_millis()
    );
    // The target is 1 s; the bound is generous so a loaded machine does not fail the test.
    assert!(latency < Duration::from_secs(3), "took {latency:?}");
}

#[tokio::test]
async fn a_folder_that_cannot_be_read_is_tried_again() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("share");
    // A file where the folder should be: it can neither be listed nor created.
    std::fs::write(&dir, "not a folder").unwrap();
    let sink = TestSink::dedup();
    let watcher = start(&dir, sink.clone());
    // Let it fail a few polls (nothing to wait for: failing is all it can do).
    tokio::time::sleep(Duration::from_millis(500)).await;

    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("IMG_0007.JPG"), content(1000, 7)).unwrap();
    sink.wait_offers(1).await;
    watcher.stop().await;
    assert_eq!(sink.names(), ["IMG_0007.JPG"]);
}
