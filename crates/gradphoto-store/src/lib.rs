//! Metadata storage for gradphoto: the [`Repo`] trait, implemented over SQLite (the embedded
//! default) and PostgreSQL (for more than one machine), chosen once at start-up from a URL.
//!
//! `Repo` is built from small traits, one per area — [`CampaignRepo`], [`RosterRepo`],
//! [`AccountRepo`], [`VenueRepo`], [`QueueRepo`], [`CaptureRepo`], [`JobRepo`], [`LeaseRepo`],
//! [`AuditRepo`] — each implemented for SQL in the file of its area. Callers hold an
//! `Arc<dyn Repo>` and need not name the areas.
//!
//! Queries are checked at run time, not compile time: the same SQL text serves both backends
//! through sqlx's `Any` driver, dialect differences stay in [`sql::Dialect`], and one
//! conformance suite (`tests/it`) runs every behaviour against both databases. Each backend's
//! migrations are embedded from its folder (`migrations/sqlite`, `migrations/postgres`) by
//! `sqlx::migrate!`, and a test keeps the two folders' versions and names in step.

pub mod blob;
pub mod capture;
pub mod error;
pub mod queue;
pub mod repo;
pub mod sql;

pub use blob::{BlobKey, BlobStore, DiskBlobStore, S3BlobStore, S3Config, open_blob_store};
pub use capture::*;
pub use error::StoreError;
pub use queue::*;
pub use repo::*;
pub use sql::{SqlRepo, connect};
