//! Excel 97–2003 `.xls`, from `tests/data/roster.xls`, made with Python's xlwt 1.3.0:
//!
//! ```python
//! ws = wb.add_sheet("花名册")
//! ws.write(1, 1, "2024届毕业生名单")
//! for j, h in enumerate(["姓名", "学号", "出生日期", "在校"]): ws.write(2, 1 + j, h)
//! ws.write(3, 1, "张三"); ws.write(3, 2, 2021001)
//! ws.write(3, 3, datetime.date(2001, 3, 15), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
//! ws.write(3, 4, True)
//! ws.write(5, 1, "李四"); ws.write(5, 2, "2021002"); ws.write(5, 4, False)
//! wb.add_sheet("Sheet2").write(0, 0, "not read")
//! ```

use chrono::NaiveDate;
use gradphoto_sheet::SheetError;
use gradphoto_sheet::domain::roster::Cell;

use crate::helpers::{lines, read, row, text};

const ROSTER_XLS: &[u8] = include_bytes!("../data/roster.xls");

#[test]
fn the_first_sheet_is_read_with_its_row_and_column_positions() {
    let table = read(ROSTER_XLS, "名单.xls").unwrap();
    assert_eq!(lines(&table), [2, 3, 4, 6]);
    assert_eq!(row(&table, 2), [Cell::Empty, text("2024届毕业生名单")]);
    assert_eq!(
        row(&table, 4),
        [
            Cell::Empty,
            text("张三"),
            // .xls stores small whole numbers as integers.
            Cell::Int(2021001),
            Cell::Date(NaiveDate::from_ymd_opt(2001, 3, 15).unwrap()),
            Cell::Bool(true),
        ]
    );
    assert_eq!(
        row(&table, 6),
        [
            Cell::Empty,
            text("李四"),
            text("2021002"),
            Cell::Empty,
            Cell::Bool(false),
        ]
    );
}

#[test]
fn a_cut_off_xls_is_an_error_not_a_panic() {
    // From the 8-byte signature on, the file is still known as an `.xls`.
    for cut in (8..ROSTER_XLS.len()).step_by(97) {
        match read(&ROSTER_XLS[..cut], "a.xls") {
            Ok(_)
            | Err(SheetError::CorruptXls { .. })
            | Err(SheetError::NotASpreadsheet { .. }) => {}
            Err(e) => panic!("cut at {cut}: {e:?}"),
        }
    }
}
