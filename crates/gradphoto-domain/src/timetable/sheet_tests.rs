use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::roster::SourceRow;

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

fn table(rows: &[&[&str]]) -> Table {
    Table {
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, cells)| SourceRow {
                line: i + 1,
                cells: cells.iter().map(|c| text(c)).collect(),
            })
            .collect(),
    }
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

#[test]
fn rows_per_slot_or_per_class() {
    let draft = parse_sheet(&table(&[
        &["2023届拍摄时间安排"],
        &["日期", "开始", "结束", "班级"],
        &["2022-10-20", "9:00", "10:00", "190111、190112"],
        &["", "9:00", "10:00", "190121"],
        &["2022.10.20下午", "13:30", "14:30", "190122 190123"],
    ]));
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    assert_eq!(draft.slots.len(), 2);
    assert_eq!(draft.slots[0].classes.len(), 3);
    assert_eq!(draft.slots[0].line, 3);
    let second = draft.slots[1].time.unwrap_or_else(|| panic!("slot"));
    assert_eq!((second.start, second.end), (t(13, 30), t(14, 30)));
}

#[test]
fn one_time_column_and_spreadsheet_cells() {
    let mut sheet = table(&[
        &["date", "time", "classes"],
        &["", "上午9：00—10：00", "190111"],
    ]);
    sheet.rows[1].cells[0] = Cell::Date(NaiveDate::from_ymd_opt(2022, 10, 21).unwrap_or_default());
    let draft = parse_sheet(&sheet);
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    assert_eq!(draft.slots[0].time.map(|s| s.start), Some(t(9, 0)));

    let mut sheet = table(&[
        &["日期", "开始", "结束", "班级"],
        &["2022-10-21", "", "", "190111"],
    ]);
    sheet.rows[1].cells[1] = Cell::Float(0.375);
    sheet.rows[1].cells[2] = Cell::Float(10.0 / 24.0);
    let draft = parse_sheet(&sheet);
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    assert_eq!(
        draft.slots[0].time.map(|s| (s.start, s.end)),
        Some((t(9, 0), t(10, 0)))
    );
}

#[test]
fn problems_carry_row_and_column() {
    let draft = parse_sheet(&table(&[
        &["日期", "开始", "结束", "班级"],
        &["2022-10-20", "9:00", "10:00", "190111"],
        &["明天", "9:00", "10:00", "190112"],
        &["2022-10-20", "九点", "10:00", "190113"],
        &["2022-10-20", "11:00", "10:00", "190114"],
        &["2022-10-20", "11:00", "12:00", "19#01"],
    ]));
    let at: Vec<_> = draft
        .problems
        .iter()
        .map(|p| (p.row, p.column.clone()))
        .collect();
    assert_eq!(
        at,
        [
            (Some(3), Some("日期".into())),
            (Some(4), Some("开始".into())),
            (Some(5), Some("结束".into())),
            (Some(6), Some("班级".into())),
        ]
    );
    assert!(
        parse_sheet(&table(&[&["姓名", "学号"]])).problems[0]
            .row
            .is_none()
    );
    let no_times = parse_sheet(&table(&[&["日期", "班级"]]));
    assert_eq!(no_times.problems[0].row, Some(1));
}
