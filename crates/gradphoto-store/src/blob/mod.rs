//! Photo bytes: one [`BlobStore`] trait, kept on local disk (the embedded default) or in any
//! S3-compatible object store (for more than one machine), chosen once at start-up from a URL by
//! [`open_blob_store`].
//!
//! Originals are content-addressed by SHA-256 ([`BlobKey`]): storing the same bytes twice is a
//! no-op, an original is never changed, and its hash is checked on every read so that a damaged
//! copy is an error instead of a wrong photo. Renditions (thumbnails, previews) are derived from
//! an original, live apart from the originals and may be rewritten. Every write is atomic: a
//! reader sees the old bytes or the new ones, never part of either.

mod disk;
mod key;
mod s3;

use std::fmt::Debug;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use sha2::{Digest, Sha256};

pub use disk::DiskBlobStore;
pub use key::BlobKey;
pub use s3::{S3BlobStore, S3Config};

use crate::error::{Result, StoreError};

/// Where photo bytes are kept. Used as `Arc<dyn BlobStore>`; handlers never know the backend.
#[async_trait]
pub trait BlobStore: Send + Sync + Debug {
    /// Writes `bytes` under `key` all at once: a reader sees the old object or the new one,
    /// never part of either. The backends' one primitive for writing; use [`Self::put`] and
    /// [`Self::put_rendition`].
    async fn write(&self, key: &BlobKey, bytes: Bytes) -> Result<()>;

    /// The bytes stored under `key` as they are, unverified; [`StoreError::NotFound`] when
    /// nothing is. Use [`Self::get`].
    async fn read(&self, key: &BlobKey) -> Result<Bytes>;

    /// Whether a blob is stored under `key` (without reading or verifying it).
    async fn exists(&self, key: &BlobKey) -> Result<bool>;

    /// Writes the file at `path` under `key`, as [`Self::write`] does, without holding the
    /// whole file in memory where the backend can stream it. Use [`Self::put_file`].
    async fn write_file(&self, key: &BlobKey, path: &Path) -> Result<()> {
        let path = path.to_owned();
        let bytes = blocking(move || {
            std::fs::read(&path)
                .map(Bytes::from)
                .map_err(|e| StoreError::Blob(format!("cannot read {}: {e}", path.display())))
        })
        .await?;
        self.write(key, bytes).await
    }

    /// Stores `bytes` as an original and returns its key, derived from their SHA-256.
    ///
    /// Idempotent: when the content is already stored nothing is written and the same key comes
    /// back. Two puts of the same bytes may both write; either way one whole copy stands.
    async fn put(&self, bytes: Bytes) -> Result<BlobKey> {
        let key = key_of(bytes.clone()).await?;
        if !self.exists(&key).await? {
            self.write(&key, bytes).await?;
        }
        Ok(key)
    }

    /// [`Self::put`] for a file (an export package of hundreds of megabytes): hashed and
    /// stored as it is read, a block at a time, on the backends that can.
    async fn put_file(&self, path: &Path) -> Result<BlobKey> {
        let key = {
            let path = path.to_owned();
            blocking(move || file_key(&path)).await?
        };
        if !self.exists(&key).await? {
            self.write_file(&key, path).await?;
        }
        Ok(key)
    }

    /// [`Self::put`] for bytes whose key the caller has just derived with [`BlobKey::of`]: a
    /// camera frame of 10 MB is hashed once, not once per step. The key is trusted: one that is
    /// not the bytes' own is only detected when [`Self::get`] verifies what it reads, and until
    /// then blocks the right bytes from being stored under it.
    async fn put_hashed(&self, key: &BlobKey, bytes: Bytes) -> Result<()> {
        if !key.is_original() {
            return Err(StoreError::InvalidBlobKey(format!(
                "{key} (only originals are content-addressed)"
            )));
        }
        if !self.exists(key).await? {
            self.write(key, bytes).await?;
        }
        Ok(())
    }

    /// Stores (or replaces) the rendition `name` (`thumb.jpg`) of `original` and returns its key.
    ///
    /// Renditions are derived data: they are not verified on read and may be rewritten, for
    /// instance when the rendering changes. Whether the original is stored is not checked.
    async fn put_rendition(&self, original: &BlobKey, name: &str, bytes: Bytes) -> Result<BlobKey> {
        let key = original.rendition(name)?;
        self.write(&key, bytes).await?;
        Ok(key)
    }

    /// Reads a blob. An original whose bytes no longer hash to its key is
    /// [`StoreError::BlobCorrupt`]; a key that was never stored is [`StoreError::NotFound`].
    async fn get(&self, key: &BlobKey) -> Result<Bytes> {
        let bytes = self.read(key).await?;
        verified(key, bytes).await
    }
}

/// Opens the blob store named by `url`:
///
/// - `file:///srv/gradphoto/blobs` or a plain path: [`DiskBlobStore`] under that folder, created
///   if missing;
/// - `s3://BUCKET[/PREFIX]?endpoint=…&region=…`: [`S3BlobStore`], see [`S3Config::from_url`] for
///   the settings. Credentials missing from the URL are read from `AWS_ACCESS_KEY_ID` and
///   `AWS_SECRET_ACCESS_KEY`.
pub async fn open_blob_store(url: &str) -> Result<Arc<dyn BlobStore>> {
    if url.starts_with("s3://") {
        let config = S3Config::from_url(url, &|name| std::env::var(name).ok())?;
        return Ok(Arc::new(S3BlobStore::new(&config)?));
    }
    let root = if url.starts_with("file:") {
        // Only `file:///…`: the URL parser would read `file:blobs` as `/blobs`.
        Some(url)
            .filter(|url| url.starts_with("file:///"))
            .and_then(|url| url::Url::parse(url).ok())
            .and_then(|parsed| parsed.to_file_path().ok())
            .ok_or_else(|| {
                StoreError::BlobUrl(format!("{url:?} is not an absolute file:// path"))
            })?
    } else if let Some((scheme, _)) = url.split_once("://") {
        return Err(StoreError::BlobUrl(format!(
            "unknown scheme {scheme:?}: use a folder path, file:///PATH or s3://BUCKET"
        )));
    } else if url.is_empty() {
        return Err(StoreError::BlobUrl("empty: give a folder path".to_owned()));
    } else {
        PathBuf::from(url)
    };
    let store = DiskBlobStore::open(root).await?;
    // A crash in the middle of a write leaves a temp file, never a blob. Those older than ten
    // minutes cannot belong to a write still going on (in this or another process). Compared
    // with the files' modification times, so the file system's clock, not the App's.
    #[allow(clippy::disallowed_methods)]
    let stale = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    let swept = store.sweep_temp(stale).await?;
    if swept > 0 {
        tracing::info!(swept, "removed temp files left by interrupted writes");
    }
    Ok(Arc::new(store))
}

/// How much of a file is read at a time when it is hashed or streamed.
const FILE_BLOCK: usize = 1 << 20;

/// The original key of the file at `path`, hashed a block at a time.
fn file_key(path: &Path) -> Result<BlobKey> {
    let fail = |e: std::io::Error| StoreError::Blob(format!("cannot read {}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let mut hash = Sha256::new();
    let mut block = vec![0; FILE_BLOCK];
    loop {
        let n = file.read(&mut block).map_err(fail)?;
        if n == 0 {
            break;
        }
        hash.update(&block[..n]);
    }
    Ok(BlobKey::from_sha256(hash.finalize().into()))
}

/// The original key of `bytes`, hashed off the async threads (photos are megabytes).
async fn key_of(bytes: Bytes) -> Result<BlobKey> {
    blocking(move || Ok(BlobKey::of(&bytes))).await
}

/// Returns `bytes` read from `key` if they are what the key says: an original must hash to its
/// key. The caller must never see corrupt bytes, so a mismatch is an error and is logged.
async fn verified(key: &BlobKey, bytes: Bytes) -> Result<Bytes> {
    if !key.is_original() {
        return Ok(bytes);
    }
    let (bytes, actual) = blocking(move || {
        let actual = hex::encode(Sha256::digest(&bytes));
        Ok((bytes, actual))
    })
    .await?;
    if actual == key.hash_hex() {
        Ok(bytes)
    } else {
        tracing::error!(%key, %actual, "stored original does not match its hash");
        Err(StoreError::BlobCorrupt {
            key: key.to_string(),
            actual,
        })
    }
}

/// Runs CPU or blocking-I/O work on tokio's blocking threads.
async fn blocking<T, F>(work: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::Blob(format!("blob task failed: {e}")))?
}
