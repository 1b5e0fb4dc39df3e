//! The notice of 2022-10-10 (南昌航空大学 2023届) as it came: its 附件一 is the demo's timetable,
//! read by the same import the office uses, and its class codes are the demo roster's classes.

use chrono::{Duration, NaiveDate};
use gradphoto_domain::timetable::Draft;
use gradphoto_domain::timetable::notice::parse_notice;

pub const COHORT: i32 = 2023;
pub const TITLE: &str = "2023届毕业生图像信息采集";
pub const SCHOOL_CODE: &str = "10406";
pub const VENUE: &str = "大学生事务中心";

/// The notice's text.
pub const NOTICE: &str = include_str!("notice-2022-10-10.txt");
/// The notice's two shooting days as 附件一 writes them.
const NOTICE_DAYS: [&str; 2] = ["2022.10.20", "2022.10.21"];

/// 附件一 as read by the timetable import.
pub fn timetable() -> Draft {
    parse_notice(NOTICE)
}

/// Every class code of the timetable, in its order.
pub fn class_codes() -> Vec<String> {
    timetable()
        .class_codes()
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// The notice with its two shooting days moved to `first` and the day after, so that a demo
/// started today has classes due at the desk today.
pub fn notice_on(first: NaiveDate) -> (String, [NaiveDate; 2]) {
    let days = [first, first + Duration::days(1)];
    let mut text = NOTICE.to_owned();
    for (from, to) in NOTICE_DAYS.iter().zip(days) {
        text = text.replace(from, &to.format("%Y.%m.%d").to_string());
    }
    (text, days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_is_the_timetable() {
        let draft = timetable();
        assert!(draft.problems.is_empty(), "{:?}", draft.problems);
        assert_eq!(draft.slots.len(), 9);
        let codes = class_codes();
        let unique: std::collections::HashSet<&String> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len(), "a class appears in two slots");
    }

    #[test]
    fn moved_to_other_days() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let (text, days) = notice_on(first);
        let draft = parse_notice(&text);
        assert!(draft.problems.is_empty());
        let dates: std::collections::BTreeSet<_> = draft
            .slots
            .iter()
            .filter_map(|s| s.time.map(|t| t.date))
            .collect();
        assert_eq!(dates.into_iter().collect::<Vec<_>>(), days);
    }
}
