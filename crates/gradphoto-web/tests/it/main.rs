//! The web crate's integration tests: the router driven in-process with `oneshot`, each test
//! with its own SQLite database; the import service on files as programs write them, on
//! SQLite and PostgreSQL (`import_files`); and the venue — check-in, stations, the board —
//! including a real server for concurrent check-ins (`concurrency`, both databases) and the
//! board's event stream (`board`); the timetable's pages, its published notices (PDF read back
//! with poppler) and the classes' progress on the day (`timetable_*`).
// Tests may read the real time and draw unseeded names (temp databases, files).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod api;
mod board;
mod campaign;
mod capture;
mod capture_hot_folder;
mod capture_pages;
mod capture_records;
mod capture_support;
mod card_reader;
mod checkin;
mod client;
mod concurrency;
mod csrf;
mod db;
mod exports;
mod exports_ahead;
mod fees;
mod fees_pages;
mod files;
mod helpers;
mod i18n;
mod import;
mod import_files;
mod import_support;
mod jobs;
mod login;
mod login_limits;
mod my_queue;
mod prints;
mod proofreading;
mod queue;
mod rehearsal;
mod review;
mod roles;
mod server;
mod student_access;
mod timetable_access;
mod timetable_checkin;
mod timetable_classes;
mod timetable_import;
mod timetable_planning;
mod timetable_support;
mod timetable_versions;
mod venue;
