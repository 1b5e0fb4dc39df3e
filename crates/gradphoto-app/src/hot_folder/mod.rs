//! The capture stations' hot folders: each station has a folder that the tethered-camera
//! software (Canon EOS Utility, Capture One, digiCamControl …) writes camera JPEGs into. The
//! watcher hands every complete new file to a [`FrameSink`] (the ingest: storing, binding to
//! the called ticket, judging) and then tidies the folder according to the answer.
//!
//! **Polling, not filesystem events.** Each folder is listed every [`WatchOptions::poll`]
//! (100 ms). Capture PCs often write to a share mounted on the server (SMB, NFS), and change
//! events do not cross those mounts; polling works the same on a local disk and on a share,
//! needs no dependency, and costs one directory listing of a folder that is kept nearly empty
//! (taken files are moved out). Events would not buy latency either: a file must stay
//! unchanged for the settle time (300 ms) before it is taken, so the first look at a landed
//! file, ≤ 100 ms later, is not on the critical path. Frames reach the sink about 0.35–0.5 s
//! after the last byte is written, inside the 1 s target.
//!
//! **Complete files only.** Tethering software writes in chunks, so a file is taken when its
//! size and modification time are the same at two looks at least [`WatchOptions::settle`]
//! apart ([`is_settled`]), and it then reads fully at that same size. Empty files are never
//! taken. Names that are clearly temporary are never looked at ([`is_ignored_name`]).
//!
//! **Only the folder itself** is watched, not its subfolders: the station's software must be
//! set to write straight into it (EOS Utility: no dated subfolders; Capture One: the session's
//! `Capture` folder). Walking subfolders would sweep up the caches and settings that Capture One
//! keeps beside its captures.
//!
//! **Folder layout** after the sink's answer, so the folder stays clean and a restart does not
//! offer a file again:
//!
//! ```text
//! <folder>/IMG_0001.JPG                     landed, waiting to settle, or waiting to retry
//! <folder>/imported/2024-05-20/IMG_0001.JPG  Taken or Duplicate (shooting day, UTC+8)
//! <folder>/rejected/notes.txt               Refused (and files over the size limit)
//! <folder>/rejected/notes.txt.reason.txt    why: a Chinese line, then an English line
//! ```
//!
//! A name already used there gets `-1`, `-2`, … before its extension. On [`Offer::Retry`]
//! (the database is down, …) the file stays where it is and is offered again after a backoff;
//! a file is never deleted. Each folder has a task of its own, so a slow ingest at one station
//! does not hold up another; within a folder, files are offered one at a time, oldest first.

mod folder;
mod place;
mod settle;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use gradphoto_domain::{Clock, Msg, StationId, SystemClock};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use place::{IMPORTED_DIR, REJECTED_DIR};
pub use settle::{FileStamp, is_ignored_name, is_settled};

/// A station's hot folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotFolder {
    pub station: StationId,
    pub dir: PathBuf,
}

/// How the watcher paces itself. [`Default`] gives the production values.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// How often each folder is listed.
    pub poll: Duration,
    /// How long a file's size and modification time must stay the same before it is taken.
    pub settle: Duration,
    /// Wait before the first retry after [`Offer::Retry`] or a failed move; doubles with each
    /// further failure of the same file, up to `retry_max`.
    pub retry_first: Duration,
    pub retry_max: Duration,
    /// Larger files are not read but moved to `rejected/` (a stray video must not be read
    /// into memory); camera JPEGs are a few MB.
    pub max_file_bytes: u64,
    /// Dates the `imported/<day>/` folders.
    pub clock: Arc<dyn Clock>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            poll: Duration::from_millis(100),
            settle: Duration::from_millis(300),
            retry_first: Duration::from_secs(1),
            retry_max: Duration::from_secs(60),
            max_file_bytes: 100 * 1024 * 1024,
            clock: Arc::new(SystemClock),
        }
    }
}

/// A complete file taken from a hot folder.
pub struct IncomingFile {
    /// The file's name in the folder, e.g. `IMG_0001.JPG` (lossily converted if not UTF-8).
    pub name: String,
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, lowercase hex: the content address, so the same bytes under two
    /// names (or again later) can be recognised without hashing again.
    pub sha256: String,
    /// Where the file lies while it is offered. The watcher moves it after the answer; the
    /// sink must not.
    pub path: PathBuf,
    /// When the watcher first saw the file: the frame's arrival, for latency figures.
    pub landed_at: Instant,
}

impl std::fmt::Debug for IncomingFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomingFile")
            .field("name", &self.name)
            .field("len", &self.bytes.len())
            .field("sha256", &self.sha256)
            .field("path", &self.path)
            .field("landed_at", &self.landed_at)
            .finish()
    }
}

/// The sink's answer to an offered file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// Ingested: the file moves to `imported/<day>/`.
    Taken,
    /// These bytes were ingested before: the file moves to `imported/<day>/` as well.
    Duplicate,
    /// Not a photo the station accepts (a text file, HEIC, RAW …): the file moves to
    /// `rejected/` with the message beside it.
    Refused(Msg),
    /// A passing failure (the database is down …): the file stays and is offered again later.
    Retry(String),
}

/// Where complete files go: the ingest.
#[async_trait]
pub trait FrameSink: Send + Sync {
    /// Takes one complete file that landed in `station`'s folder. Offers from one folder come
    /// one at a time; offers from different folders may overlap.
    async fn offer(&self, station: StationId, file: IncomingFile) -> Offer;
}

/// The running watcher. Dropping it stops the folders' tasks at once (an offer in flight is
/// abandoned and its file stays in place); [`WatchHandle::stop`] lets the offers in flight
/// finish first.
#[derive(Debug)]
pub struct WatchHandle {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl WatchHandle {
    /// Stops watching after the offers in flight are answered and their files moved.
    pub async fn stop(mut self) {
        self.stop.send_replace(true);
        for task in std::mem::take(&mut self.tasks) {
            if let Err(e) = task.await
                && e.is_panic()
            {
                tracing::error!("a hot folder task panicked: {e}");
            }
        }
    }
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts watching `folders` (one tokio task each; call from within a tokio runtime). Missing
/// folders are created; a folder that cannot be read is logged and tried again at every poll.
/// A folder listed twice is watched once.
pub fn spawn(
    folders: Vec<HotFolder>,
    sink: Arc<dyn FrameSink>,
    options: WatchOptions,
) -> WatchHandle {
    let (stop, stopped) = watch::channel(false);
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut tasks = Vec::new();
    for hot in folders {
        if seen.contains(&hot.dir) {
            tracing::warn!(
                station = %hot.station,
                dir = %hot.dir.display(),
                "hot folder listed twice; watching it once"
            );
            continue;
        }
        seen.push(hot.dir.clone());
        tasks.push(tokio::spawn(folder::watch(
            hot,
            sink.clone(),
            options.clone(),
            stopped.clone(),
        )));
    }
    WatchHandle { stop, tasks }
}
