//! The ruled timetable: 照相日期 / 时间 / 班级, laid out like 附件一.
//!
//! Each date is shown once per group of consecutive rows with that date (the cell spans the
//! group, with no rule across it), class codes are joined with "、" and wrapped to the column,
//! and rows that do not fit move to the next page under a repeated header. A row too tall for
//! a whole page is split between its class lines; its continuation is marked "（续）".

use crate::layout::{Align, BODY_SIZE, Flow, Item, Style};
use crate::{NoticeRow, PdfError};

/// The header row's labels.
pub(crate) const HEADERS: [&str; 3] = ["照相日期", "时间", "班级"];
/// What a class list is joined with, as in 附件一.
pub(crate) const CLASS_SEPARATOR: &str = "、";
/// Marks the part of a row continued from the previous page.
const CONTINUED: &str = "（续）";

/// Column widths in points: date and time fit "2022.10.20上午" and "上午9:00—10:00" on one
/// line; the class column takes the rest (six class codes a line, like 附件一).
const DATE_WIDTH: f32 = 92.0;
const TIME_WIDTH: f32 = 100.0;
/// Space between a cell's rules and its text.
const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 4.0;
/// Rule weights.
const OUTER_RULE: f32 = 0.9;
const INNER_RULE: f32 = 0.5;

const BODY: Style = Style::regular(BODY_SIZE);
const HEADER: Style = Style::bold(11.0);

/// The x positions of the four vertical rules.
fn columns() -> [f32; 4] {
    let left = Flow::left();
    [
        left,
        left + DATE_WIDTH,
        left + DATE_WIDTH + TIME_WIDTH,
        left + Flow::content_width(),
    ]
}

/// A row with its cells already wrapped.
#[derive(Debug)]
struct WrappedRow<'r> {
    date: &'r str,
    time: &'r str,
    classes: Vec<String>,
}

/// The part of a row drawn on one page.
#[derive(Debug)]
struct Segment {
    date: String,
    time: Vec<String>,
    classes: Vec<String>,
    top: f32,
    height: f32,
}

/// The table on the page being filled: where it starts and the row segments placed so far.
#[derive(Debug)]
struct PageTable {
    top: f32,
    segments: Vec<Segment>,
}

/// Places the whole table at the flow's cursor, over as many pages as it needs.
pub(crate) fn place(flow: &mut Flow<'_>, rows: &[NoticeRow]) -> Result<(), PdfError> {
    let cols = columns();
    let date_text_width = cols[1] - cols[0] - 2.0 * PAD_X;
    let time_text_width = cols[2] - cols[1] - 2.0 * PAD_X;
    let class_text_width = cols[3] - cols[2] - 2.0 * PAD_X;
    for text in HEADERS {
        flow.face.check(text)?;
    }
    flow.face.check(CONTINUED)?;
    let mut wrapped = Vec::with_capacity(rows.len());
    for row in rows {
        flow.lines(&row.date, BODY, date_text_width)?;
        flow.lines(&row.time, BODY, time_text_width)?;
        let classes = flow.lines(&row.classes.join(CLASS_SEPARATOR), BODY, class_text_width)?;
        wrapped.push(WrappedRow {
            date: &row.date,
            time: &row.time,
            classes,
        });
    }

    let line = BODY.line_height();
    let header_height = HEADER.line_height() + 2.0 * PAD_Y;
    let row_height = |lines: usize| lines.max(1) as f32 * line + 2.0 * PAD_Y;
    // A header with no row under it is never left at the bottom of a page.
    flow.ensure(header_height + row_height(1));
    let mut table = start(flow, header_height);
    for row in &wrapped {
        let mut rest: &[String] = &row.classes;
        let mut continued = false;
        loop {
            let time = if continued {
                flow.lines(&format!("{}{CONTINUED}", row.time), BODY, time_text_width)?
            } else {
                flow.lines(row.time, BODY, time_text_width)?
            };
            let whole = row_height(rest.len().max(time.len()));
            let fresh_page = table.segments.is_empty();
            let fits_fresh_page = whole <= Flow::page_capacity() - header_height;
            if whole > flow.remaining() && fits_fresh_page && !fresh_page {
                table = next_page(flow, table, header_height);
                continue;
            }
            // Split only what cannot fit even a whole page; otherwise take everything left.
            let take = if whole <= flow.remaining() {
                rest.len()
            } else {
                let fit = ((flow.remaining() - 2.0 * PAD_Y) / line).floor().max(0.0) as usize;
                if fit < time.len().max(1) && !fresh_page {
                    table = next_page(flow, table, header_height);
                    continue;
                }
                fit.clamp(1, rest.len().max(1))
            };
            let (chunk, tail) = rest.split_at(take.min(rest.len()));
            let height = row_height(chunk.len().max(time.len()));
            table.segments.push(Segment {
                date: row.date.to_owned(),
                time,
                classes: chunk.to_vec(),
                top: flow.y(),
                height,
            });
            flow.advance(height);
            rest = tail;
            if rest.is_empty() {
                break;
            }
            continued = true;
            table = next_page(flow, table, header_height);
        }
    }
    draw(flow, &table, header_height);
    Ok(())
}

/// Draws the header row at the cursor and opens the table on this page.
fn start(flow: &mut Flow<'_>, header_height: f32) -> PageTable {
    let cols = columns();
    let top = flow.y();
    let middle = top - header_height / 2.0;
    for (i, label) in HEADERS.iter().enumerate() {
        let (x, width) = (cols[i] + PAD_X, cols[i + 1] - cols[i] - 2.0 * PAD_X);
        flow.text_in_box(label, HEADER, x, width, middle, Align::Centre);
    }
    flow.advance(header_height);
    PageTable {
        top,
        segments: Vec::new(),
    }
}

/// Finishes the table on this page and repeats the header at the top of the next.
fn next_page(flow: &mut Flow<'_>, table: PageTable, header_height: f32) -> PageTable {
    draw(flow, &table, header_height);
    flow.new_page();
    start(flow, header_height)
}

/// Draws the placed segments' text and all the table's rules on the current page.
fn draw(flow: &mut Flow<'_>, table: &PageTable, header_height: f32) {
    let cols = columns();
    let line = BODY.line_height();
    let bottom = table
        .segments
        .last()
        .map_or(table.top - header_height, |s| s.top - s.height);
    let rule = |flow: &mut Flow<'_>, x1: f32, y1: f32, x2: f32, y2: f32, width: f32| {
        flow.push(Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    };

    for (i, segment) in table.segments.iter().enumerate() {
        // Time and classes: time centred, classes from the top left, both in their cell.
        let time_top = segment.top - (segment.height - segment.time.len() as f32 * line) / 2.0;
        for (n, text) in segment.time.iter().enumerate() {
            let middle = time_top - (n as f32 + 0.5) * line;
            let width = cols[2] - cols[1] - 2.0 * PAD_X;
            flow.text_in_box(text, BODY, cols[1] + PAD_X, width, middle, Align::Centre);
        }
        for (n, text) in segment.classes.iter().enumerate() {
            let middle = segment.top - PAD_Y - (n as f32 + 0.5) * line;
            let width = cols[3] - cols[2] - 2.0 * PAD_X;
            flow.text_in_box(text, BODY, cols[2] + PAD_X, width, middle, Align::Left);
        }
        // The rule under the segment crosses the date column only where the date changes.
        let bottom_of_segment = segment.top - segment.height;
        if let Some(next) = table.segments.get(i + 1) {
            let from = if next.date == segment.date {
                cols[1]
            } else {
                cols[0]
            };
            rule(
                flow,
                from,
                bottom_of_segment,
                cols[3],
                bottom_of_segment,
                INNER_RULE,
            );
        }
    }

    // Each date once, centred in the span of its group on this page.
    let mut start = 0;
    while start < table.segments.len() {
        let date = &table.segments[start].date;
        let end = table.segments[start..]
            .iter()
            .position(|s| &s.date != date)
            .map_or(table.segments.len(), |n| start + n);
        let top = table.segments[start].top;
        let last = &table.segments[end - 1];
        let span_bottom = last.top - last.height;
        let width = cols[1] - cols[0] - 2.0 * PAD_X;
        let lines = crate::wrap::wrap(flow.face, date, BODY.size, width);
        let first_middle = (top + span_bottom) / 2.0 + (lines.len() as f32 - 1.0) * line / 2.0;
        for (n, text) in lines.iter().enumerate() {
            let middle = first_middle - n as f32 * line;
            flow.text_in_box(text, BODY, cols[0] + PAD_X, width, middle, Align::Centre);
        }
        start = end;
    }

    // Frame, the header's bottom rule and the column rules.
    let (left, right) = (cols[0], cols[3]);
    rule(flow, left, table.top, right, table.top, OUTER_RULE);
    rule(flow, left, bottom, right, bottom, OUTER_RULE);
    let header_bottom = table.top - header_height;
    rule(flow, left, header_bottom, right, header_bottom, OUTER_RULE);
    rule(flow, left, table.top, left, bottom, OUTER_RULE);
    rule(flow, right, table.top, right, bottom, OUTER_RULE);
    for &x in &cols[1..3] {
        rule(flow, x, table.top, x, bottom, INNER_RULE);
    }
}
