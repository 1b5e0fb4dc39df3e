//! Writes a large roster as a real XLSX workbook for the import benchmark:
//! `cargo run --release -p gradphoto --example make_roster -- ROWS OUT.xlsx`.
//! ID numbers and 学号 are written as text cells, as a careful office would.

use gradphoto::demo::roster::{HEADER, roster_rows};
use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().as_deref().unwrap_or("50000").parse()?;
    let out = args.next().unwrap_or_else(|| "roster.xlsx".to_owned());
    let per_class = rows.div_ceil(171);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "南昌航空大学2023届毕业生花名册")?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, u16::try_from(c)?, *h)?;
    }
    for (r, row) in roster_rows(per_class, 2023).iter().take(rows).enumerate() {
        let r = u32::try_from(r)? + 2;
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r, u16::try_from(c)?, cell)?;
        }
    }
    workbook.save(&out)?;
    println!("{out}: {rows} students");
    Ok(())
}
