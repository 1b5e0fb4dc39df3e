//! Reading a timetable from a sheet (CSV or XLSX): one row per slot, or per class, with the
//! columns 日期 (date), 开始 (start) and 结束 (end) — or one 时间 (time) column holding the range
//! — and 班级 (classes: one code, or several separated by `、`, commas or spaces).
//!
//! A blank date repeats the row above's, as merged cells in a spreadsheet read. Rows with the
//! same date and times are one slot. Times may be text (`9:00`), spreadsheet times (a fraction
//! of a day) or date-times.

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::time_text::{fold, parse_day, parse_time, parse_time_range};
use super::{Draft, DraftClass, DraftSlot, SlotTime};
use crate::roster::{Cell, Problem, Table, cell_text, column_letter};
use crate::{ClassCode, Msg};

/// How many rows from the top the header may be on (titles above it are allowed).
const HEADER_SEARCH_ROWS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Date,
    Start,
    End,
    Time,
    Classes,
}

fn column_of(header: &str) -> Option<Col> {
    let h = fold(header).to_lowercase();
    Some(match h.as_str() {
        "照相日期" | "拍摄日期" | "日期" | "date" | "day" => Col::Date,
        "开始" | "开始时间" | "start" | "from" => Col::Start,
        "结束" | "结束时间" | "end" | "to" | "until" => Col::End,
        "时间" | "时段" | "拍摄时间" | "time" | "slot" => Col::Time,
        "班级" | "班级代码" | "班号" | "class" | "classes" => Col::Classes,
        _ => return None,
    })
}

struct Layout {
    header_line: usize,
    date: usize,
    start: Option<usize>,
    end: Option<usize>,
    time: Option<usize>,
    classes: usize,
}

fn header_name(layout_col: usize, table: &Table, header_line: usize) -> String {
    table
        .rows
        .iter()
        .find(|r| r.line == header_line)
        .map(|r| cell_text(r.cell(layout_col)))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| column_letter(layout_col))
}

fn find_layout(table: &Table) -> Result<Layout, Problem> {
    for row in table.rows.iter().take(HEADER_SEARCH_ROWS) {
        let cols: Vec<(usize, Col)> = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| column_of(&cell_text(c)).map(|col| (i, col)))
            .collect();
        let find = |want: Col| cols.iter().find(|(_, c)| *c == want).map(|(i, _)| *i);
        if let (Some(date), Some(classes)) = (find(Col::Date), find(Col::Classes)) {
            let layout = Layout {
                header_line: row.line,
                date,
                start: find(Col::Start),
                end: find(Col::End),
                time: find(Col::Time),
                classes,
            };
            let times = layout.time.is_some() || (layout.start.is_some() && layout.end.is_some());
            if !times {
                return Err(Problem {
                    row: Some(row.line),
                    column: None,
                    value: None,
                    message: Msg::new(
                        "表头缺少时间列：请加上“开始”和“结束”两列，或一列“时间”（如 9:00-10:00）",
                        "the header has no time columns: add \"start\" and \"end\", or one \"time\" column (e.g. 9:00-10:00)",
                    ),
                });
            }
            return Ok(layout);
        }
    }
    Err(Problem::file(Msg::new(
        "找不到表头：前 10 行中应有“日期”“开始”“结束”（或“时间”）和“班级”几列",
        "no header found: one of the first 10 rows should name the columns date, start, end (or time) and classes",
    )))
}

/// A time cell: text, a spreadsheet time (fraction of a day) or a date-time.
fn read_time(cell: &Cell) -> Option<NaiveTime> {
    match cell {
        Cell::DateTime(dt) => Some(dt.time()),
        Cell::Float(f) if (0.0..1.0).contains(f) => {
            let minutes = (f * 24.0 * 60.0).round() as u32;
            NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
        }
        other => parse_time(&cell_text(other)),
    }
    .map(|t| t.with_second(0).unwrap_or(t))
}

fn read_day(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::DateTime(dt) => Some(dt.date()),
        other => parse_day(&cell_text(other)),
    }
}

/// Reads the sheet into a draft.
pub fn parse_sheet(table: &Table) -> Draft {
    let mut draft = Draft::default();
    let layout = match find_layout(table) {
        Ok(layout) => layout,
        Err(problem) => {
            draft.problems.push(problem);
            return draft;
        }
    };
    let name = |col: usize| header_name(col, table, layout.header_line);
    let mut day: Option<NaiveDate> = None;
    for row in table.rows.iter().filter(|r| r.line > layout.header_line) {
        if row.is_blank() {
            continue;
        }
        let line = row.line;
        let date_cell = row.cell(layout.date);
        if !date_cell.is_blank() {
            day = read_day(date_cell);
            if day.is_none() {
                draft.problems.push(Problem::at(
                    line,
                    &name(layout.date),
                    Some(&cell_text(date_cell)),
                    Msg::new(
                        "日期无法识别，请写作 2022-10-20 或 2022.10.20上午",
                        "the date is not recognised; write it as 2022-10-20 or 2022.10.20上午",
                    ),
                ));
                continue;
            }
        }
        let Some(date) = day else {
            draft.problems.push(Problem::at(
                line,
                &name(layout.date),
                None,
                Msg::new("缺少日期", "the date is missing"),
            ));
            continue;
        };
        let Some(time) = read_slot_time(&mut draft, row, &layout, date, &name) else {
            continue;
        };
        let classes_cell = cell_text(row.cell(layout.classes));
        let slot = match draft.slots.iter().position(|s| s.time == Some(time)) {
            Some(i) => &mut draft.slots[i],
            None => {
                draft.slots.push(DraftSlot {
                    line,
                    time: Some(time),
                    classes: Vec::new(),
                });
                let last = draft.slots.len() - 1;
                &mut draft.slots[last]
            }
        };
        let mut problems = Vec::new();
        for code in classes_cell
            .split(['、', ',', '，', ';', '；', ' ', '\u{3000}', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match ClassCode::parse(code) {
                Ok(code) => slot.classes.push(DraftClass { line, code }),
                Err(message) => problems.push(Problem::at(
                    line,
                    &name(layout.classes),
                    Some(code),
                    message,
                )),
            }
        }
        draft.problems.extend(problems);
    }
    draft
}

fn read_slot_time(
    draft: &mut Draft,
    row: &crate::roster::SourceRow,
    layout: &Layout,
    date: NaiveDate,
    name: &dyn Fn(usize) -> String,
) -> Option<SlotTime> {
    let line = row.line;
    let (start, end) = match (layout.start, layout.end, layout.time) {
        (Some(s), Some(e), _) if !(row.cell(s).is_blank() && row.cell(e).is_blank()) => {
            let mut read = |col: usize| {
                let t = read_time(row.cell(col));
                if t.is_none() {
                    draft.problems.push(Problem::at(
                        line,
                        &name(col),
                        Some(&cell_text(row.cell(col))),
                        Msg::new(
                            "时间无法识别，请写作 9:00 或 13:30",
                            "the time is not recognised; write it as 9:00 or 13:30",
                        ),
                    ));
                }
                t
            };
            (read(s)?, read(e)?)
        }
        (_, _, Some(col)) => match parse_time_range(&cell_text(row.cell(col))) {
            Ok(range) => range,
            Err(message) => {
                draft.problems.push(Problem::at(
                    line,
                    &name(col),
                    Some(&cell_text(row.cell(col))),
                    message,
                ));
                return None;
            }
        },
        (Some(s), _, None) => {
            draft.problems.push(Problem::at(
                line,
                &name(s),
                None,
                Msg::new("缺少开始和结束时间", "the start and end times are missing"),
            ));
            return None;
        }
        _ => return None,
    };
    match SlotTime::new(date, start, end) {
        Ok(time) => Some(time),
        Err(message) => {
            let col = layout.end.or(layout.time).unwrap_or(layout.date);
            draft.problems.push(Problem::at(
                line,
                &name(col),
                Some(&cell_text(row.cell(col))),
                message,
            ));
            None
        }
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
