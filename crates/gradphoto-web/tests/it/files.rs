//! Roster files as spreadsheet programs write them: XLSX from `rust_xlsxwriter`, CSV in UTF-8,
//! UTF-8 with a byte order mark, and GBK.

use rust_xlsxwriter::{Workbook, Worksheet};

/// An .xlsx workbook with every value written as text and blank cells left unwritten, as
/// Excel saves them; `edit` then changes the sheet (a number, a merged title).
pub fn workbook(rows: &[Vec<String>], edit: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    edit(ws);
    wb.save_to_buffer().unwrap()
}

/// CSV text with CRLF line ends, as Excel saves it; cells are quoted when they need it.
pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn csv_utf8(rows: &[Vec<String>]) -> Vec<u8> {
    csv_text(rows).into_bytes()
}

/// "CSV UTF-8 (Comma delimited)" as Excel saves it: with a byte order mark.
pub fn csv_utf8_bom(rows: &[Vec<String>]) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(csv_text(rows).as_bytes());
    bytes
}

/// "CSV (Comma delimited)" as Excel and WPS save it on a Chinese Windows: GBK.
pub fn csv_gbk(rows: &[Vec<String>]) -> Vec<u8> {
    let text = csv_text(rows);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "every character has a GBK code");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file must not also read as UTF-8"
    );
    bytes.into_owned()
}

/// A 6-column roster row in the order of [`HEADER`].
pub fn row(no: &str, name: &str, sex: &str, class: &str, college: &str, id: &str) -> Vec<String> {
    owned(&[no, name, sex, class, college, id])
}

pub fn owned(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_owned()).collect()
}
