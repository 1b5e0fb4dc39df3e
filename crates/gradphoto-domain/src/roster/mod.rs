//! The roster: reading a table of cells into validated student records, and planning how an
//! import changes the stored roster.
//!
//! `parse_roster` turns a `Table` (filled by the sheet reader from XLSX, XLS or CSV) into
//! records and located problems; `plan_import` compares the records with the stored students.
//! Nothing here touches a file or the database.

mod cells;
pub mod columns;
mod consistency;
mod fields;
mod header;
pub mod plan;
pub mod problem;
pub mod table;
pub mod validate;
mod values;

pub use cells::{display as cell_text, parse_date};
pub use columns::{Column, ColumnKind, column_letter};
pub use fields::field_text;
pub use plan::{FieldChange, ImportPlan, plan_import};
pub use problem::Problem;
pub use table::{Cell, SourceRow, Table};
pub use validate::{ParsedRoster, parse_roster};
