//! The application crate's integration tests: the hot folder watcher on real files, and the job
//! runner on a real database.
// Tests may read the real time and draw unseeded names (temp databases, files).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod hot_folder;
mod jobs;
