//! A spreadsheet as plain cells, whatever file it came from. The sheet reader fills it; the
//! roster validator reads it.

/// One cell as the file holds it. A number stays a number so that digits lost to a
/// spreadsheet's floating point (`3.60102E+17`) can be told apart from text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Date(chrono::NaiveDate),
    DateTime(chrono::NaiveDateTime),
    Bool(bool),
}

impl Cell {
    /// Empty, or text that is only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row of the file, with its 1-based row number as a spreadsheet program shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl SourceRow {
    /// The cell at a 0-based column index; past the end of a short row it is empty.
    pub fn cell(&self, index: usize) -> &Cell {
        self.cells.get(index).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// The rows of the first sheet (or the CSV file), blank rows included or not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<SourceRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_and_short_rows() {
        let row = SourceRow {
            line: 3,
            cells: vec![Cell::Empty, Cell::Text(" \u{3000}".into())],
        };
        assert!(row.is_blank());
        assert_eq!(row.cell(7), &Cell::Empty);
        let row = SourceRow {
            line: 4,
            cells: vec![Cell::Int(0)],
        };
        assert!(!row.is_blank());
    }
}
