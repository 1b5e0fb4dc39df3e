//! End-to-end tests of the `gradphoto` binary: the command line as a person types it, and the
//! pages in a real headless Chromium.

// Tests may read the real time and draw unseeded names (temp databases, files).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod browser;
mod browser_capture;
mod browser_exports;
mod browser_queue;
mod browser_student;
mod browser_timetable;
mod browser_venue;
mod check;
mod chrome;
mod cli;
mod crash;
mod crash_upload;
mod files;
mod jobs_worker;
mod photos;
mod process;
mod serve_pair;
mod server;
