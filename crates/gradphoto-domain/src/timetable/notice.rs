//! Reading the timetable in the notice's own shape, 附件一 as it stands in the notice's text:
//!
//! ```text
//!     2022.10.20上午
//!     上午9：00
//! —10：00
//!     190111、190112、190121、…、
//! 190125、190126、…
//! ```
//!
//! A date line opens a day (its 上午/下午 is only a heading); a time range, which may be broken
//! over two lines, opens a slot; class codes separated by `、` (wrapped across lines, a
//! trailing `、` allowed) fill the slot until the next range. The table's headings (照相日期,
//! 时间, 班级) are skipped. When the text holds the whole notice, only the part after `附件一`
//! and before `附件二` is read. Anything else is a problem at its line.

use chrono::NaiveDate;

use super::time_text::{fold, parse_day, parse_time_range};
use super::{Draft, DraftClass, DraftSlot, SlotTime};
use crate::roster::Problem;
use crate::{ClassCode, Msg};

/// The column name problems of a notice text carry.
const COLUMN: &str = "附件一";
const HEADINGS: &[&str] = &[
    "照相日期",
    "拍摄日期",
    "日期",
    "时间",
    "时 间",
    "班级",
    "班 级",
];
const SEPARATORS: &[char] = &['、', ',', '，', ';', '；'];

/// Reads 附件一 (or a text holding only its table) into a draft.
pub fn parse_notice(text: &str) -> Draft {
    let mut draft = Draft::default();
    let lines: Vec<&str> = text.lines().collect();
    let (first, last) = section(&lines);
    let mut day: Option<NaiveDate> = None;
    // A time range begun on one line and finished on the next: (line, text so far).
    let mut pending_range: Option<(usize, String)> = None;
    for (index, raw) in lines.iter().enumerate().take(last).skip(first) {
        let line = index + 1;
        let folded = fold(raw);
        if folded.is_empty() || HEADINGS.contains(&folded.as_str()) {
            continue;
        }
        if let Some((start_line, mut range)) = pending_range.take() {
            range.push_str(&folded);
            open_slot(&mut draft, day, start_line, &range);
            continue;
        }
        if is_day(&folded) {
            match parse_day(&folded) {
                Some(d) => day = Some(d),
                None => draft.problems.push(Problem::at(
                    line,
                    COLUMN,
                    Some(raw.trim()),
                    Msg::new(
                        "日期无法识别，请写作 2022.10.20上午 或 2022-10-20",
                        "the date is not recognised; write it as 2022.10.20上午 or 2022-10-20",
                    ),
                )),
            }
            continue;
        }
        if is_time(&folded) {
            if ends_with_range_mark(&folded) || !has_range_mark(&folded) {
                pending_range = Some((line, folded));
            } else {
                open_slot(&mut draft, day, line, &folded);
            }
            continue;
        }
        read_classes(&mut draft, line, raw);
    }
    if let Some((line, range)) = pending_range {
        open_slot(&mut draft, day, line, &range);
    }
    draft
}

/// The lines of 附件一: after its heading, before the next 附件; the whole text when it has no
/// heading.
fn section(lines: &[&str]) -> (usize, usize) {
    let start = lines
        .iter()
        .position(|l| fold(l).starts_with("附件一"))
        .map(|i| i + 1);
    let Some(start) = start else {
        return (0, lines.len());
    };
    let end = lines
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, l)| {
            let f = fold(l);
            f.starts_with("附件") && !f.starts_with("附件一")
        })
        .map_or(lines.len(), |(i, _)| i);
    (start, end)
}

/// A line that starts with a four-digit year and a separator: `2022.10.20上午`.
fn is_day(s: &str) -> bool {
    let mut chars = s.chars();
    chars.by_ref().take(4).filter(char::is_ascii_digit).count() == 4
        && matches!(chars.next(), Some('.' | '-' | '/' | '年'))
}

/// A line that is (part of) a time range: it holds a clock time (`9:00`) or opens with a
/// half-day word or a dash.
fn is_time(s: &str) -> bool {
    let s = s.trim_start_matches(['上', '下', '中', '午', '晚']);
    s.starts_with(['—', '–', '―', '－', '-', '~', '～'])
        || s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.contains(':')
}

fn has_range_mark(s: &str) -> bool {
    s.chars()
        .skip(1)
        .any(|c| matches!(c, '—' | '–' | '―' | '－' | '-' | '~' | '～' | '至'))
}

fn ends_with_range_mark(s: &str) -> bool {
    s.ends_with(['—', '–', '―', '－', '-', '~', '～', '至'])
}

fn open_slot(draft: &mut Draft, day: Option<NaiveDate>, line: usize, range: &str) {
    let Some(date) = day else {
        draft.problems.push(Problem::at(
            line,
            COLUMN,
            Some(range),
            Msg::new(
                "这个时段前面没有日期：请在时段之前写上日期，例如 2022.10.20上午",
                "this slot has no date before it: write the date first, e.g. 2022.10.20上午",
            ),
        ));
        // The classes that follow still belong to a slot: keep reading them into one that is
        // dropped, so they are not also reported as classes without a slot.
        draft.slots.push(DraftSlot {
            line,
            time: None,
            classes: Vec::new(),
        });
        return;
    };
    let time =
        match parse_time_range(range).and_then(|(start, end)| SlotTime::new(date, start, end)) {
            Ok(time) => Some(time),
            Err(message) => {
                draft
                    .problems
                    .push(Problem::at(line, COLUMN, Some(range), message));
                None
            }
        };
    draft.slots.push(DraftSlot {
        line,
        time,
        classes: Vec::new(),
    });
}

fn read_classes(draft: &mut Draft, line: usize, raw: &str) {
    let codes: Vec<&str> = raw
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(slot) = draft.slots.last_mut() else {
        draft.problems.push(Problem::at(
            line,
            COLUMN,
            Some(raw.trim()),
            Msg::new(
                "这些班级前面没有时段：请先写日期和时间（例如 上午9：00—10：00），再写班级",
                "these classes have no slot before them: write the date and time (e.g. 9:00-10:00) first",
            ),
        ));
        return;
    };
    for code in codes {
        match ClassCode::parse(code) {
            Ok(code) => slot.classes.push(DraftClass { line, code }),
            Err(message) => draft
                .problems
                .push(Problem::at(line, COLUMN, Some(code), message)),
        }
    }
}

#[cfg(test)]
#[path = "notice_tests.rs"]
mod tests;
