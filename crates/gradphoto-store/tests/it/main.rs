//! The storage conformance suite: every behaviour of [`Repo`] is checked against SQLite and
//! against PostgreSQL, each test on a database of its own.

// Tests may read the real time and draw unseeded names (temp databases, files).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod db;
mod fixtures;
mod s3_server;

mod blob;
mod campaigns;
mod fees;
mod frames;
mod jobs;
mod migrations;
mod progress;
mod proofs;
mod queue;
mod queue_order;
mod review;
mod roster;
mod search;
mod timetable;
mod users;

/// Declares each listed `async fn(TestDb)` as a test on both backends.
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::db::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::db::TestDb::postgres().await;
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}
pub(crate) use conformance;
