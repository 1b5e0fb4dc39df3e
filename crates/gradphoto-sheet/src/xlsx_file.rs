//! `.xlsx` workbooks (and `.xlsm`), streamed cell by cell from the first worksheet's XML, so a
//! stray value far away on the sheet costs nothing and the row limit stops the reading early.

use std::io::Cursor;

use calamine::{Reader, Xlsx, XlsxError};
use gradphoto_domain::roster::Table;

use crate::rows::RowsBuilder;
use crate::workbook::{first_sheet, from_data_ref};
use crate::{Limits, SheetError};

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(error)?;
    let sheet = first_sheet(book.sheets_metadata())?;
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(error)?;
    let mut rows = RowsBuilder::new(limits.max_rows);
    while let Some(cell) = cells.next_cell().map_err(error)? {
        let (row, col) = cell.get_position();
        // calamine counts from 0; a spreadsheet shows row 1 for it.
        rows.put(
            row as usize + 1,
            col as usize,
            from_data_ref(cell.get_value()),
        )?;
    }
    let table = rows.finish();
    if table.rows.is_empty() {
        return Err(SheetError::NoData { sheet: Some(sheet) });
    }
    Ok(table)
}

fn error(e: XlsxError) -> SheetError {
    match e {
        XlsxError::Password => SheetError::Encrypted,
        e => SheetError::CorruptXlsx {
            detail: e.to_string(),
        },
    }
}
