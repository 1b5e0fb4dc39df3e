//! Header detection and row validation. (Interface fixed; the implementation is being written.)

use super::{Problem, Table};
use crate::StudentRecord;

/// The outcome of reading a table: records in file order with their row numbers, and every
/// problem found. When `problems` is not empty nothing may be written.
#[derive(Debug, Clone, Default)]
pub struct ParsedRoster {
    pub records: Vec<(usize, StudentRecord)>,
    pub problems: Vec<Problem>,
}

pub fn parse_roster(table: &Table) -> ParsedRoster {
    let _ = table;
    ParsedRoster::default()
}
