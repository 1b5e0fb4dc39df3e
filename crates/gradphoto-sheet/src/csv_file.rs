//! Delimited text as Excel and WPS save it in China: UTF-8 with or without a byte order mark,
//! GBK (read as its superset GB18030), or UTF-16 "Unicode text"; separated by commas,
//! semicolons or tabs. Every cell is text: numbers are not guessed at, so an ID number keeps
//! all its digits.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use gradphoto_domain::roster::{Cell, Table};

use crate::rows::RowsBuilder;
use crate::{Limits, SheetError};

pub(crate) fn read(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Table, SheetError> {
    let mut text = decode(bytes)?;
    // Classic Mac line ends: the CSV reader counts lines by '\n' only.
    if !text.contains('\n') && text.contains('\r') {
        text = Cow::Owned(text.replace('\r', "\n"));
    }
    let delimiter = detect_delimiter(&text, prefers_tab(file_name));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());

    let mut rows = RowsBuilder::new(limits.max_rows);
    let mut record = csv::StringRecord::new();
    // Line breaks inside quoted cells so far: a spreadsheet shows such a record as one row, so
    // they do not count towards later row numbers.
    let mut breaks_in_cells = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| to_usize(p.line()));
                return Err(SheetError::Csv {
                    line: line.saturating_sub(breaks_in_cells).max(1),
                    detail: e.to_string(),
                });
            }
        }
        let line = record.position().map_or(1, |p| {
            // The position is where the reader started, before the line ends and blank lines
            // it skipped to reach the record.
            let skipped = text
                .as_bytes()
                .get(to_usize(p.byte())..)
                .unwrap_or_default();
            let skipped_lines = skipped
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count();
            to_usize(p.line()) + skipped_lines
        });
        let line = line.saturating_sub(breaks_in_cells).max(1);
        let cells = record.iter().map(text_cell).collect();
        breaks_in_cells += record
            .iter()
            .map(|f| f.bytes().filter(|&b| b == b'\n').count())
            .sum::<usize>();
        rows.push_row(line, cells)?;
    }
    let table = rows.finish();
    if table.rows.is_empty() {
        return Err(SheetError::NoData { sheet: None });
    }
    Ok(table)
}

/// The text, untrimmed; blank cells are `Empty`.
fn text_cell(field: &str) -> Cell {
    if field.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(field.to_owned())
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The file as text. Without a byte order mark it is UTF-8 if it decodes as UTF-8, else GBK.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return strict(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return strict(UTF_16BE, rest);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        // Text that is UTF-8 with Chinese characters up to some point and broken after it is
        // damaged UTF-8, not GBK: decoding it as GBK would only give garbled names. Mere
        // non-ASCII is no sign: about one GBK character in seven is a valid two-byte UTF-8
        // sequence (学 = D1 A7 = U+0467), but GBK text almost never forms two of UTF-8's
        // three-byte CJK characters in a row.
        Err(e) if holds_chinese(&bytes[..e.valid_up_to()]) => Err(bad_utf8(bytes, e.valid_up_to())),
        Err(_) => strict(GB18030, bytes),
    }
}

/// Whether valid UTF-8 holds at least two CJK ideographs (U+4E00..U+9FFF).
fn holds_chinese(valid: &[u8]) -> bool {
    std::str::from_utf8(valid).is_ok_and(|text| {
        text.chars()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .nth(1)
            .is_some()
    })
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| bad_utf8(bytes, e.valid_up_to()))
}

fn bad_utf8(bytes: &[u8], valid_up_to: usize) -> SheetError {
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    SheetError::InvalidUtf8 { line }
}

fn strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, SheetError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(SheetError::Encoding)
}

fn prefers_tab(file_name: &str) -> bool {
    let name = file_name.to_ascii_lowercase();
    name.ends_with(".tsv") || name.ends_with(".txt")
}

/// Lines looked at to choose the delimiter.
const SAMPLE_LINES: usize = 10;

/// The candidate that occurs most often outside quotes in the first non-blank lines; on a tie
/// (or when none occurs) a comma, or a tab for `.txt`/`.tsv` files.
fn detect_delimiter(text: &str, prefer_tab: bool) -> u8 {
    let candidates: [u8; 3] = if prefer_tab {
        [b'\t', b',', b';']
    } else {
        [b',', b'\t', b';']
    };
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut lines = 0;
    let mut line_has_content = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if line_has_content {
                    lines += 1;
                    if lines == SAMPLE_LINES {
                        break;
                    }
                }
                line_has_content = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
                if !b.is_ascii_whitespace() {
                    line_has_content = true;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n", false), b';');
        assert_eq!(
            detect_delimiter("a\tb\tc\n1\t\"2,3,4,5\"\t3\n", false),
            b'\t'
        );
        assert_eq!(detect_delimiter("a,b\n", true), b',');
        assert_eq!(detect_delimiter("ab\n", true), b'\t');
        assert_eq!(detect_delimiter("ab\n", false), b',');
    }

    #[test]
    fn damaged_utf8_is_not_taken_for_gbk() {
        let mut bytes = "姓名,学号\n张三,1\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFE,2\n");
        assert_eq!(decode(&bytes), Err(SheetError::InvalidUtf8 { line: 3 }));
    }
}
