//! Excel 97–2003 `.xls` workbooks, which student-information systems still export. calamine
//! decodes the whole workbook up front; the sheet is then read like an `.xlsx` one.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};
use gradphoto_domain::roster::Table;

use crate::rows::RowsBuilder;
use crate::workbook::{first_sheet, from_data};
use crate::{Limits, SheetError};

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    let mut book = Xls::new(Cursor::new(bytes)).map_err(error)?;
    let sheet = first_sheet(book.sheets_metadata())?;
    let range = book.worksheet_range(&sheet).map_err(error)?;
    let mut rows = RowsBuilder::new(limits.max_rows);
    // The range covers only the used area; its start is where that area sits on the sheet.
    if let Some((first_row, first_col)) = range.start() {
        for (i, row) in range.rows().enumerate() {
            let line = first_row as usize + i + 1;
            for (j, value) in row.iter().enumerate() {
                rows.put(line, first_col as usize + j, from_data(value))?;
            }
        }
    }
    let table = rows.finish();
    if table.rows.is_empty() {
        return Err(SheetError::NoData { sheet: Some(sheet) });
    }
    Ok(table)
}

fn error(e: XlsError) -> SheetError {
    match e {
        XlsError::Password => SheetError::Encrypted,
        e => SheetError::CorruptXls {
            detail: e.to_string(),
        },
    }
}
