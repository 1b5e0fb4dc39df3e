//! One thing wrong with an import, located so a person can find and fix it.

use serde::Serialize;

use crate::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based row number in the file, when the problem belongs to a row.
    pub row: Option<usize>,
    /// The column's header as written in the file (or the field name), when known.
    pub column: Option<String>,
    /// The offending value as read.
    pub value: Option<String>,
    pub message: Msg,
}
