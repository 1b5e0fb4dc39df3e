//! Real roster files for the end-to-end tests, written by a library that writes real XLSX.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

/// Students of the small roster: 学号, 姓名, 班级, 学院, 身份证号.
pub const STUDENTS: [[&str; 5]; 3] = [
    [
        "1901110101",
        "张三",
        "190111",
        "航空制造工程学院",
        "11010519491231002X",
    ],
    [
        "1901110102",
        "李四",
        "190111",
        "航空制造工程学院",
        "440524188001010014",
    ],
    ["1902110101", "欧阳娜娜", "190211", "信息工程学院", ""],
];

/// Writes the small roster as `roster.xlsx` in `dir`, under a title row as offices do.
pub fn small_roster_xlsx(dir: &Path) -> PathBuf {
    let path = dir.join("roster.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "2023届毕业生名单").unwrap();
    for (c, h) in ["学号", "姓名", "班级", "学院", "身份证号"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in STUDENTS.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32 + 2, c as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(&path).unwrap();
    path
}

/// The same roster as CSV, with a bad ID number on the second student's row (row 3).
pub fn bad_roster_csv(dir: &Path) -> PathBuf {
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "学号,姓名,班级,身份证号\n1901110101,张三,190111,11010519491231002X\n1901110102,李四,190111,440524188001010015\n",
    )
    .unwrap();
    path
}
