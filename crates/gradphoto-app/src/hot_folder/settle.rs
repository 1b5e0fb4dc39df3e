//! Which files in a hot folder are candidates, and when one is complete: the decisions as pure
//! functions, plus the one blocking listing of a folder per poll.

use std::ffi::OsString;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What a look at a file sees: enough to tell whether it is still being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    /// `None` where the filesystem keeps no modification time: the size alone decides.
    pub modified: Option<SystemTime>,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> Self {
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Whether a file is complete: it looked the same (`before`, then `now`) across two looks at
/// least `settle` apart, and is not empty. The time between the looks is measured on the
/// server's clock, so a share whose clock differs from the server's does not matter.
pub fn is_settled(before: FileStamp, now: FileStamp, apart: Duration, settle: Duration) -> bool {
    before == now && now.len > 0 && apart >= settle
}

/// Names the watcher never looks at: dotfiles (also macOS's `._` companions), `~` lock and
/// backup files, downloads and copies in progress (`.tmp`, `.part`, `.crdownload`, any case),
/// and Windows' folder files (`Thumbs.db`, `desktop.ini`, which Explorer writes into any folder
/// it shows and would otherwise pile up in `rejected/`).
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with('.')
        || lower.starts_with('~')
        || [".tmp", ".part", ".crdownload"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// A regular file directly in the folder, as seen by one listing.
#[derive(Debug)]
pub(super) struct Listed {
    pub name: OsString,
    pub path: PathBuf,
    pub stamp: FileStamp,
}

/// The regular files directly in `dir` with names not ignored, oldest first (then by name), so
/// frames are offered in the order they were shot. Subfolders (`imported/`, `rejected/`, any
/// other) are skipped. Blocking: call it off the async threads.
pub(super) fn list(dir: &Path) -> io::Result<Vec<Listed>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if is_ignored_name(&name.to_string_lossy()) {
            continue;
        }
        // A file may vanish between the listing and its metadata: simply not there this time.
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        files.push(Listed {
            name,
            path: entry.path(),
            stamp: FileStamp::of(&meta),
        });
    }
    files.sort_by(|a, b| (a.stamp.modified, &a.name).cmp(&(b.stamp.modified, &b.name)));
    Ok(files)
}
