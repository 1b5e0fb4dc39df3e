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
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
