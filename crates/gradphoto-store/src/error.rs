//! The one error type of the storage crate.

use gradphoto_domain::Msg;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An expected refusal a person can act on (a duplicate login, an unknown college).
    #[error("{0}")]
    Rejected(Msg),
    #[error("not found: {0}")]
    NotFound(String),
    /// A stored value that no longer parses: a bug or a hand-edited database.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A blob key that is not in the shape this store writes (`sha256/…`, `renditions/…`): a
    /// bug, a hand-edited database, or an attempt to reach outside the store.
    #[error("invalid blob key {0:?}")]
    InvalidBlobKey(String),
    /// Stored bytes whose SHA-256 no longer matches their key: the stored copy is damaged and
    /// must be restored from a backup or taken again.
    #[error("blob {key} is corrupt: its content hashes to {actual}")]
    BlobCorrupt { key: String, actual: String },
    /// A blob store URL or setting that cannot be used (never quotes a secret).
    #[error("unusable blob store URL: {0}")]
    BlobUrl(String),
    /// The disk or the object store failed, with what was being done.
    #[error("blob storage error: {0}")]
    Blob(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
