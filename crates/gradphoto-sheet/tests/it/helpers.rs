//! Building test files and looking at tables.

use gradphoto_sheet::domain::roster::{Cell, Table};
use gradphoto_sheet::{Limits, SheetError, read_table};
use rust_xlsxwriter::{Workbook, Worksheet};

pub fn read(bytes: &[u8], file_name: &str) -> Result<Table, SheetError> {
    read_table(bytes, file_name, &Limits::default())
}

pub fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// The row numbers of the table, in order.
pub fn lines(table: &Table) -> Vec<usize> {
    table.rows.iter().map(|r| r.line).collect()
}

/// The cells of the row numbered `line`.
pub fn row(table: &Table, line: usize) -> &[Cell] {
    &table
        .rows
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no row {line} in {table:?}"))
        .cells
}

/// An `.xlsx` file with one worksheet filled by `fill`.
pub fn xlsx(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    fill(book.add_worksheet());
    book.save_to_buffer().unwrap()
}

/// A ZIP archive holding the given entries, uncompressed.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}
