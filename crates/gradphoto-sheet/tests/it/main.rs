//! Reading real files: workbooks written with rust_xlsxwriter, an `.xls` made with xlwt, CSV
//! in the encodings Chinese offices produce, and things that are not spreadsheets at all.

// Tests may read the real time and draw unseeded names (temp databases, files).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod csv;
mod detect;
mod helpers;
mod xls;
mod xlsx;
