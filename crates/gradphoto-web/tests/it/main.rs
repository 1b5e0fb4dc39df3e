//! The web crate's integration tests: the router driven in-process with `oneshot`, each test
//! with its own SQLite database; and the import service on files as programs write them, on
//! SQLite and PostgreSQL (`import_files`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod campaign;
mod client;
mod csrf;
mod db;
mod files;
mod helpers;
mod i18n;
mod import;
mod import_files;
mod login;
mod roles;
