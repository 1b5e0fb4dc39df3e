//! Tests of `parse_roster` on tables built by hand. (Tests on real files live with the sheet
//! reader.) Tests that need a valid ID number rely on `IdNumber::parse`.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::*;
use crate::roster::Cell;

/// Valid GB 11643 numbers: a man born 2001-09-15, a woman born 2001-09-15, a man born
/// 2000-01-01, and the standard's own example (a woman born 1949-12-31).
const ID_M: &str = "36010220010915123X";
const ID_F: &str = "360102200109151248";
const ID_M2: &str = "360102200001010013";
const ID_STD: &str = "11010519491231002X";

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn row(line: usize, cells: Vec<Cell>) -> SourceRow {
    SourceRow { line, cells }
}

fn text_row(line: usize, cells: &[&str]) -> SourceRow {
    row(line, cells.iter().map(|s| t(s)).collect())
}

fn table(rows: Vec<SourceRow>) -> Table {
    Table { rows }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A file with a header in row 1 and one data row per item, rows numbered from 2.
fn file(header: &[&str], data: &[&[&str]]) -> ParsedRoster {
    let mut rows = vec![text_row(1, header)];
    rows.extend(data.iter().enumerate().map(|(i, r)| text_row(i + 2, r)));
    parse_roster(&table(rows))
}

fn only_problem(parsed: &ParsedRoster) -> &Problem {
    assert_eq!(parsed.problems.len(), 1, "{:#?}", parsed.problems);
    &parsed.problems[0]
}

#[test]
fn header_after_title_and_blank_rows() {
    let parsed = parse_roster(&table(vec![
        text_row(1, &["南昌航空大学2023届毕业生名单"]),
        text_row(2, &[]),
        text_row(3, &["", "", ""]),
        text_row(4, &["学号", "姓名", "班级", "性别", "学院"]),
        text_row(5, &["19011101", "张  三", "190111", "男", "信息工程学院"]),
        text_row(6, &["", "", ""]),
        text_row(8, &["19011102", "李四", "190111", "女", "信息工程学院"]),
    ]));
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);
    assert_eq!(parsed.header_line, Some(4));
    assert_eq!(
        parsed.columns,
        vec![
            Column::StudentNo,
            Column::Name,
            Column::ClassCode,
            Column::Sex,
            Column::College
        ]
    );
    let lines: Vec<usize> = parsed.records.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![5, 8]);
    let first = &parsed.records[0].1;
    assert_eq!(first.student_no.as_str(), "19011101");
    assert_eq!(first.name, "张三");
    assert_eq!(first.class_code.as_str(), "190111");
    assert_eq!(first.sex, Some(Sex::Male));
    assert_eq!(first.college.as_deref(), Some("信息工程学院"));
    assert_eq!(first.major_name, None);
}

#[test]
fn english_headers_and_numeric_cells() {
    let parsed = parse_roster(&table(vec![
        text_row(
            1,
            &[
                "Student ID",
                "Name",
                "Class Code",
                "Gender",
                "Date of Birth",
                "school_code",
            ],
        ),
        row(
            2,
            vec![
                Cell::Int(19011101),
                t("Wang Wu"),
                Cell::Float(190111.0),
                t("M"),
                Cell::Date(ymd(2001, 9, 15)),
                Cell::Int(10406),
            ],
        ),
    ]));
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);
    assert_eq!(parsed.header(Column::StudentNo), "Student ID");
    assert_eq!(parsed.header(Column::IdNumber), "身份证号");
    let r = &parsed.records[0].1;
    assert_eq!(r.student_no.as_str(), "19011101");
    assert_eq!(r.class_code.as_str(), "190111");
    assert_eq!(r.birth_date, Some(ymd(2001, 9, 15)));
    assert_eq!(r.school_code.as_deref(), Some("10406"));
}

#[test]
fn no_header_row() {
    let parsed = file(&["名单"], &[&["19011101", "张三", "190111"]]);
    let p = only_problem(&parsed);
    assert!(p.message.zh.contains("未找到表头行"), "{p}");
    assert!(parsed.records.is_empty());
}

#[test]
fn missing_required_column_stops_reading_rows() {
    let parsed = file(&["学号", "姓名", "性别"], &[&["19011101", "张三", "x"]]);
    let p = only_problem(&parsed);
    assert_eq!(p.column.as_deref(), Some("班级"));
    assert!(parsed.records.is_empty());
}

#[test]
fn unknown_column_fails_the_file() {
    let parsed = file(
        &["学号", "姓名", "班级", "手机号"],
        &[&["19011101", "张三", "190111", "13800000000"]],
    );
    let p = only_problem(&parsed);
    assert_eq!((p.row, p.column.as_deref()), (Some(1), Some("手机号")));
    assert!(p.message.zh.contains("第 D 列"), "{p}");
    assert!(!parsed.is_ok());
}

#[test]
fn empty_header_over_empty_column_is_ignored_but_not_over_data() {
    let parsed = file(
        &["学号", "姓名", "", "班级"],
        &[&["19011101", "张三", "", "190111"]],
    );
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);

    let parsed = file(
        &["学号", "姓名", "", "班级"],
        &[
            &["19011101", "张三", "", "190111"],
            &["19011102", "李四", "备注", "190111", "多出的"],
            &["19011103", "王五", "备注", "190111"],
        ],
    );
    assert_eq!(parsed.problems.len(), 2, "{:#?}", parsed.problems);
    assert!(parsed.problems.iter().all(|p| p.row == Some(3)));
    assert!(parsed.problems[0].message.zh.contains("第 C 列"));
    assert!(parsed.problems[1].message.zh.contains("第 E 列"));
}

#[test]
fn row_problems_are_located() {
    let header = [
        "学号",
        "姓名",
        "班级",
        "性别",
        "民族",
        "考生号",
        "专业代码",
        "院校代码",
        "学院",
        "入学日期",
    ];
    let ok = [
        "19011101",
        "张三",
        "190111",
        "男",
        "汉族",
        "19360102150001",
        "080202",
        "10406",
        "信息工程学院",
        "2019-09-01",
    ];
    let cases: [(usize, &str, &str); 11] = [
        (0, "学号", "1901-1101"),
        (0, "学号", ""),
        (1, "姓名", ""),
        (2, "班级", "19级1班"),
        (2, "班级", ""),
        (3, "性别", "未知"),
        (5, "考生号", "1936010215000112345"),
        (6, "专业代码", "8020"),
        (7, "院校代码", "104060"),
        (8, "学院", &"院".repeat(101)),
        (9, "入学日期", "2019年秋"),
    ];
    for (index, column, bad) in cases {
        let mut data = ok;
        data[0] = "19011102";
        data[index] = bad;
        let parsed = file(&header, &[&ok, &data]);
        let p = only_problem(&parsed);
        assert_eq!(p.row, Some(3), "{column}: {p}");
        assert_eq!(p.column.as_deref(), Some(column), "{p}");
        assert_eq!(p.value.as_deref(), (!bad.is_empty()).then_some(bad), "{p}");
        assert!(!p.message.zh.is_empty() && !p.message.en.is_empty());
        assert_eq!(
            parsed.records.len(),
            1,
            "{column}: the bad row gives no record"
        );
        assert_eq!(parsed.records[0].0, 2);
    }
}

#[test]
fn missing_required_value_says_so() {
    let parsed = file(&["学号", "姓名", "班级"], &[&["19011101", "张三", " "]]);
    let p = only_problem(&parsed);
    assert_eq!(p.message.zh, "班级为空，此项必填");
    assert_eq!(p.value, None);
}

#[test]
fn float_id_number_lost_digits() {
    let parsed = parse_roster(&table(vec![
        text_row(1, &["学号", "姓名", "班级", "身份证号"]),
        row(
            2,
            vec![
                t("19011101"),
                t("张三"),
                t("190111"),
                Cell::Float(3.60102e17),
            ],
        ),
    ]));
    let p = only_problem(&parsed);
    assert_eq!(p.column.as_deref(), Some("身份证号"));
    assert_eq!(p.value.as_deref(), Some("3.60102E+17"));
    assert!(p.message.zh.contains("文本"), "{p}");
}

#[test]
fn float_student_number_lost_digits() {
    let parsed = parse_roster(&table(vec![
        text_row(1, &["学号", "姓名", "班级"]),
        row(
            2,
            vec![Cell::Float(1.2345678901234568e16), t("张三"), t("190111")],
        ),
    ]));
    let p = only_problem(&parsed);
    assert_eq!(p.column.as_deref(), Some("学号"));
    assert!(p.message.en.contains("digits were lost"), "{p}");
}

#[test]
fn date_formats() {
    let header = [
        "学号",
        "姓名",
        "班级",
        "出生日期",
        "入学日期",
        "预计毕业日期",
    ];
    let dt = ymd(2023, 6, 30).and_hms_opt(0, 0, 0).unwrap();
    let parsed = parse_roster(&table(vec![
        text_row(1, &header),
        row(
            2,
            vec![
                t("1"),
                t("甲"),
                t("190111"),
                t("2001/9/15"),
                t("2019年9月1日"),
                Cell::DateTime(dt),
            ],
        ),
        row(
            3,
            vec![
                t("2"),
                t("乙"),
                t("190111"),
                Cell::Int(20010915),
                t("2019.9.1"),
                t("2023-06-30"),
            ],
        ),
        row(
            4,
            vec![
                t("3"),
                t("丙"),
                t("190111"),
                t("2001-09"),
                t("201909"),
                t(""),
            ],
        ),
    ]));
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);
    let r = |i: usize| &parsed.records[i].1;
    assert_eq!(r(0).birth_date, Some(ymd(2001, 9, 15)));
    assert_eq!(r(0).enrolment_date, Some(ymd(2019, 9, 1)));
    assert_eq!(r(0).graduation_date, Some(ymd(2023, 6, 30)));
    assert_eq!(r(1).birth_date, Some(ymd(2001, 9, 15)));
    assert_eq!(r(1).enrolment_date, Some(ymd(2019, 9, 1)));
    assert_eq!(r(2).birth_date, Some(ymd(2001, 9, 1)));
    assert_eq!(r(2).enrolment_date, Some(ymd(2019, 9, 1)));
    assert_eq!(r(2).graduation_date, None);
}

#[test]
fn bad_id_number_uses_its_message() {
    let parsed = file(
        &["学号", "姓名", "班级", "身份证号"],
        &[&["19011101", "张三", "190111", "360102200109151230"]],
    );
    let p = only_problem(&parsed);
    assert_eq!(p.column.as_deref(), Some("身份证号"));
    assert_eq!(p.value.as_deref(), Some("360102200109151230"));
    let expected = IdNumber::parse("360102200109151230").unwrap_err().msg();
    assert_eq!(p.message, expected);
}

// Needs IdNumber::parse.
#[test]
fn valid_id_numbers_are_kept() {
    let parsed = file(
        &["学号", "姓名", "班级", "身份证号"],
        &[
            &["1", "甲", "190111", ID_STD],
            &["2", "乙", "190111", "440524188001010014"],
            &["3", "丙", "190111", &ID_M.to_lowercase()],
        ],
    );
    assert!(parsed.is_ok(), "{:#?}", parsed.problems);
    let ids: Vec<&str> = parsed
        .records
        .iter()
        .filter_map(|(_, r)| r.id_number.as_ref().map(IdNumber::as_str))
        .collect();
    assert_eq!(ids, vec![ID_STD, "440524188001010014", ID_M]);
}

// Needs IdNumber::parse.
#[test]
fn id_number_against_birth_date_and_sex() {
    let header = ["学号", "姓名", "班级", "性别", "出生日期", "身份证号"];
    let parsed = file(
        &header,
        &[
            &["1", "甲", "190111", "男", "2001-09-15", ID_M],
            &["2", "乙", "190111", "男", "2001-09-15", ID_F],
            &["3", "丙", "190111", "男", "2001-09-16", ID_M2],
        ],
    );
    let rows: Vec<Option<usize>> = parsed.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, vec![Some(3), Some(4)], "{:#?}", parsed.problems);
    assert!(
        parsed
            .problems
            .iter()
            .all(|p| p.column.as_deref() == Some("身份证号"))
    );
    assert!(
        parsed.problems[0].message.zh.contains("性别"),
        "{}",
        parsed.problems[0]
    );
    assert!(
        parsed.problems[1].message.zh.contains("出生日期"),
        "{}",
        parsed.problems[1]
    );
    assert_eq!(parsed.records.len(), 1);
}

// Needs IdNumber::parse.
#[test]
fn birth_month_takes_the_day_from_the_id_number() {
    let parsed = file(
        &["学号", "姓名", "班级", "出生年月", "身份证号"],
        &[
            &["1", "甲", "190111", "2001-09", ID_M],
            &["2", "乙", "190111", "2001-10", ID_F],
        ],
    );
    assert_eq!(parsed.records.len(), 1, "{:#?}", parsed.problems);
    assert_eq!(parsed.records[0].1.birth_date, Some(ymd(2001, 9, 15)));
    let p = only_problem(&parsed);
    assert_eq!(p.row, Some(3));
    assert!(p.message.zh.contains("出生年月 2001-10"), "{p}");
}

#[test]
fn duplicate_student_number() {
    let parsed = file(
        &["学号", "姓名", "班级"],
        &[
            &["19011101", "张三", "190111"],
            &["19011102", "李四", "190111"],
            &["１９０１１１０１", "王五", "190111"],
        ],
    );
    let p = only_problem(&parsed);
    assert_eq!((p.row, p.column.as_deref()), (Some(4), Some("学号")));
    assert!(p.message.zh.contains("第 2 行"), "{p}");
    assert_eq!(parsed.records.len(), 2);
}

// Needs IdNumber::parse.
#[test]
fn duplicate_id_number() {
    let parsed = file(
        &["学号", "姓名", "班级", "身份证号"],
        &[
            &["19011101", "张三", "190111", ID_M],
            &["19011102", "李四", "190111", ID_F],
            &["19011103", "王五", "190111", &ID_M.to_lowercase()],
        ],
    );
    let p = only_problem(&parsed);
    assert_eq!((p.row, p.column.as_deref()), (Some(4), Some("身份证号")));
    assert!(p.message.zh.contains("第 2 行"), "{p}");
}

#[test]
fn class_under_two_colleges() {
    let parsed = file(
        &["学号", "姓名", "班级", "学院"],
        &[
            &["1", "甲", "190111", "信息工程学院"],
            &["2", "乙", "190111", "材料科学与工程学院"],
            &["3", "丙", "190111", "材料科学与工程学院"],
            &["4", "丁", "190112", "材料科学与工程学院"],
        ],
    );
    let p = only_problem(&parsed);
    assert_eq!((p.row, p.column.as_deref()), (Some(3), Some("学院")));
    assert!(p.message.zh.contains("信息工程学院"), "{p}");
    assert!(p.message.zh.contains("材料科学与工程学院"), "{p}");
}

#[test]
fn many_rows() {
    // A sanity check that reading is linear, not a timing test.
    let mut rows = vec![text_row(1, &["学号", "姓名", "班级", "学院"])];
    for i in 0..20_000 {
        rows.push(row(
            i + 2,
            vec![
                Cell::Int(19_000_000 + i as i64),
                t("张三"),
                Cell::Int(190_000 + (i / 30) as i64),
                t("信息工程学院"),
            ],
        ));
    }
    let parsed = parse_roster(&table(rows));
    assert!(parsed.is_ok());
    assert_eq!(parsed.records.len(), 20_000);
}
