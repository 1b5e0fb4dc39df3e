use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::timetable::Draft;

/// The notice as it came, kept beside the demo that seeds from it.
const NOTICE: &str = include_str!("../../../gradphoto/src/demo/notice-2022-10-10.txt");

/// The class codes of 附件一 counted the simplest way, independently of the parser: every run
/// of six or seven letters and digits that starts with a digit or `D`, between 附件一 and 附件二.
fn codes_by_scan(text: &str) -> Vec<String> {
    let start = text
        .find("附件一：")
        .map(|i| i + "附件一：".len())
        .unwrap_or(0);
    let end = text[start..]
        .find("附件二：")
        .map_or(text.len(), |i| start + i);
    let mut codes = Vec::new();
    let mut run = String::new();
    for c in text[start..end].chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            let first = run.chars().next();
            if (6..=7).contains(&run.len())
                && matches!(first, Some('0'..='9' | 'D'))
                && run.chars().skip(1).all(|c| c.is_ascii_digit())
            {
                codes.push(std::mem::take(&mut run));
            }
            run.clear();
        }
    }
    codes
}

fn codes(draft: &Draft) -> Vec<String> {
    draft.class_codes().map(|c| c.as_str().to_owned()).collect()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

#[test]
fn the_notice_reads_into_its_slots_and_classes() {
    let draft = parse_notice(NOTICE);
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    // The slots: one per time range of the table, each 上午…/下午… opening a range.
    let section = NOTICE.split("附件一：").nth(1).unwrap_or_default();
    let section = section.split("附件二：").next().unwrap_or_default();
    let ranges = section
        .lines()
        .filter(|l| {
            let l = l.trim();
            (l.starts_with("上午") || l.starts_with("下午")) && l.contains('：')
        })
        .count();
    assert_eq!(draft.slots.len(), ranges);
    assert_eq!(ranges, 9, "the notice's timetable has nine slots");
    assert_eq!(codes(&draft), codes_by_scan(NOTICE));
    let first = draft.slots[0].time.unwrap_or_else(|| panic!("first slot"));
    assert_eq!(
        first.date,
        NaiveDate::from_ymd_opt(2022, 10, 20).unwrap_or_default()
    );
    assert_eq!((first.start, first.end), (t(9, 0), t(10, 0)));
    let afternoon = draft.slots[3].time.unwrap_or_else(|| panic!("fourth slot"));
    assert_eq!((afternoon.start, afternoon.end), (t(13, 30), t(14, 30)));
    let last = draft.slots[8].time.unwrap_or_else(|| panic!("last slot"));
    assert_eq!(
        last.date,
        NaiveDate::from_ymd_opt(2022, 10, 21).unwrap_or_default()
    );
    assert!(codes(&draft).contains(&"D217041".to_owned()));
    // Codes wrapped across lines keep the line they were written on.
    let wrapped = &draft.slots[0].classes[6];
    assert_eq!(wrapped.code.as_str(), "190125");
    assert_eq!(
        NOTICE
            .lines()
            .nth(wrapped.line - 1)
            .map(str::trim)
            .map(|l| l.starts_with("190125")),
        Some(true)
    );
}

#[test]
fn only_the_table_of_the_notice_is_read() {
    let draft = parse_notice(NOTICE);
    let distinct: BTreeSet<_> = codes(&draft).into_iter().collect();
    assert_eq!(
        distinct.len(),
        codes(&draft).len(),
        "no class twice in the notice"
    );
}

#[test]
fn a_table_without_its_notice_reads_the_same() {
    let table = "2022.10.20上午\n上午9：00\n—10：00\n190111、190112、\n190121\n\n上午10：00—11：00\n190122\n";
    let draft = parse_notice(table);
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    assert_eq!(draft.slots.len(), 2);
    assert_eq!(codes(&draft), ["190111", "190112", "190121", "190122"]);
}

#[test]
fn problems_carry_their_line() {
    let text = "上午9:00-10:00\n190111\n2022.13.40上午\n2022.10.20上午\n上午10:00-9:00\n190112\n上午11:00-12:00\n1901#1、190113\n";
    let draft = parse_notice(text);
    let lines: Vec<_> = draft.problems.iter().map(|p| p.row).collect();
    // A slot with no date, a date that is no date, a slot that ends before it starts, a code
    // that is no code.
    assert_eq!(
        lines,
        [Some(1), Some(3), Some(5), Some(8)],
        "{:?}",
        draft.problems
    );
    assert_eq!(draft.problems[3].value.as_deref(), Some("1901#1"));
    // The good code after the bad one is still read, into the right slot.
    assert_eq!(draft.slots.last().map(|s| s.classes.len()), Some(1));

    let draft = parse_notice("190111、190112\n");
    assert_eq!(draft.problems.len(), 1);
    assert_eq!(draft.problems[0].row, Some(1));
    assert!(draft.problems[0].message.zh.contains("没有时段"));
}
