//! Checking a draft timetable before anything is stored: every class is on the roster and in
//! one slot only, no two slots overlap, every slot is on one of the campaign's shooting days.
//! Each problem carries the line or row of the file where the person can fix it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::Draft;
use crate::roster::Problem;
use crate::{ClassCode, Msg};

const CLASS_COLUMN: &str = "班级";

/// The problems of `draft` against the roster's class codes and the campaign's days.
pub fn check(draft: &Draft, known: &HashSet<ClassCode>, days: &[NaiveDate]) -> Vec<Problem> {
    let mut problems = Vec::new();
    if days.is_empty() {
        problems.push(Problem::file(Msg::new(
            "本次采集还没有设置拍摄日期：请先设置（gradphoto campaign days 2022-10-20 2022-10-21，或在“采集设置”页面），再导入时间安排",
            "the campaign has no shooting days yet: set them first (gradphoto campaign days 2022-10-20 2022-10-21, or on the campaign settings page), then import the timetable",
        )));
    }
    let mut placed: HashMap<&ClassCode, usize> = HashMap::new();
    for slot in &draft.slots {
        for class in &slot.classes {
            if !known.contains(&class.code) {
                problems.push(Problem::at(
                    class.line,
                    CLASS_COLUMN,
                    Some(class.code.as_str()),
                    Msg::new(
                        format!("花名册中没有班级 {}：请核对班级代码，或先导入该班的花名册", class.code),
                        format!(
                            "class {} is not on the roster: check the code, or import that class's roster first",
                            class.code
                        ),
                    ),
                ));
            }
            if let Some(first) = placed.insert(&class.code, class.line) {
                placed.insert(&class.code, first);
                problems.push(Problem::at(
                    class.line,
                    CLASS_COLUMN,
                    Some(class.code.as_str()),
                    Msg::new(
                        format!("班级 {} 被安排了两次（第一次在第 {first} 行）：一个班级只能在一个时段", class.code),
                        format!(
                            "class {} is placed twice (first on line {first}): a class belongs to one slot",
                            class.code
                        ),
                    ),
                ));
            }
        }
    }
    let slots: Vec<_> = draft
        .slots
        .iter()
        .filter_map(|s| s.time.map(|t| (s.line, t)))
        .collect();
    for (i, (line, time)) in slots.iter().enumerate() {
        if !days.is_empty() && !days.contains(&time.date) {
            let listed: Vec<String> = days.iter().map(|d| d.to_string()).collect();
            problems.push(Problem::at(
                *line,
                "日期",
                Some(&time.date.to_string()),
                Msg::new(
                    format!(
                        "时段 {} 不在本次采集的拍摄日期内（{}）",
                        time.label().zh,
                        listed.join("、")
                    ),
                    format!(
                        "the slot {} is not on one of the campaign's shooting days ({})",
                        time.label().en,
                        listed.join(", ")
                    ),
                ),
            ));
        }
        if let Some((other_line, other)) = slots[..i].iter().find(|(_, o)| o.overlaps(time)) {
            problems.push(Problem::at(
                *line,
                "时间",
                Some(&time.label().zh),
                Msg::new(
                    format!(
                        "时段 {} 与第 {other_line} 行的时段 {} 重叠：同一地点的时段不能重叠",
                        time.label().zh,
                        other.label().zh
                    ),
                    format!(
                        "the slot {} overlaps the slot {} on line {other_line}: slots at one venue may not overlap",
                        time.label().en,
                        other.label().en
                    ),
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timetable::notice::parse_notice;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 10, d).unwrap_or_default()
    }

    fn known(codes: &[&str]) -> HashSet<ClassCode> {
        codes
            .iter()
            .filter_map(|c| ClassCode::parse(c).ok())
            .collect()
    }

    #[test]
    fn each_problem_at_its_line() {
        let text = "2022.10.20上午\n上午9:00-10:00\n190111、190112\n上午9:30-10:30\n190113、190111\n2022.10.22上午\n上午9:00-10:00\n190999\n";
        let draft = parse_notice(text);
        assert!(draft.problems.is_empty());
        let problems = check(
            &draft,
            &known(&["190111", "190112", "190113"]),
            &[day(20), day(21)],
        );
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.row, p.value.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(5), "190111".into()),              // placed twice
                (Some(8), "190999".into()),              // not on the roster
                (Some(4), "10月20日 9:30-10:30".into()), // overlaps line 2
                (Some(7), "2022-10-22".into()),          // not a shooting day
            ],
            "{problems:?}"
        );
        assert!(problems[0].message.zh.contains("第 3 行"));
        assert!(problems[2].message.en.contains("line 2"));
    }

    #[test]
    fn no_days_is_a_problem_of_the_file() {
        let draft = parse_notice("2022.10.20上午\n上午9:00-10:00\n190111\n");
        let problems = check(&draft, &known(&["190111"]), &[]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, None);
        assert!(check(&draft, &known(&["190111"]), &[day(20)]).is_empty());
    }
}
