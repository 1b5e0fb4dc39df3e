//! Turning one spreadsheet cell into the text or date a roster field is parsed from.
//!
//! Spreadsheets store what looks like a code as a number, and a number past 2^53 (any 18-digit
//! ID number) has already lost digits by the time it reaches us: `3.60102E+17`. Such a cell is
//! reported, never completed by guessing. Dates arrive as date cells or as text in the handful
//! of ways Chinese offices write them.

use chrono::NaiveDate;

use super::Cell;
use super::columns::ColumnKind;
use crate::Msg;

/// Integers up to this magnitude survive a trip through an `f64` exactly.
const F64_EXACT: f64 = 9_007_199_254_740_992.0; // 2^53

/// What a cell holds, as a person would read it in the spreadsheet (for `Problem::value`).
pub fn display(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => match exact_integer(*f) {
            Some(i) => i.to_string(),
            None => scientific(*f),
        },
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::DateTime(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
    }
}

/// The cell as text for a code or text column: `None` when blank. A float that is not an
/// exact integer in a code column is an error, since its digits are gone.
pub fn read_text(cell: &Cell, kind: ColumnKind) -> Result<Option<String>, Msg> {
    match cell {
        Cell::Float(f) if kind == ColumnKind::Code && exact_integer(*f).is_none() => {
            Err(lost_digits(*f))
        }
        Cell::Float(f) if exact_integer(*f).is_none() => Ok(Some(f.to_string())),
        Cell::Date(d) => Ok(Some(d.format("%Y-%m-%d").to_string())),
        _ => {
            let s = display(cell);
            Ok(if s.is_empty() { None } else { Some(s) })
        }
    }
}

/// A date as read, remembering whether the file gave only a month (出生年月 `2001-09`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateValue {
    /// The date; day 1 when only a month was given.
    pub date: NaiveDate,
    pub month_only: bool,
}

impl DateValue {
    fn full(date: NaiveDate) -> Self {
        Self {
            date,
            month_only: false,
        }
    }
}

/// The cell as a date: a date cell, or text (or a number such as `20010901`) in one of the
/// accepted forms. `None` when blank.
pub fn read_date(cell: &Cell) -> Result<Option<DateValue>, Msg> {
    match cell {
        Cell::Date(d) => Ok(Some(DateValue::full(*d))),
        Cell::DateTime(dt) => Ok(Some(DateValue::full(dt.date()))),
        _ => {
            let s = display(cell);
            if s.is_empty() {
                return Ok(None);
            }
            parse_date_value(&s).map(Some).ok_or_else(|| {
                Msg::new(
                    format!(
                        "日期“{s}”无法识别，请写作 2001-09-01、2001/9/1、2001年9月1日 或 20010901（出生年月可写作 2001-09）"
                    ),
                    format!(
                        "date \"{s}\" is not recognised; write it as 2001-09-01, 2001/9/1, 2001年9月1日 or 20010901 (a birth month may be 2001-09)"
                    ),
                )
            })
        }
    }
}

/// Parses `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYYMMDD`, `YYYY年M月D日`, and the month forms
/// `YYYY-MM`, `YYYY/M`, `YYYY.M`, `YYYYMM`, `YYYY年M月` (day 1, for 出生年月). A time of day after
/// the date (`2001-09-01 00:00:00`, as CSV exports write it) is ignored.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    parse_date_value(raw).map(|v| v.date)
}

/// `parse_date`, telling whether only a month was given.
pub fn parse_date_value(raw: &str) -> Option<DateValue> {
    let folded: String = raw.trim().chars().map(fold_width).collect();
    let mut s = folded.trim();
    if let Some((date, time)) = s.split_once([' ', 'T'])
        && !time.trim().is_empty()
        && time
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        s = date.trim();
    }
    let (y, m, d) = if let Some((y, rest)) = s.split_once('年') {
        let (m, d) = rest.split_once('月')?;
        let d = if d.is_empty() {
            ""
        } else {
            d.strip_suffix('日').filter(|d| !d.is_empty())?
        };
        (y, m, d)
    } else if let Some(sep) = ['-', '/', '.'].into_iter().find(|c| s.contains(*c)) {
        let parts: Vec<&str> = s.split(sep).collect();
        match parts.as_slice() {
            [y, m, d] if !d.is_empty() => (*y, *m, *d),
            [y, m] => (*y, *m, ""),
            _ => return None,
        }
    } else if s.len() == 8 {
        (s.get(..4)?, s.get(4..6)?, s.get(6..)?)
    } else if s.len() == 6 {
        (s.get(..4)?, s.get(4..)?, "")
    } else {
        return None;
    };
    let digits = |p: &str, min: usize, max: usize| {
        let p = p.trim();
        (min..=max).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())
    };
    let month_only = d.is_empty();
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !(month_only || digits(d, 1, 2)) {
        return None;
    }
    let day = if month_only {
        1
    } else {
        d.trim().parse().ok()?
    };
    let date = NaiveDate::from_ymd_opt(y.trim().parse().ok()?, m.trim().parse().ok()?, day)?;
    Some(DateValue { date, month_only })
}

fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn exact_integer(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < F64_EXACT).then_some(f as i64)
}

/// A float the way a spreadsheet shows it in a narrow cell: `3.60102E+17`.
fn scientific(f: f64) -> String {
    if f.is_finite() && f != 0.0 && (f.abs() >= 1e15 || f.abs() < 1e-4) {
        let s = format!("{f:E}");
        match s.split_once('E') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}E+{e}"),
            _ => s,
        }
    } else {
        f.to_string()
    }
}

fn lost_digits(f: f64) -> Msg {
    let shown = scientific(f);
    Msg::new(
        format!(
            "单元格按数字保存，号码的位数已丢失（表格中为 {shown}）。请把该列设置为“文本”格式，重新填入完整号码后再导入"
        ),
        format!(
            "the cell is stored as a number and digits were lost ({shown}); format the column as Text, re-enter the full number and import again"
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_forms() {
        let d = Some(ymd(2001, 9, 1));
        assert_eq!(parse_date("2001-09-01"), d);
        assert_eq!(parse_date("2001-9-1"), d);
        assert_eq!(parse_date("2001/9/1"), d);
        assert_eq!(parse_date("2001.09.01"), d);
        assert_eq!(parse_date("20010901"), d);
        assert_eq!(parse_date("2001年9月1日"), d);
        assert_eq!(parse_date("２００１年０９月０１日"), d);
        assert_eq!(parse_date(" 2001-09-01 00:00:00 "), d);
        assert_eq!(parse_date("2001-09"), d);
        assert_eq!(parse_date("200109"), d);
        assert_eq!(parse_date("2001.9"), d);
        assert_eq!(parse_date("2001年9月"), d);
    }

    #[test]
    fn month_only_is_remembered() {
        assert!(parse_date_value("2001-09").unwrap().month_only);
        assert!(parse_date_value("2001年9月").unwrap().month_only);
        assert!(parse_date_value("200109").unwrap().month_only);
        assert!(!parse_date_value("2001-09-01").unwrap().month_only);
    }

    #[test]
    fn bad_dates() {
        for s in [
            "2001-02-30",
            "2001-13-01",
            "01-09-01",
            "2001-09-01-02",
            "2001年9月1",
            "2001年9月日",
            "2001-09-",
            "2001年",
            "9/1/2001",
            "abc",
            "2001",
            "2001-09-01 noon",
            "20010931",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn date_cells() {
        assert_eq!(
            read_date(&Cell::Date(ymd(2000, 1, 2))).unwrap(),
            Some(DateValue::full(ymd(2000, 1, 2)))
        );
        let dt = ymd(2000, 1, 2).and_hms_opt(8, 0, 0).unwrap();
        let date = |c: Cell| read_date(&c).unwrap().map(|v| v.date);
        assert_eq!(date(Cell::DateTime(dt)), Some(ymd(2000, 1, 2)));
        assert_eq!(date(Cell::Int(20000102)), Some(ymd(2000, 1, 2)));
        assert_eq!(date(Cell::Float(200001.0)), Some(ymd(2000, 1, 1)));
        assert_eq!(read_date(&Cell::Text("  ".into())).unwrap(), None);
        let err = read_date(&Cell::Text("去年".into())).unwrap_err();
        assert!(err.zh.contains("去年"), "{err}");
    }

    #[test]
    fn numbers_as_text() {
        let code = ColumnKind::Code;
        assert_eq!(
            read_text(&Cell::Int(19011101), code).unwrap().as_deref(),
            Some("19011101")
        );
        assert_eq!(
            read_text(&Cell::Float(190111.0), code).unwrap().as_deref(),
            Some("190111")
        );
        assert_eq!(
            read_text(&Cell::Text(" 张三 ".into()), ColumnKind::Text)
                .unwrap()
                .as_deref(),
            Some("张三")
        );
        assert_eq!(read_text(&Cell::Empty, code).unwrap(), None);
        assert_eq!(
            read_text(&Cell::Float(4.5), ColumnKind::Text)
                .unwrap()
                .as_deref(),
            Some("4.5")
        );
    }

    #[test]
    fn float_id_lost_digits() {
        let err = read_text(&Cell::Float(3.60102e17), ColumnKind::Code).unwrap_err();
        assert!(err.zh.contains("3.60102E+17"), "{err}");
        assert!(err.zh.contains("文本"), "{err}");
        assert!(err.en.contains("Text"), "{err}");
        assert_eq!(display(&Cell::Float(3.60102e17)), "3.60102E+17");
        // 2^53 itself is the first integer a float can no longer be trusted with.
        assert!(read_text(&Cell::Float(F64_EXACT), ColumnKind::Code).is_err());
        assert!(read_text(&Cell::Float(F64_EXACT - 1.0), ColumnKind::Code).is_ok());
        assert!(read_text(&Cell::Float(1.5), ColumnKind::Code).is_err());
    }
}
