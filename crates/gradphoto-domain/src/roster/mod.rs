//! The roster: reading a table of cells into validated student records, and planning how an
//! import changes the stored roster.

pub mod columns;
pub mod plan;
pub mod problem;
pub mod table;
pub mod validate;

pub use columns::Column;
pub use plan::{FieldChange, ImportPlan, plan_import};
pub use problem::Problem;
pub use table::{Cell, SourceRow, Table};
pub use validate::{ParsedRoster, parse_roster};
