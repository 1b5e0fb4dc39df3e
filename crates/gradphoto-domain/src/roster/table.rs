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

/// One row of the file, with its 1-based row number as a spreadsheet program shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// The rows of the first sheet (or the CSV file), blank rows included or not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<SourceRow>,
}
