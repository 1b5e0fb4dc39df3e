//! One folder's task: list it every poll, follow each file until it settles, read and hash it,
//! offer it, and move it according to the answer.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gradphoto_domain::Msg;
use gradphoto_domain::venue::shooting_day;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::settle::{self, FileStamp, Listed, is_settled};
use super::{FrameSink, HotFolder, IncomingFile, Offer, WatchOptions, place};

/// What the task remembers of a file still in the folder.
#[derive(Debug)]
struct Tracked {
    /// The last stamp seen, and since when it has been the same.
    stamp: FileStamp,
    since: Instant,
    /// The first sighting of this name.
    landed_at: Instant,
    /// Not looked at again before this (after a retry answer or a failure).
    wait_until: Option<Instant>,
    /// Failures in a row, for the backoff.
    failures: u32,
    /// Answered, but the move failed: only the move is tried again, the file is not offered
    /// twice.
    answered: Option<Answered>,
}

#[derive(Debug, Clone)]
enum Answered {
    Imported,
    Rejected(Msg),
}

/// A file read whole, at the stamp it was taken at.
struct Read {
    bytes: Vec<u8>,
    sha256: String,
}

enum ReadOutcome {
    Complete(Read),
    /// It changed while being read: still being written.
    Changed(FileStamp),
}

pub(super) async fn watch(
    hot: HotFolder,
    sink: Arc<dyn FrameSink>,
    opts: WatchOptions,
    mut stop: watch::Receiver<bool>,
) {
    let mut task = FolderTask {
        hot,
        sink,
        opts,
        tracked: HashMap::new(),
        broken: false,
    };
    // The caller says at info level why it watches (see `capture::hot_folders`).
    tracing::debug!(station = %task.hot.station, dir = %task.hot.dir.display(), "hot folder task started");
    while !*stop.borrow() {
        task.poll(&stop).await;
        tokio::select! {
            changed = stop.changed() => if changed.is_err() { break },
            () = tokio::time::sleep(task.opts.poll) => {}
        }
    }
}

struct FolderTask {
    hot: HotFolder,
    sink: Arc<dyn FrameSink>,
    opts: WatchOptions,
    tracked: HashMap<OsString, Tracked>,
    /// The folder could not be listed at the last poll: logged once, not at every poll.
    broken: bool,
}

impl FolderTask {
    async fn poll(&mut self, stop: &watch::Receiver<bool>) {
        let Some(listed) = self.list().await else {
            return;
        };
        let now = Instant::now();
        self.tracked
            .retain(|name, _| listed.iter().any(|l| &l.name == name));
        for file in listed {
            if *stop.borrow() {
                return;
            }
            let t = self.tracked.entry(file.name.clone()).or_insert(Tracked {
                stamp: file.stamp,
                since: now,
                landed_at: now,
                wait_until: None,
                failures: 0,
                answered: None,
            });
            if t.stamp != file.stamp {
                // New content (still being written, or replaced): start over.
                *t = Tracked {
                    stamp: file.stamp,
                    since: now,
                    landed_at: t.landed_at,
                    wait_until: None,
                    failures: 0,
                    answered: None,
                };
                continue;
            }
            if t.wait_until.is_some_and(|w| now < w) {
                continue;
            }
            if let Some(answered) = t.answered.clone() {
                self.settle_file(&file, answered).await;
            } else if is_settled(t.stamp, file.stamp, now - t.since, self.opts.settle) {
                self.take(&file).await;
            }
        }
    }

    /// The folder's files, creating the folder when missing; `None` when it cannot be read.
    async fn list(&mut self) -> Option<Vec<Listed>> {
        let dir = self.hot.dir.clone();
        let listed = tokio::task::spawn_blocking(move || match settle::list(&dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::create_dir_all(&dir)?;
                settle::list(&dir)
            }
            other => other,
        })
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)));
        match listed {
            Ok(files) => {
                if self.broken {
                    tracing::info!(station = %self.hot.station, dir = %self.hot.dir.display(), "hot folder readable again");
                    self.broken = false;
                }
                Some(files)
            }
            Err(e) => {
                if !self.broken {
                    tracing::error!(station = %self.hot.station, dir = %self.hot.dir.display(), "cannot read hot folder, will keep trying: {e}");
                    self.broken = true;
                }
                None
            }
        }
    }

    /// Reads, hashes and offers a settled file, then acts on the answer.
    async fn take(&mut self, file: &Listed) {
        let station = self.hot.station;
        let name = file.name.to_string_lossy().into_owned();
        if file.stamp.len > self.opts.max_file_bytes {
            let reason = too_large(file.stamp.len, self.opts.max_file_bytes);
            tracing::warn!(%station, file = %name, "refused: {reason}");
            self.settle_file(file, Answered::Rejected(reason)).await;
            return;
        }
        let path = file.path.clone();
        let stamp = file.stamp;
        let read = tokio::task::spawn_blocking(move || read_whole(&path, stamp))
            .await
            .unwrap_or_else(|e| Err(io::Error::other(e)));
        let read = match read {
            Ok(ReadOutcome::Complete(read)) => read,
            Ok(ReadOutcome::Changed(stamp)) => {
                if let Some(t) = self.tracked.get_mut(&file.name) {
                    t.stamp = stamp;
                    t.since = Instant::now();
                }
                return;
            }
            Err(e) => {
                // Still locked by its writer (Windows), or the disk failed: look again soon,
                // then less and less often.
                let wait = self.fail(&file.name, self.opts.poll);
                tracing::debug!(%station, file = %name, ?wait, "cannot read yet: {e}");
                return;
            }
        };
        let Some(landed_at) = self.tracked.get(&file.name).map(|t| t.landed_at) else {
            return;
        };
        let sha256 = read.sha256.clone();
        let incoming = IncomingFile {
            name: name.clone(),
            bytes: read.bytes,
            sha256: read.sha256,
            path: file.path.clone(),
            landed_at,
        };
        let answer = self.sink.offer(station, incoming).await;
        let latency_ms = landed_at.elapsed().as_millis();
        match answer {
            Offer::Taken => {
                tracing::info!(%station, file = %name, %sha256, latency_ms, "hot folder frame taken");
                self.settle_file(file, Answered::Imported).await;
            }
            Offer::Duplicate => {
                tracing::info!(%station, file = %name, %sha256, "hot folder frame is a duplicate");
                self.settle_file(file, Answered::Imported).await;
            }
            Offer::Refused(reason) => {
                tracing::warn!(%station, file = %name, %sha256, "hot folder file refused: {reason}");
                self.settle_file(file, Answered::Rejected(reason)).await;
            }
            Offer::Retry(why) => {
                let wait = self.fail(&file.name, self.opts.retry_first);
                tracing::warn!(%station, file = %name, ?wait, "hot folder file left to retry: {why}");
            }
        }
    }

    /// Moves an answered file out of the folder; on failure, remembers the answer and tries
    /// the move again later.
    async fn settle_file(&mut self, file: &Listed, answered: Answered) {
        let dir = self.hot.dir.clone();
        let path = file.path.clone();
        let day = shooting_day(self.opts.clock.now());
        let what = answered.clone();
        let moved = tokio::task::spawn_blocking(move || match &what {
            Answered::Imported => place::to_imported(&dir, &path, day),
            Answered::Rejected(reason) => place::to_rejected(&dir, &path, reason),
        })
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)));
        match moved {
            Ok(dest) => {
                tracing::debug!(station = %self.hot.station, to = %dest.display(), "hot folder file moved");
                self.tracked.remove(&file.name);
            }
            Err(e) => {
                let wait = self.fail(&file.name, self.opts.retry_first);
                if let Some(t) = self.tracked.get_mut(&file.name) {
                    t.answered = Some(answered);
                }
                tracing::error!(station = %self.hot.station, file = %file.path.display(), ?wait, "cannot move an answered file out of the hot folder: {e}");
            }
        }
    }

    /// Counts a failure of `name` and sets when to look at it again: `first`, doubling with
    /// each failure in a row, up to `retry_max`.
    fn fail(&mut self, name: &OsString, first: Duration) -> Duration {
        let Some(t) = self.tracked.get_mut(name) else {
            return Duration::ZERO;
        };
        let wait = backoff(first, self.opts.retry_max, t.failures);
        t.failures = t.failures.saturating_add(1);
        t.wait_until = Some(Instant::now() + wait);
        wait
    }
}

fn backoff(first: Duration, max: Duration, failures: u32) -> Duration {
    first.saturating_mul(1 << failures.min(16)).min(max)
}

/// Reads the file whole and hashes it, if it still has the stamp it settled at.
fn read_whole(path: &Path, stamp: FileStamp) -> io::Result<ReadOutcome> {
    use std::io::Read as _;
    let mut f = std::fs::File::open(path)?;
    let before = FileStamp::of(&f.metadata()?);
    if before != stamp {
        return Ok(ReadOutcome::Changed(before));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(stamp.len).unwrap_or(0));
    f.read_to_end(&mut bytes)?;
    let after = FileStamp::of(&f.metadata()?);
    if after != stamp || bytes.len() as u64 != stamp.len {
        return Ok(ReadOutcome::Changed(after));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(ReadOutcome::Complete(Read { bytes, sha256 }))
}

fn too_large(len: u64, max: u64) -> Msg {
    let mb = |b: u64| b.div_ceil(1024 * 1024);
    Msg::new(
        format!(
            "文件过大（{} MB），上限 {} MB：不是相机照片",
            mb(len),
            mb(max)
        ),
        format!(
            "file too large ({} MB, the limit is {} MB): not a camera photo",
            mb(len),
            mb(max)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(1), s(60), 0), s(1));
        assert_eq!(backoff(s(1), s(60), 3), s(8));
        assert_eq!(backoff(s(1), s(60), 10), s(60));
        assert_eq!(backoff(s(1), s(60), u32::MAX), s(60));
    }
}
