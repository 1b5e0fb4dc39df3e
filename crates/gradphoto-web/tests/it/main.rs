//! The web crate's integration tests: the router driven in-process with `oneshot`, each test
//! with its own SQLite database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod campaign;
mod client;
mod csrf;
mod helpers;
mod i18n;
mod import;
mod login;
mod roles;
