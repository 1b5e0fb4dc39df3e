//! Reads the bytes of an uploaded roster file into a [`Table`] of plain cells.
//!
//! The format is told from the content, not the name: `.xlsx` (and `.xlsm`), Excel 97–2003
//! `.xls`, and delimited text (CSV in UTF-8 or GBK, or tab-separated UTF-16). Anything else —
//! a photo renamed `.xlsx`, a Word file, an HTML table saved as `.xls` — is refused with a
//! message that says what the file looks like and what to do ([`SheetError::msg`]).
//!
//! This crate knows nothing about rosters: which row is the header and what a cell must hold
//! is the validator's business (`gradphoto_domain::roster::parse_roster`).

mod csv_file;
mod error;
mod format;
mod rows;
mod workbook;
mod xls_file;
mod xlsx_file;

use std::panic::{AssertUnwindSafe, catch_unwind};

pub use gradphoto_domain as domain;
use gradphoto_domain::roster::Table;

pub use error::SheetError;
pub use format::FileKind;
use format::Format;
pub use rows::MAX_COLUMNS;

/// Bounds on what one upload may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, checked before anything is parsed.
    pub max_bytes: usize,
    /// Most rows holding a value that the table may have.
    pub max_rows: usize,
}

impl Default for Limits {
    /// 32 MiB, the same as the web front's upload limit (`WebConfig::max_upload_bytes`), so
    /// no file the upload form takes is refused here; and 200,000 rows: far above the largest
    /// university's graduating class.
    fn default() -> Self {
        Self {
            max_bytes: 32 * 1024 * 1024,
            max_rows: 200_000,
        }
    }
}

/// Reads the first worksheet of a workbook, or a delimited text file, into a table.
///
/// Every row in the table holds at least one value; rows with none are left out, and each row
/// keeps the 1-based number a spreadsheet program shows for it. A row's cells start at column A
/// and stop at its last value. Text is kept as written (untrimmed); a cell holding only
/// whitespace is [`Cell::Empty`](gradphoto_domain::roster::Cell::Empty). CSV cells are always
/// text; workbook cells keep their numbers, dates and booleans.
///
/// `file_name` is only a hint, for where the content leaves a choice open (the delimiter of a
/// `.txt` or `.tsv` file whose lines have none).
pub fn read_table(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Table, SheetError> {
    check_size(bytes, limits)?;
    match format::sniff(bytes)? {
        Format::Xlsx => guarded(
            || xlsx_file::read(bytes, limits),
            |detail| SheetError::CorruptXlsx { detail },
        ),
        Format::Xls => guarded(
            || xls_file::read(bytes, limits),
            |detail| SheetError::CorruptXls { detail },
        ),
        Format::Text => csv_file::read(bytes, file_name, limits),
    }
}

/// Refuses an empty file and one over the size limit, before anything reads it.
fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(SheetError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

/// A text file's contents — UTF-8 (with or without a byte order mark), UTF-16 with a byte
/// order mark, or else GBK — for text that is not a table, such as a notice's timetable.
/// `None` when the file is a workbook (XLSX or XLS), which is read with [`read_table`].
pub fn read_text(bytes: &[u8], limits: &Limits) -> Result<Option<String>, SheetError> {
    check_size(bytes, limits)?;
    match format::sniff(bytes)? {
        Format::Xlsx | Format::Xls => Ok(None),
        Format::Text => csv_file::decode(bytes).map(|text| Some(text.into_owned())),
    }
}

/// Runs a workbook parser so that a panic inside it on some malformed file becomes an error
/// about that file instead of taking the request (or the server) down with it.
fn guarded(
    read: impl FnOnce() -> Result<Table, SheetError>,
    corrupt: impl FnOnce(String) -> SheetError,
) -> Result<Table, SheetError> {
    catch_unwind(AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(corrupt("the workbook reader failed on it".to_owned())))
}
