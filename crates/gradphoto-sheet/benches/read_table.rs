//! Times `read_table` on a roster of 50,000 students × 17 columns, as `.xlsx` and as CSV, and
//! prints the figures. It never fails on a time.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use gradphoto_sheet::{Limits, read_table};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const ROWS: u32 = 50_000;
const COLUMNS: u16 = 17;
const RUNS: u32 = 5;

fn main() {
    let xlsx = roster_xlsx();
    let csv = roster_csv();
    report("xlsx", &xlsx, "roster.xlsx");
    report("csv", &csv, "roster.csv");
}

fn report(label: &str, bytes: &[u8], file_name: &str) {
    let limits = Limits::default();
    let mut best = Duration::MAX;
    let mut rows = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let table = read_table(bytes, file_name, &limits).unwrap();
        best = best.min(start.elapsed());
        rows = table.rows.len();
    }
    println!(
        "{label:>5}: {rows} rows × {COLUMNS} columns, {:.1} MB, best of {RUNS}: {:.0} ms",
        bytes.len() as f64 / 1_048_576.0,
        best.as_secs_f64() * 1000.0
    );
}

fn cell_text(r: u32, c: u16) -> String {
    match c {
        0 => format!("学生{r}"),
        1 => format!("3601021999{:08}", r),
        2 => format!("2021{r:06}"),
        _ => format!("第{c}列内容{}", r % 97),
    }
}

fn roster_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let born = ExcelDateTime::from_ymd(2001, 3, 15).unwrap();
    for c in 0..COLUMNS {
        ws.write_string(0, c, format!("列{c}")).unwrap();
    }
    for r in 1..=ROWS {
        for c in 0..COLUMNS {
            match c {
                3 => ws.write_datetime_with_format(r, c, &born, &date).unwrap(),
                4 => ws.write_number(r, c, f64::from(r)).unwrap(),
                _ => ws.write_string(r, c, cell_text(r, c)).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn roster_csv() -> Vec<u8> {
    let mut out = String::new();
    for r in 0..=ROWS {
        let cells: Vec<String> = (0..COLUMNS).map(|c| cell_text(r, c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out.into_bytes()
}
