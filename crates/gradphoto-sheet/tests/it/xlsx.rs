//! `.xlsx` workbooks: row numbers, cell types, the sheet chosen, and the limits.

use chrono::NaiveDate;
use gradphoto_sheet::domain::roster::Cell;
use gradphoto_sheet::{Limits, MAX_COLUMNS, SheetError, read_table};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::helpers::{lines, read, row, text, xlsx};

/// The ID number 360102199901011235 typed into a cell formatted as a number: Excel keeps only
/// 15 significant digits, and the reader must hand back the number, not digits it made up.
const ID_AS_NUMBER: f64 = 360_102_199_901_011_235.0;

fn roster() -> Vec<u8> {
    xlsx(|ws| {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        ws.write_string(0, 0, "2024届毕业生图像采集名单").unwrap();
        for (col, header) in ["姓名", "身份证号", "学号", "出生日期", "采集时间", "已采集"]
            .into_iter()
            .enumerate()
        {
            ws.write_string(1, col as u16, header).unwrap();
        }
        ws.write_string(2, 0, " 张三 ").unwrap();
        ws.write_number(2, 1, ID_AS_NUMBER).unwrap();
        ws.write_string(2, 2, "2021001").unwrap();
        let born = ExcelDateTime::from_ymd(2001, 3, 15).unwrap();
        ws.write_datetime_with_format(2, 3, &born, &date).unwrap();
        let taken = ExcelDateTime::from_ymd(2024, 5, 20)
            .unwrap()
            .and_hms(8, 30, 0)
            .unwrap();
        ws.write_datetime_with_format(2, 4, &taken, &date_time)
            .unwrap();
        ws.write_boolean(2, 5, true).unwrap();
        // Row 4 is left blank.
        ws.write_string(4, 0, "李四").unwrap();
        ws.write_string(4, 1, "36010219990101123X").unwrap();
        ws.write_number(4, 2, 2021002.0).unwrap();
        ws.write_string(4, 3, "   ").unwrap();
        ws.write_boolean(4, 5, false).unwrap();
    })
}

#[test]
fn rows_keep_the_numbers_excel_shows_across_a_title_and_a_blank_row() {
    let table = read(&roster(), "名单.xlsx").unwrap();
    assert_eq!(lines(&table), [1, 2, 3, 5]);
    assert_eq!(row(&table, 1), [text("2024届毕业生图像采集名单")]);
    assert_eq!(row(&table, 2)[0], text("姓名"));
    assert_eq!(row(&table, 2)[5], text("已采集"));
}

#[test]
fn cells_keep_their_types() {
    let table = read(&roster(), "名单.xlsx").unwrap();
    let day = NaiveDate::from_ymd_opt(2001, 3, 15).unwrap();
    let taken = NaiveDate::from_ymd_opt(2024, 5, 20)
        .unwrap()
        .and_hms_opt(8, 30, 0)
        .unwrap();
    assert_eq!(
        row(&table, 3),
        [
            text(" 张三 "),
            Cell::Float(ID_AS_NUMBER),
            text("2021001"),
            Cell::Date(day),
            Cell::DateTime(taken),
            Cell::Bool(true),
        ]
    );
    // The 18-digit number comes back as the float it is, so its lost digits can be noticed.
    let Cell::Float(id) = row(&table, 3)[1] else {
        unreachable!()
    };
    assert_ne!(format!("{id:.0}"), "360102199901011235");
    assert_eq!(
        row(&table, 5),
        [
            text("李四"),
            text("36010219990101123X"),
            Cell::Float(2021002.0),
            Cell::Empty,
            Cell::Empty,
            Cell::Bool(false),
        ]
    );
}

#[test]
fn data_away_from_the_corner_keeps_its_row_and_column() {
    let bytes = xlsx(|ws| {
        ws.write_string(2, 2, "姓名").unwrap();
        ws.write_string(3, 2, "张三").unwrap();
        ws.write_string(3, 3, "2021001").unwrap();
    });
    let table = read(&bytes, "a.xlsx").unwrap();
    assert_eq!(lines(&table), [3, 4]);
    assert_eq!(row(&table, 3), [Cell::Empty, Cell::Empty, text("姓名")]);
    assert_eq!(
        row(&table, 4),
        [Cell::Empty, Cell::Empty, text("张三"), text("2021001")]
    );
}

#[test]
fn formulas_give_their_saved_results() {
    let bytes = xlsx(|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        // A text result is stored in the cell itself, not among the shared strings.
        let name = Formula::new(r#"="张"&"三""#).set_result("张三");
        ws.write_formula(1, 0, name).unwrap();
        ws.write_formula(1, 1, Formula::new("=3*2.5").set_result("7.5"))
            .unwrap();
    });
    let table = read(&bytes, "a.xlsx").unwrap();
    assert_eq!(lines(&table), [1, 2]);
    assert_eq!(row(&table, 2), [text("张三"), Cell::Float(7.5)]);
}

#[test]
fn the_first_visible_worksheet_is_read() {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "hidden notes")
        .unwrap()
        .set_hidden(true);
    book.add_worksheet()
        .set_name("花名册")
        .unwrap()
        .write_string(0, 0, "姓名")
        .unwrap()
        .set_active(true);
    book.add_worksheet().write_string(0, 0, "third").unwrap();
    let table = read(&book.save_to_buffer().unwrap(), "a.xlsx").unwrap();
    assert_eq!(row(&table, 1), [text("姓名")]);
}

#[test]
fn an_empty_first_sheet_is_reported_by_name() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("空表").unwrap();
    book.add_worksheet().write_string(0, 0, "姓名").unwrap();
    let err = read(&book.save_to_buffer().unwrap(), "a.xlsx").unwrap_err();
    assert_eq!(
        err,
        SheetError::NoData {
            sheet: Some("空表".into())
        }
    );
    assert!(err.msg().zh.contains("「空表」是空的"), "{}", err.msg());
}

#[test]
fn too_many_rows_stop_the_reading() {
    let bytes = xlsx(|ws| {
        for r in 0..50 {
            ws.write_number(r, 0, r as f64).unwrap();
        }
    });
    let limits = Limits {
        max_rows: 49,
        ..Limits::default()
    };
    let err = read_table(&bytes, "a.xlsx", &limits).unwrap_err();
    assert_eq!(err, SheetError::TooManyRows { limit: 49 });
    assert!(err.msg().zh.contains("49 行"), "{}", err.msg());
    let limits = Limits {
        max_rows: 50,
        ..Limits::default()
    };
    assert_eq!(
        read_table(&bytes, "a.xlsx", &limits).unwrap().rows.len(),
        50
    );
}

#[test]
fn a_stray_value_far_to_the_right_is_refused_not_padded() {
    let bytes = xlsx(|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(6, MAX_COLUMNS as u16, "x").unwrap();
    });
    assert_eq!(
        read(&bytes, "a.xlsx").unwrap_err(),
        SheetError::TooManyColumns {
            line: 7,
            limit: MAX_COLUMNS
        }
    );
}

#[test]
fn a_cut_off_workbook_is_reported_as_damaged() {
    let bytes = roster();
    let err = read(&bytes[..bytes.len() / 2], "名单.xlsx").unwrap_err();
    assert!(matches!(err, SheetError::CorruptXlsx { .. }), "{err:?}");
    assert!(err.msg().zh.contains("已损坏或不完整"), "{}", err.msg());
}

/// Cut-off and scribbled-over workbooks give a result, never a panic.
#[test]
fn damaged_workbooks_never_panic() {
    let bytes = roster();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for cut in (0..bytes.len()).step_by(211) {
        let _ = read(&bytes[..cut], "a.xlsx");
    }
    for _ in 0..300 {
        let mut damaged = bytes.clone();
        for _ in 0..(1 + next() % 8) {
            let at = (next() % damaged.len() as u64) as usize;
            damaged[at] = next() as u8;
        }
        let _ = read(&damaged, "a.xlsx");
    }
}
