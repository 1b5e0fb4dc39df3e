//! What the two Excel formats share: which sheet is read, and how calamine's values become
//! [`Cell`]s.

use calamine::{Data, DataRef, ExcelDateTime, Sheet, SheetType, SheetVisible};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use gradphoto_domain::roster::Cell;

use crate::SheetError;

/// The first visible worksheet, or the first worksheet if all are hidden. Chart and macro sheets
/// are passed over.
pub(crate) fn first_sheet(sheets: &[Sheet]) -> Result<String, SheetError> {
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or(SheetError::NoSheet)
}

/// A cell streamed from an `.xlsx` sheet. Shared strings are borrowed from the workbook, so
/// copying them is the one allocation a text cell costs.
pub(crate) fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::SharedString(s) => text(s),
        DataRef::String(s) => text(s),
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date_time(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Cell::Text(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

/// A cell of an `.xls` sheet.
pub(crate) fn from_data(value: &Data) -> Cell {
    match value {
        Data::String(s) => text(s),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso_date_time(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Cell::Text(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn text(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

/// A number formatted as a date: a date if it has no time of day, else a date and time. A time
/// of day alone (a serial number below 1) reads as text `hh:mm:ss`; a duration stays a number.
fn date_time(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Float(dt.as_f64());
    }
    let Some(value) = dt.as_datetime() else {
        return Cell::Float(dt.as_f64());
    };
    // Serial numbers 0 and below 1 fall on Excel's day zero, shown by calamine as 1899-12-30/31.
    if value.date() <= NaiveDate::from_ymd_opt(1899, 12, 31).unwrap_or(NaiveDate::MIN) {
        return Cell::Text(value.time().format("%H:%M:%S").to_string());
    }
    if value.time() == NaiveTime::MIN {
        Cell::Date(value.date())
    } else {
        Cell::DateTime(value)
    }
}

/// Dates that a workbook stores as ISO 8601 text (`t="d"` cells).
fn iso_date_time(s: &str) -> Cell {
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Cell::Date(date);
    }
    match NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(value) if value.time() == NaiveTime::MIN => Cell::Date(value.date()),
        Ok(value) => Cell::DateTime(value),
        Err(_) => text(s),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use calamine::ExcelDateTimeType;

    use super::*;

    fn serial(value: f64) -> Cell {
        date_time(&ExcelDateTime::new(
            value,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn excel_serial_numbers_become_dates_times_or_text() {
        let day = NaiveDate::from_ymd_opt(2001, 3, 15).unwrap();
        assert_eq!(serial(36965.0), Cell::Date(day));
        assert_eq!(
            serial(36965.5),
            Cell::DateTime(day.and_hms_opt(12, 0, 0).unwrap())
        );
        assert_eq!(serial(0.75), Cell::Text("18:00:00".into()));
    }

    #[test]
    fn iso_dates_are_parsed_and_other_text_kept() {
        let day = NaiveDate::from_ymd_opt(2001, 3, 15).unwrap();
        assert_eq!(iso_date_time("2001-03-15"), Cell::Date(day));
        assert_eq!(iso_date_time("2001-03-15T00:00:00"), Cell::Date(day));
        assert_eq!(
            iso_date_time("2001-03-15T08:30:00.000"),
            Cell::DateTime(day.and_hms_opt(8, 30, 0).unwrap())
        );
        assert_eq!(iso_date_time("08:30:00"), Cell::Text("08:30:00".into()));
    }
}
