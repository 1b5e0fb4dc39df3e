//! What an import changes: new students, updated ones (by 学号) with each changed field, and
//! conflicts with students already stored.
//!
//! A column the file lacks leaves the stored values alone; an empty cell in a column the file
//! has clears the stored value. So an update carries the merged record: the file's values for
//! its columns, the stored values for the rest. Uniqueness of ID numbers is checked on the
//! state after the import, so two students whose numbers were swapped by mistake can be
//! corrected in one file.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::fields::{copy_field, field_text};
use super::{Column, ParsedRoster, Problem};
use crate::{ClassCode, IdNumber, Msg, Student, StudentId, StudentNo, StudentRecord};

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
    /// Stored students whose record changes: the merged record and each changed field.
    pub updates: Vec<(StudentId, StudentRecord, Vec<FieldChange>)>,
    pub unchanged: usize,
    /// Conflicts against stored students (an ID number held by another 学号, a class moved to
    /// another college). When not empty nothing may be written.
    pub problems: Vec<Problem>,
}

impl ImportPlan {
    /// Whether the plan may be carried out.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Plans importing the parsed file's records over the stored students of the campaign,
/// matching them by 学号.
pub fn plan_import(parsed: &ParsedRoster, existing: &[Student]) -> ImportPlan {
    let by_no: HashMap<&StudentNo, &Student> =
        existing.iter().map(|s| (&s.record.student_no, s)).collect();
    let absent: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| !parsed.has_column(*c))
        .collect();
    let keeps_ids = !parsed.has_column(Column::IdNumber);

    let mut plan = ImportPlan::default();
    // Each listed student's ID number after the import, for the uniqueness check.
    let mut finals: Vec<Final<'_>> = Vec::with_capacity(parsed.records.len());
    for (line, record) in &parsed.records {
        let Some(stored) = by_no.get(&record.student_no) else {
            plan.creates.push(record.clone());
            finals.push((*line, &record.student_no, record.id_number.as_ref()));
            continue;
        };
        let id_after = if keeps_ids {
            stored.record.id_number.as_ref()
        } else {
            record.id_number.as_ref()
        };
        finals.push((*line, &record.student_no, id_after));
        let mut merged = record.clone();
        for column in &absent {
            copy_field(&mut merged, &stored.record, *column);
        }
        let changes = if merged == stored.record {
            Vec::new()
        } else {
            changes(&stored.record, &merged)
        };
        if changes.is_empty() {
            plan.unchanged += 1;
        } else {
            plan.updates.push((stored.id, merged, changes));
        }
    }

    check_id_numbers(parsed, existing, &finals, &mut plan.problems);
    check_class_colleges(parsed, existing, &mut plan.problems);
    plan
}

/// A listed student after the import: row, 学号, ID number.
type Final<'a> = (usize, &'a StudentNo, Option<&'a IdNumber>);

/// Every field that differs, in the order of the roster template.
fn changes(before: &StudentRecord, after: &StudentRecord) -> Vec<FieldChange> {
    Column::ALL
        .into_iter()
        .filter_map(|column| {
            let (b, a) = (field_text(before, column), field_text(after, column));
            (b != a).then_some(FieldChange {
                field: column.field_name(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// An ID number may belong to one student after the import: students the file does not list
/// keep theirs, students it lists take the file's.
fn check_id_numbers(
    parsed: &ParsedRoster,
    existing: &[Student],
    finals: &[Final<'_>],
    problems: &mut Vec<Problem>,
) {
    let in_file: HashSet<&StudentNo> = finals.iter().map(|(_, no, _)| *no).collect();
    let kept: HashMap<&str, &Student> = existing
        .iter()
        .filter(|s| !in_file.contains(&s.record.student_no))
        .filter_map(|s| s.record.id_number.as_ref().map(|id| (id.as_str(), s)))
        .collect();
    let mut claimed: HashMap<&str, usize> = HashMap::with_capacity(finals.len());
    let header = parsed.header(Column::IdNumber);
    for (line, _, id) in finals {
        let Some(id) = id.map(IdNumber::as_str) else {
            continue;
        };
        let message = if let Some(other) = kept.get(id) {
            let (no, name) = (other.record.student_no.as_str(), other.record.name.as_str());
            Msg::new(
                format!(
                    "身份证号已属于已导入的学生 {name}（学号 {no}），同一证件号不能属于两名学生。请核对本行；若已导入的记录有误，请在本文件中一并列出该学生并改正"
                ),
                format!(
                    "the ID number already belongs to stored student {name} (student number {no}); one ID number cannot belong to two students. Check this row; if the stored record is wrong, list that student in this file too, corrected"
                ),
            )
        } else if let Some(earlier) = claimed.get(id) {
            Msg::new(
                format!("身份证号与第 {earlier} 行重复，同一证件号不能属于两名学生，请核对"),
                format!(
                    "the ID number repeats row {earlier}; one ID number cannot belong to two students: check both rows"
                ),
            )
        } else {
            claimed.insert(id, *line);
            continue;
        };
        problems.push(Problem::at(*line, header, Some(id), message));
    }
}

/// A class belongs to one college: the file may not put a stored class under another one.
fn check_class_colleges(parsed: &ParsedRoster, existing: &[Student], problems: &mut Vec<Problem>) {
    if !parsed.has_column(Column::College) {
        return;
    }
    let mut stored: HashMap<&ClassCode, &str> = HashMap::new();
    for s in existing {
        if let Some(college) = &s.record.college {
            stored.entry(&s.record.class_code).or_insert(college);
        }
    }
    let mut reported: HashSet<&ClassCode> = HashSet::new();
    let header = parsed.header(Column::College);
    for (line, record) in &parsed.records {
        let Some(college) = record.college.as_deref() else {
            continue;
        };
        let class = &record.class_code;
        let Some(&before) = stored.get(class) else {
            continue;
        };
        if before == college || !reported.insert(class) {
            continue;
        }
        problems.push(Problem::at(
            *line,
            header,
            Some(college),
            Msg::new(
                format!(
                    "班级 {class} 在已导入的名单中属于“{before}”，本文件中却是“{college}”。同一班级只能属于一个学院，请核对学院名称；如班级确已调整学院，请联系管理员"
                ),
                format!(
                    "class {class} belongs to college \"{before}\" in the stored roster but to \"{college}\" in this file; a class belongs to one college. Check the college name; if the class really moved, ask an administrator"
                ),
            ),
        ));
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
