//! What an import changes: new students, updated ones (by 学号) with each changed field, and
//! conflicts with students already stored. (Interface fixed; the implementation is being written.)

use serde::Serialize;

use super::Problem;
use crate::{Student, StudentId, StudentRecord};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Field name in snake_case, as in `StudentRecord`.
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPlan {
    pub creates: Vec<StudentRecord>,
    pub updates: Vec<(StudentId, StudentRecord, Vec<FieldChange>)>,
    pub unchanged: usize,
    /// Conflicts against stored students (an ID number held by another 学号, a class moved to
    /// another college). When not empty nothing may be written.
    pub problems: Vec<Problem>,
}

pub fn plan_import(records: &[(usize, StudentRecord)], existing: &[Student]) -> ImportPlan {
    let _ = (records, existing);
    ImportPlan::default()
}
