//! Reading real files: workbooks written with rust_xlsxwriter, an `.xls` made with xlwt, CSV
//! in the encodings Chinese offices produce, and things that are not spreadsheets at all.

#![allow(clippy::unwrap_used)]

mod csv;
mod detect;
mod helpers;
mod xls;
mod xlsx;
