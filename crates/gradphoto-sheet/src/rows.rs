//! Building a [`Table`] row by row under the limits, the same way for every format: rows with
//! no value are left out, a row's cells stop at its last value, and every row keeps the number
//! a spreadsheet program shows for it.

use gradphoto_domain::roster::{Cell, SourceRow, Table};

use crate::SheetError;

/// The most columns a row may reach. Far above any roster; it keeps one stray value far to the
/// right from filling every row with thousands of empty cells.
pub const MAX_COLUMNS: usize = 1024;

#[derive(Debug)]
pub(crate) struct RowsBuilder {
    rows: Vec<SourceRow>,
    max_rows: usize,
}

impl RowsBuilder {
    pub(crate) fn new(max_rows: usize) -> Self {
        Self {
            rows: Vec::new(),
            max_rows,
        }
    }

    /// Places one cell at 0-based column `col` of row `line`. Workbook cells come in row order
    /// in practice, which is the fast path; out-of-order ones are inserted where they belong.
    pub(crate) fn put(&mut self, line: usize, col: usize, cell: Cell) -> Result<(), SheetError> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if col >= MAX_COLUMNS {
            return Err(SheetError::TooManyColumns {
                line,
                limit: MAX_COLUMNS,
            });
        }
        let index = match self.rows.last() {
            Some(last) if last.line == line => self.rows.len() - 1,
            Some(last) if last.line > line => {
                match self.rows.binary_search_by_key(&line, |r| r.line) {
                    Ok(i) => i,
                    Err(i) => {
                        self.check_room()?;
                        self.rows.insert(i, new_row(line, 0));
                        i
                    }
                }
            }
            last => {
                let width = last.map_or(0, |r| r.cells.len());
                self.check_room()?;
                self.rows.push(new_row(line, width));
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[index].cells;
        if col < cells.len() {
            cells[col] = cell;
        } else {
            cells.resize(col, Cell::Empty);
            cells.push(cell);
        }
        Ok(())
    }

    /// Adds a whole row (a CSV record), dropping its trailing empty cells, or the row if it
    /// holds nothing.
    pub(crate) fn push_row(&mut self, line: usize, mut cells: Vec<Cell>) -> Result<(), SheetError> {
        let Some(last) = cells.iter().rposition(|c| *c != Cell::Empty) else {
            return Ok(());
        };
        if last >= MAX_COLUMNS {
            return Err(SheetError::TooManyColumns {
                line,
                limit: MAX_COLUMNS,
            });
        }
        cells.truncate(last + 1);
        self.check_room()?;
        self.rows.push(SourceRow { line, cells });
        Ok(())
    }

    fn check_room(&self) -> Result<(), SheetError> {
        if self.rows.len() >= self.max_rows {
            return Err(SheetError::TooManyRows {
                limit: self.max_rows,
            });
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Table {
        Table { rows: self.rows }
    }
}

/// A new row, with room for as many cells as the row before it had.
fn new_row(line: usize, width: usize) -> SourceRow {
    SourceRow {
        line,
        cells: Vec::with_capacity(width),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn cells_out_of_order_land_in_their_rows_and_columns() {
        let mut b = RowsBuilder::new(10);
        b.put(5, 2, text("c5")).unwrap();
        b.put(2, 0, text("a2")).unwrap();
        b.put(5, 0, text("a5")).unwrap();
        b.put(2, 1, Cell::Empty).unwrap();
        b.put(3, 1, Cell::Empty).unwrap();
        let t = b.finish();
        assert_eq!(
            t.rows,
            vec![
                SourceRow {
                    line: 2,
                    cells: vec![text("a2")]
                },
                SourceRow {
                    line: 5,
                    cells: vec![text("a5"), Cell::Empty, text("c5")]
                },
            ]
        );
    }

    #[test]
    fn limits_are_enforced() {
        let mut b = RowsBuilder::new(1);
        b.put(1, 0, text("x")).unwrap();
        assert_eq!(
            b.put(2, 0, text("y")),
            Err(SheetError::TooManyRows { limit: 1 })
        );
        assert_eq!(
            b.put(1, MAX_COLUMNS, text("far")),
            Err(SheetError::TooManyColumns {
                line: 1,
                limit: MAX_COLUMNS
            })
        );
        let mut b = RowsBuilder::new(1);
        b.push_row(1, vec![Cell::Empty, Cell::Empty]).unwrap();
        b.push_row(2, vec![text("x"), Cell::Empty]).unwrap();
        assert_eq!(
            b.finish().rows,
            vec![SourceRow {
                line: 2,
                cells: vec![text("x")]
            }]
        );
    }
}
