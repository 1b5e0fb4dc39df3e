//! Reading a roster table into validated student records, with every problem located.
//!
//! The header is found and its columns resolved once (`header`); then each data row is read
//! cell by cell into a draft, each field parsed into its domain type, and the rows checked
//! against each other (`consistency`). A row with any problem gives no record; the file is
//! importable only when there are no problems at all, so a person fixes the whole file once.

use chrono::{Datelike, NaiveDate};

use super::cells::{DateValue, display, read_date, read_text};
use super::columns::{ColumnKind, column_letter};
use super::consistency::{RowKeys, WithinFile};
use super::header::{Layout, find_header};
use super::values::{parse_exam_no, parse_major_code, parse_name, parse_school_code, parse_text};
use super::{Column, Problem, SourceRow, Table};
use crate::{ClassCode, IdNumber, Msg, Sex, StudentNo, StudentRecord};

/// The outcome of reading a table: records in file order with their row numbers, and every
/// problem found. When `problems` is not empty nothing may be written.
#[derive(Debug, Clone, Default)]
pub struct ParsedRoster {
    pub records: Vec<(usize, StudentRecord)>,
    pub problems: Vec<Problem>,
    /// The columns the file has, in file order. A column the file lacks leaves stored values
    /// alone on import; an empty cell in a column it has clears the stored value.
    pub columns: Vec<Column>,
    /// The headers as written in the file, parallel to `columns`.
    pub headers: Vec<String>,
    /// The row number of the header row, when one was found.
    pub header_line: Option<usize>,
}

impl ParsedRoster {
    pub fn has_column(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }

    /// The header the file names a column with, or the Chinese template header when the file
    /// lacks the column.
    pub fn header(&self, column: Column) -> &str {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.headers.get(i))
            .map_or(column.header_zh(), String::as_str)
    }

    /// Whether the file may be imported as it is.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

pub fn parse_roster(table: &Table) -> ParsedRoster {
    let mut out = ParsedRoster::default();
    let (layout, mut problems) = match find_header(table) {
        Ok(found) => found,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    out.header_line = Some(layout.line);
    out.columns = layout.fields.iter().map(|f| f.column).collect();
    out.headers = layout.fields.iter().map(|f| f.header.clone()).collect();
    if !Column::REQUIRED.iter().all(|c| layout.has(*c)) {
        // Without 学号, 姓名 or 班级 no row can become a record; row problems would only bury
        // the one that matters.
        out.problems = problems;
        return out;
    }

    let mut within = WithinFile::default();
    let mut headless_reported = vec![false; layout.blank_header.len()];
    for row in &table.rows[layout.row_index + 1..] {
        if row.is_blank() {
            continue;
        }
        let before = problems.len();
        check_headless(&layout, row, &mut headless_reported, &mut problems);
        let draft = read_row(&layout, row, &mut problems);
        within.check(&layout, draft.keys(row.line), &mut problems);
        if problems.len() == before
            && let Some(record) = draft.into_record()
        {
            out.records.push((row.line, record));
        }
    }
    out.problems = problems;
    out
}

/// Reports data under a blank header (or right of the header row), once per column.
fn check_headless(
    layout: &Layout,
    row: &SourceRow,
    reported: &mut Vec<bool>,
    problems: &mut Vec<Problem>,
) {
    for (index, cell) in row.cells.iter().enumerate() {
        if !layout.is_headless(index) || cell.is_blank() {
            continue;
        }
        if reported.len() <= index {
            reported.resize(index + 1, false);
        }
        if reported[index] {
            continue;
        }
        reported[index] = true;
        let letter = column_letter(index);
        problems.push(Problem {
            row: Some(row.line),
            column: None,
            value: Some(display(cell)),
            message: Msg::new(
                format!("第 {letter} 列有数据但没有列名，请在表头行填写列名，或删除该列"),
                format!(
                    "column {letter} holds data but has no header; name it in the header row or delete it"
                ),
            ),
        });
    }
}

/// One row's fields as parsed so far; a field is `None` when blank or invalid.
#[derive(Debug, Default)]
struct Draft {
    student_no: Option<StudentNo>,
    name: Option<String>,
    class_code: Option<ClassCode>,
    sex: Option<Sex>,
    ethnicity: Option<String>,
    birth_date: Option<DateValue>,
    id_number: Option<IdNumber>,
    exam_no: Option<String>,
    college: Option<String>,
    major_code: Option<String>,
    major_name: Option<String>,
    level: Option<String>,
    duration: Option<String>,
    study_mode: Option<String>,
    enrolment_date: Option<NaiveDate>,
    graduation_date: Option<NaiveDate>,
    school_code: Option<String>,
}

impl Draft {
    fn keys(&self, line: usize) -> RowKeys<'_> {
        RowKeys {
            line,
            student_no: self.student_no.as_ref(),
            id_number: self.id_number.as_ref(),
            class_code: self.class_code.as_ref(),
            class_fields: [
                self.college.as_deref(),
                self.major_code.as_deref(),
                self.major_name.as_deref(),
            ],
        }
    }

    fn into_record(self) -> Option<StudentRecord> {
        Some(StudentRecord {
            student_no: self.student_no?,
            name: self.name?,
            class_code: self.class_code?,
            sex: self.sex,
            ethnicity: self.ethnicity,
            birth_date: self.birth_date.map(|d| d.date),
            id_number: self.id_number,
            exam_no: self.exam_no,
            college: self.college,
            major_code: self.major_code,
            major_name: self.major_name,
            level: self.level,
            duration: self.duration,
            study_mode: self.study_mode,
            enrolment_date: self.enrolment_date,
            graduation_date: self.graduation_date,
            school_code: self.school_code,
        })
    }

    /// Parses a non-blank text value into the column's field.
    fn set_text(&mut self, column: Column, text: &str) -> Result<(), Msg> {
        let free = |t: &str| parse_text(t, column.header_zh(), column.label_en()).map(Some);
        match column {
            Column::StudentNo => self.student_no = Some(StudentNo::parse(text)?),
            Column::Name => self.name = Some(parse_name(text)?),
            Column::ClassCode => self.class_code = Some(ClassCode::parse(text)?),
            Column::Sex => self.sex = Some(Sex::parse(text)?),
            Column::IdNumber => {
                self.id_number = Some(IdNumber::parse(text).map_err(|e| e.msg())?);
            }
            Column::ExamNo => self.exam_no = Some(parse_exam_no(text)?),
            Column::MajorCode => self.major_code = Some(parse_major_code(text)?),
            Column::SchoolCode => self.school_code = Some(parse_school_code(text)?),
            Column::Ethnicity => self.ethnicity = free(text)?,
            Column::College => self.college = free(text)?,
            Column::MajorName => self.major_name = free(text)?,
            Column::Level => self.level = free(text)?,
            Column::Duration => self.duration = free(text)?,
            Column::StudyMode => self.study_mode = free(text)?,
            Column::BirthDate | Column::EnrolmentDate | Column::GraduationDate => {
                return Err(Msg::new(
                    "日期列不能按文本读取",
                    "a date column cannot be read as text",
                ));
            }
        }
        Ok(())
    }

    fn set_date(&mut self, column: Column, date: DateValue) {
        match column {
            Column::BirthDate => self.birth_date = Some(date),
            Column::EnrolmentDate => self.enrolment_date = Some(date.date),
            Column::GraduationDate => self.graduation_date = Some(date.date),
            _ => {}
        }
    }
}

fn read_row(layout: &Layout, row: &SourceRow, problems: &mut Vec<Problem>) -> Draft {
    let mut draft = Draft::default();
    for field in &layout.fields {
        let cell = row.cell(field.index);
        let column = field.column;
        let result = match column.kind() {
            ColumnKind::Date => read_date(cell).map(|d| {
                if let Some(d) = d {
                    draft.set_date(column, d);
                }
            }),
            kind => read_text(cell, kind).and_then(|text| match text {
                Some(text) => draft.set_text(column, &text),
                None if column.is_required() => Err(missing(column)),
                None => Ok(()),
            }),
        };
        if let Err(message) = result {
            let value = display(cell);
            let value = (!value.is_empty()).then_some(value.as_str());
            problems.push(Problem::at(row.line, &field.header, value, message));
        }
    }
    if let (Some(id), Some(field)) = (&draft.id_number, layout.field(Column::IdNumber)) {
        for message in check_id_against_row(id, &mut draft.birth_date, draft.sex) {
            problems.push(Problem::at(
                row.line,
                &field.header,
                Some(id.as_str()),
                message,
            ));
        }
    }
    draft
}

fn missing(column: Column) -> Msg {
    Msg::new(
        format!("{}为空，此项必填", column.header_zh()),
        format!("{} is empty; it is required", column.label_en()),
    )
}

/// The ID number against the row's own 出生日期 and 性别. A birth month (出生年月 `2001-09`)
/// is compared by month and, when it agrees, completed with the day the ID number gives.
fn check_id_against_row(
    id: &IdNumber,
    birth: &mut Option<DateValue>,
    sex: Option<Sex>,
) -> Vec<Msg> {
    let full_birth = birth.filter(|b| !b.month_only).map(|b| b.date);
    let mut messages = id.mismatch_with(full_birth, sex);
    if let Some(month) = birth.filter(|b| b.month_only)
        && let Some(id_birth) = id.birth_date()
    {
        let m = month.date;
        if (m.year(), m.month()) == (id_birth.year(), id_birth.month()) {
            *birth = Some(DateValue {
                date: id_birth,
                month_only: false,
            });
        } else {
            messages.push(Msg::new(
                format!(
                    "身份证号中的出生日期为 {}，与出生年月 {} 不一致，请核对",
                    id_birth.format("%Y-%m-%d"),
                    m.format("%Y-%m")
                ),
                format!(
                    "the ID number gives birth date {}, which disagrees with birth month {}; check both",
                    id_birth.format("%Y-%m-%d"),
                    m.format("%Y-%m")
                ),
            ));
        }
    }
    messages
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
