//! Checks across the rows of one file: a 学号 or ID number listed twice, and a class listed
//! under two colleges or two majors.
//!
//! Each check is one hash-map look-up per row, so a 50,000-row file costs no more than reading
//! it. A duplicate is reported on the later row and names the earlier one, because the later
//! row is usually the copy-paste slip; a class conflict is reported once per class and field.

use std::collections::HashMap;

use super::Column;
use super::Problem;
use super::header::Layout;
use crate::{ClassCode, IdNumber, Msg, StudentNo};

/// The fields a class must agree on in every row.
const CLASS_FIELDS: [Column; 3] = [Column::College, Column::MajorCode, Column::MajorName];

/// The values of one row the checks look at.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowKeys<'a> {
    pub line: usize,
    pub student_no: Option<&'a StudentNo>,
    pub id_number: Option<&'a IdNumber>,
    pub class_code: Option<&'a ClassCode>,
    /// 学院, 专业代码, 专业名称, in the order of `CLASS_FIELDS`.
    pub class_fields: [Option<&'a str>; 3],
}

#[derive(Debug, Default)]
struct ClassSeen {
    /// The first value of each class field, with its row.
    first: [Option<(String, usize)>; 3],
    reported: [bool; 3],
}

/// What the rows read so far have claimed.
#[derive(Debug, Default)]
pub struct WithinFile {
    student_nos: HashMap<StudentNo, usize>,
    id_numbers: HashMap<IdNumber, usize>,
    classes: HashMap<ClassCode, ClassSeen>,
}

impl WithinFile {
    /// Records one row's keys and reports what clashes with an earlier row.
    pub fn check(&mut self, layout: &Layout, row: RowKeys<'_>, problems: &mut Vec<Problem>) {
        let header = |c: Column| {
            layout
                .field(c)
                .map_or_else(|| c.header_zh().to_owned(), |f| f.header.clone())
        };
        if let Some(no) = row.student_no {
            if let Some(&earlier) = self.student_nos.get(no) {
                problems.push(Problem::at(
                    row.line,
                    &header(Column::StudentNo),
                    Some(no.as_str()),
                    Msg::new(
                        format!("学号与第 {earlier} 行重复，每个学号只能出现一次，请删除重复的行或改正学号"),
                        format!(
                            "the student number repeats row {earlier}; each may appear once: delete the repeated row or correct the number"
                        ),
                    ),
                ));
            } else {
                self.student_nos.insert(no.clone(), row.line);
            }
        }
        if let Some(id) = row.id_number {
            if let Some(&earlier) = self.id_numbers.get(id) {
                problems.push(Problem::at(
                    row.line,
                    &header(Column::IdNumber),
                    Some(id.as_str()),
                    Msg::new(
                        format!("身份证号与第 {earlier} 行重复，同一证件号不能属于两名学生，请核对"),
                        format!(
                            "the ID number repeats row {earlier}; one ID number cannot belong to two students: check both rows"
                        ),
                    ),
                ));
            } else {
                self.id_numbers.insert(id.clone(), row.line);
            }
        }
        let Some(class) = row.class_code else {
            return;
        };
        let seen = match self.classes.get_mut(class) {
            Some(seen) => seen,
            None => self.classes.entry(class.clone()).or_default(),
        };
        for (i, column) in CLASS_FIELDS.into_iter().enumerate() {
            let Some(value) = row.class_fields[i] else {
                continue;
            };
            match &seen.first[i] {
                None => seen.first[i] = Some((value.to_owned(), row.line)),
                Some((first, earlier)) if first != value && !seen.reported[i] => {
                    seen.reported[i] = true;
                    let (zh, en) = (column.header_zh(), column.label_en());
                    problems.push(Problem::at(
                        row.line,
                        &header(column),
                        Some(value),
                        Msg::new(
                            format!(
                                "班级 {class} 在第 {earlier} 行的{zh}为“{first}”，这里却是“{value}”；同一班级只能有一个{zh}，请统一"
                            ),
                            format!(
                                "class {class} has {en} \"{first}\" in row {earlier} but \"{value}\" here; a class has one {en}: make them agree"
                            ),
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::roster::header::Field;

    fn layout() -> Layout {
        let fields = [
            (Column::StudentNo, "学号"),
            (Column::ClassCode, "班级"),
            (Column::College, "学院"),
            (Column::MajorName, "专业"),
        ]
        .into_iter()
        .enumerate()
        .map(|(index, (column, header))| Field {
            column,
            index,
            header: header.to_owned(),
        })
        .collect();
        Layout {
            line: 1,
            row_index: 0,
            fields,
            blank_header: vec![false; 4],
        }
    }

    #[test]
    fn repeated_student_number_names_the_first_row() {
        let (layout, mut checks, mut problems) = (layout(), WithinFile::default(), vec![]);
        let no = StudentNo::parse("19011101").unwrap();
        for line in [2, 5, 9] {
            let keys = RowKeys {
                line,
                student_no: Some(&no),
                ..RowKeys::default()
            };
            checks.check(&layout, keys, &mut problems);
        }
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].row, Some(5));
        assert_eq!(problems[1].row, Some(9));
        assert!(
            problems[1].message.zh.contains("第 2 行"),
            "{}",
            problems[1]
        );
        assert_eq!(problems[0].column.as_deref(), Some("学号"));
    }

    #[test]
    fn class_under_two_colleges_is_reported_once() {
        let (layout, mut checks, mut problems) = (layout(), WithinFile::default(), vec![]);
        let class = ClassCode::parse("190111").unwrap();
        for (line, college, major) in [
            (2, Some("信息工程学院"), Some("软件工程")),
            (3, None, Some("软件工程")),
            (4, Some("材料学院"), Some("软件工程")),
            (5, Some("航空制造学院"), Some("软件工程")),
        ] {
            let keys = RowKeys {
                line,
                class_code: Some(&class),
                class_fields: [college, None, major],
                ..RowKeys::default()
            };
            checks.check(&layout, keys, &mut problems);
        }
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!((p.row, p.column.as_deref()), (Some(4), Some("学院")));
        assert!(p.message.zh.contains("信息工程学院"), "{p}");
        assert!(p.message.zh.contains("材料学院"), "{p}");
        assert!(p.message.zh.contains("第 2 行"), "{p}");
    }

    #[test]
    fn class_under_two_majors() {
        let (layout, mut checks, mut problems) = (layout(), WithinFile::default(), vec![]);
        let class = ClassCode::parse("190111").unwrap();
        for (line, major) in [(2, "软件工程"), (3, "网络工程")] {
            let keys = RowKeys {
                line,
                class_code: Some(&class),
                class_fields: [None, None, Some(major)],
                ..RowKeys::default()
            };
            checks.check(&layout, keys, &mut problems);
        }
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].column.as_deref(), Some("专业"));
        assert!(problems[0].message.en.contains("\"软件工程\" in row 2"));
    }
}
