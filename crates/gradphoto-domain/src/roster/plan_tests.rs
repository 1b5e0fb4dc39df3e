//! Tests of `plan_import`: files read with `parse_roster` from tables built by hand, planned
//! against stored students. Tests with ID numbers rely on `IdNumber::parse`.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::*;
use crate::roster::{Cell, SourceRow, Table, parse_roster};
use crate::{CampaignId, ClassId, IdNumber, Sex};

const ID_A: &str = "36010220010915123X";
const ID_B: &str = "360102200109151248";
const ID_C: &str = "360102200001010013";

fn parsed(header: &[&str], data: &[&[&str]]) -> ParsedRoster {
    let text_row = |line: usize, cells: &[&str]| SourceRow {
        line,
        cells: cells
            .iter()
            .map(|s| {
                if s.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text((*s).to_owned())
                }
            })
            .collect(),
    };
    let mut rows = vec![text_row(1, header)];
    rows.extend(data.iter().enumerate().map(|(i, r)| text_row(i + 2, r)));
    let parsed = parse_roster(&Table { rows });
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);
    parsed
}

fn stored(id: i64, no: &str, name: &str, class: &str) -> Student {
    Student {
        id: StudentId(id),
        campaign_id: CampaignId(1),
        class_id: ClassId(1),
        record: StudentRecord::minimal(no, name, class),
    }
}

fn with(mut s: Student, f: impl FnOnce(&mut StudentRecord)) -> Student {
    f(&mut s.record);
    s
}

fn change(field: &'static str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field,
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

#[test]
fn creates_updates_and_unchanged() {
    let existing = vec![
        with(stored(1, "19011101", "张三", "190111"), |r| {
            r.sex = Some(Sex::Male);
            r.college = Some("信息工程学院".into());
        }),
        with(stored(2, "19011102", "李四", "190111"), |r| {
            r.sex = Some(Sex::Male);
            r.college = Some("信息工程学院".into());
            r.birth_date = NaiveDate::from_ymd_opt(2001, 1, 2);
        }),
        stored(3, "19011199", "不在文件中", "190111"),
    ];
    let file = parsed(
        &["学号", "姓名", "班级", "性别", "学院", "出生日期"],
        &[
            &["19011101", "张三", "190111", "男", "信息工程学院", ""],
            &[
                "19011102",
                "李思",
                "190111",
                "女",
                "信息工程学院",
                "2001-01-03",
            ],
            &["19011103", "王五", "190111", "男", "信息工程学院", ""],
        ],
    );
    let plan = plan_import(&file, &existing);
    assert!(plan.is_ok(), "{:#?}", plan.problems);
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.creates.len(), 1);
    assert_eq!(plan.creates[0].student_no.as_str(), "19011103");
    assert_eq!(plan.updates.len(), 1);
    let (id, record, changes) = &plan.updates[0];
    assert_eq!(*id, StudentId(2));
    assert_eq!(record.name, "李思");
    assert_eq!(
        changes,
        &vec![
            change("name", Some("李四"), Some("李思")),
            change("sex", Some("男"), Some("女")),
            change("birth_date", Some("2001-01-02"), Some("2001-01-03")),
        ]
    );
}

#[test]
fn absent_column_keeps_stored_value_and_empty_cell_clears_it() {
    let existing = vec![with(stored(1, "19011101", "张三", "190111"), |r| {
        r.college = Some("信息工程学院".into());
        r.major_name = Some("软件工程".into());
        r.level = Some("本科".into());
    })];
    // No 学院 column: the stored college stays. An empty 专业 cell clears the major.
    let file = parsed(
        &["学号", "姓名", "班级", "专业", "层次"],
        &[&["19011101", "张三", "190111", "", "本科"]],
    );
    let plan = plan_import(&file, &existing);
    assert_eq!(plan.updates.len(), 1);
    let (_, record, changes) = &plan.updates[0];
    assert_eq!(record.college.as_deref(), Some("信息工程学院"));
    assert_eq!(record.major_name, None);
    assert_eq!(record.level.as_deref(), Some("本科"));
    assert_eq!(changes, &vec![change("major_name", Some("软件工程"), None)]);

    // The same stored student with only the required columns in the file: nothing changes.
    let file = parsed(
        &["学号", "姓名", "班级"],
        &[&["19011101", "张三", "190111"]],
    );
    let plan = plan_import(&file, &existing);
    assert_eq!((plan.unchanged, plan.updates.len()), (1, 0));
}

#[test]
fn class_moved_to_another_college() {
    let existing = vec![
        with(stored(1, "19011101", "张三", "190111"), |r| {
            r.college = Some("信息工程学院".into());
        }),
        stored(2, "19011201", "赵六", "190112"),
    ];
    let file = parsed(
        &["学号", "姓名", "班级", "学院"],
        &[
            &["19011102", "李四", "190111", "材料学院"],
            &["19011103", "王五", "190111", "材料学院"],
            &["19011104", "钱七", "190111", ""],
            &["19011202", "孙八", "190112", "材料学院"],
        ],
    );
    let plan = plan_import(&file, &existing);
    assert_eq!(plan.problems.len(), 1, "{:#?}", plan.problems);
    let p = &plan.problems[0];
    assert_eq!((p.row, p.column.as_deref()), (Some(2), Some("学院")));
    assert_eq!(p.value.as_deref(), Some("材料学院"));
    assert!(p.message.zh.contains("信息工程学院"), "{p}");
}

// Needs IdNumber::parse.
#[test]
fn id_number_held_by_another_stored_student() {
    let existing = vec![
        with(stored(1, "19011101", "张三", "190111"), |r| {
            r.id_number = Some(IdNumber::parse(ID_A).unwrap());
        }),
        stored(2, "19011102", "李四", "190111"),
    ];
    let file = parsed(
        &["学号", "姓名", "班级", "证件号码"],
        &[&["19011102", "李四", "190111", ID_A]],
    );
    let plan = plan_import(&file, &existing);
    assert_eq!(plan.problems.len(), 1, "{:#?}", plan.problems);
    let p = &plan.problems[0];
    assert_eq!((p.row, p.column.as_deref()), (Some(2), Some("证件号码")));
    assert_eq!(p.value.as_deref(), Some(ID_A));
    assert!(p.message.zh.contains("19011101"), "{p}");
    assert!(!plan.is_ok());
}

// Needs IdNumber::parse.
#[test]
fn id_numbers_swapped_in_one_file() {
    let id = |s: &str| Some(IdNumber::parse(s).unwrap());
    let existing = vec![
        with(stored(1, "19011101", "张三", "190111"), |r| {
            r.id_number = id(ID_B)
        }),
        with(stored(2, "19011102", "李四", "190111"), |r| {
            r.id_number = id(ID_A)
        }),
        with(stored(3, "19011103", "王五", "190111"), |r| {
            r.id_number = id(ID_C)
        }),
    ];
    let file = parsed(
        &["学号", "姓名", "班级", "身份证号"],
        &[
            &["19011101", "张三", "190111", ID_A],
            &["19011102", "李四", "190111", ID_B],
        ],
    );
    let plan = plan_import(&file, &existing);
    assert!(plan.is_ok(), "{:#?}", plan.problems);
    assert_eq!(plan.updates.len(), 2);
    assert_eq!(
        plan.updates[0].2,
        vec![change("id_number", Some(ID_B), Some(ID_A))]
    );

    // A file that moves 王五's number to 张三 without listing 王五 is a conflict.
    let file = parsed(
        &["学号", "姓名", "班级", "身份证号"],
        &[&["19011101", "张三", "190111", ID_C]],
    );
    let plan = plan_import(&file, &existing);
    assert_eq!(plan.problems.len(), 1, "{:#?}", plan.problems);
    assert!(plan.problems[0].message.zh.contains("王五"));
}

// Needs IdNumber::parse.
#[test]
fn absent_id_column_keeps_stored_numbers_without_conflict() {
    let existing = vec![with(stored(1, "19011101", "张三", "190111"), |r| {
        r.id_number = Some(IdNumber::parse(ID_A).unwrap());
    })];
    let file = parsed(
        &["学号", "姓名", "班级"],
        &[&["19011101", "张三丰", "190111"]],
    );
    let plan = plan_import(&file, &existing);
    assert!(plan.is_ok(), "{:#?}", plan.problems);
    let (_, record, changes) = &plan.updates[0];
    assert_eq!(record.id_number.as_ref().map(IdNumber::as_str), Some(ID_A));
    assert_eq!(changes, &vec![change("name", Some("张三"), Some("张三丰"))]);
}
