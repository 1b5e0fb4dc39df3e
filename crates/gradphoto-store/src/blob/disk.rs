//! [`DiskBlobStore`]: blobs as files under one folder, the embedded default.
//!
//! A key is the file's path relative to the root. Every write goes to a fresh file in
//! `<root>/tmp/`, is flushed to disk, and is renamed into place, after which the folder is
//! flushed too: a crash leaves either no file or the whole file under the final name, never part
//! of one. What a crash does leave is a stray file in `tmp/`, which no key can name;
//! [`DiskBlobStore::sweep_temp`] removes those.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;

use super::{BlobKey, BlobStore, blocking};
use crate::error::{Result, StoreError};

/// The folder under the root that holds files being written.
const TEMP_DIR: &str = "tmp";

/// Numbers temporary files within this process; the process id tells processes apart.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Blobs kept as files under a root folder (`<data dir>/blobs`).
#[derive(Debug, Clone)]
pub struct DiskBlobStore {
    root: PathBuf,
}

impl DiskBlobStore {
    /// Opens the store under `root`, creating the folder (and its `tmp/`) if needed.
    pub async fn open(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        let temp = root.join(TEMP_DIR);
        blocking(move || {
            fs::create_dir_all(&temp).map_err(|e| io_error("cannot create", &temp, &e))
        })
        .await?;
        Ok(Self { root })
    }

    /// The folder the store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob `key` is (or would be) kept.
    pub fn path_of(&self, key: &BlobKey) -> PathBuf {
        // A parsed key has only plain segments, so it cannot point outside the root.
        key.as_str()
            .split('/')
            .fold(self.root.clone(), |path, segment| path.join(segment))
    }

    /// Removes files that interrupted writes left in `tmp/`, if last modified before
    /// `older_than`, and returns how many it removed.
    ///
    /// Another process may be writing to the same store (the CLI beside the server): give a
    /// time well in the past, such as an hour ago, so that its writes in progress are spared.
    pub async fn sweep_temp(&self, older_than: SystemTime) -> Result<usize> {
        let temp = self.root.join(TEMP_DIR);
        blocking(move || {
            let mut removed = 0;
            let entries = fs::read_dir(&temp).map_err(|e| io_error("cannot list", &temp, &e))?;
            for entry in entries {
                let entry = entry.map_err(|e| io_error("cannot list", &temp, &e))?;
                let path = entry.path();
                let modified = entry.metadata().and_then(|m| m.modified());
                match modified {
                    Ok(modified) if modified < older_than => match fs::remove_file(&path) {
                        Ok(()) => removed += 1,
                        // Finished (renamed away) or swept by someone else meanwhile.
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io_error("cannot remove", &path, &e)),
                    },
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_error("cannot inspect", &path, &e)),
                }
            }
            Ok(removed)
        })
        .await
    }
}

#[async_trait]
impl BlobStore for DiskBlobStore {
    /// Temporary file, fsync, rename, fsync the folder: replaces what is there.
    async fn write(&self, key: &BlobKey, bytes: Bytes) -> Result<()> {
        let target = self.path_of(key);
        let temp = self.root.join(TEMP_DIR);
        blocking(move || write_atomically(&temp, &target, &bytes)).await
    }

    /// The file copied into `tmp/`, flushed and renamed into place: never in memory whole.
    async fn write_file(&self, key: &BlobKey, path: &Path) -> Result<()> {
        let target = self.path_of(key);
        let temp = self.root.join(TEMP_DIR);
        let source = path.to_owned();
        blocking(move || copy_atomically(&temp, &target, &source)).await
    }

    async fn read(&self, key: &BlobKey) -> Result<Bytes> {
        let path = self.path_of(key);
        blocking({
            let key = key.clone();
            move || match fs::read(&path) {
                Ok(bytes) => Ok(Bytes::from(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    Err(StoreError::NotFound(format!("blob {key}")))
                }
                Err(e) => Err(io_error("cannot read", &path, &e)),
            }
        })
        .await
    }

    async fn exists(&self, key: &BlobKey) -> Result<bool> {
        let path = self.path_of(key);
        match tokio::fs::metadata(&path).await {
            Ok(meta) => Ok(meta.is_file()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_error("cannot inspect", &path, &e)),
        }
    }
}

/// Temporary file, flush, rename, flush the folder: the steps that make a write all-or-nothing
/// across a crash. The temporary file is removed if any step fails.
fn write_atomically(temp_dir: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let folder = target
        .parent()
        .ok_or_else(|| StoreError::Blob(format!("no folder for {}", target.display())))?;
    ensure_dir(folder).map_err(|e| io_error("cannot create", folder, &e))?;
    let (temp, mut file) =
        create_temp(temp_dir).map_err(|e| io_error("cannot create a file in", temp_dir, &e))?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, target)?;
        sync_dir(folder)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_error("cannot write", target, &e)
    })
}

/// [`write_atomically`] with the bytes copied from the file at `source`.
fn copy_atomically(temp_dir: &Path, target: &Path, source: &Path) -> Result<()> {
    let folder = target
        .parent()
        .ok_or_else(|| StoreError::Blob(format!("no folder for {}", target.display())))?;
    ensure_dir(folder).map_err(|e| io_error("cannot create", folder, &e))?;
    let (temp, mut file) =
        create_temp(temp_dir).map_err(|e| io_error("cannot create a file in", temp_dir, &e))?;
    let written = (|| {
        let mut from = File::open(source)?;
        io::copy(&mut from, &mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, target)?;
        sync_dir(folder)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_error("cannot write", target, &e)
    })
}

/// A new file in `dir` with a name no other writer uses.
fn create_temp(dir: &Path) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{pid}-{n}.part"));
        // `create_new`: a file left by a crashed process that had the same id is skipped.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Creates `dir` and any missing parents, flushing each parent that gained an entry, so that a
/// file renamed into `dir` is still reachable after a crash.
fn ensure_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no parent folder"))?;
    ensure_dir(parent)?;
    match fs::create_dir(dir) {
        Ok(()) => sync_dir(parent),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Flushes a folder's entries (a rename or a new file in it) to disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

fn io_error(doing: &str, path: &Path, e: &io::Error) -> StoreError {
    StoreError::Blob(format!("{doing} {}: {e}", path.display()))
}
