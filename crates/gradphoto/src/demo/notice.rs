//! 附件一 of the notice: the shooting timetable, class codes by time slot, as printed.

/// One time slot of the timetable: its date, start and end (local time), and the classes in it.
#[derive(Debug, Clone, Copy)]
pub struct NoticeSlot {
    pub date: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub classes: &'static [&'static str],
}

pub const COHORT: i32 = 2023;
pub const TITLE: &str = "2023届毕业生图像信息采集";
pub const SCHOOL_CODE: &str = "10406";
pub const VENUE: &str = "大学生事务中心";

pub const SLOTS: &[NoticeSlot] = &[
    NoticeSlot {
        date: "2022-10-20",
        start: "09:00",
        end: "10:00",
        classes: &[
            "190111", "190112", "190121", "190122", "190123", "190124", "190125", "190126",
            "190127", "190128", "190131", "190132", "190133", "190141", "190142", "190211",
            "190212", "190213", "190221", "190222",
        ],
    },
    NoticeSlot {
        date: "2022-10-20",
        start: "10:00",
        end: "11:00",
        classes: &[
            "190223", "190231", "190232", "190233", "190241", "190242", "190305", "190306",
            "190307", "190311", "190312", "190313", "190314", "190321", "190322", "190323",
            "190331", "190332", "190333",
        ],
    },
    NoticeSlot {
        date: "2022-10-20",
        start: "11:00",
        end: "12:00",
        classes: &[
            "190334", "190335", "190336", "190337", "190338", "190341", "190342", "190343",
            "190344", "190351", "190361", "190362", "190411", "190412", "190413", "190414",
            "190415", "190421", "190422", "190423", "190431",
        ],
    },
    NoticeSlot {
        date: "2022-10-20",
        start: "13:30",
        end: "14:30",
        classes: &[
            "190432", "190441", "190442", "190443", "190444", "190451", "190452", "190461",
            "190462", "190471", "190481", "190482", "190511", "190512", "190513", "190521",
            "190531", "190611", "190612",
        ],
    },
    NoticeSlot {
        date: "2022-10-20",
        start: "14:30",
        end: "15:30",
        classes: &[
            "190613", "190614", "190621", "190622", "190711", "190731", "190811", "190812",
            "190813", "190814", "190815", "190831", "190832", "190841", "190842", "190851",
            "190852", "190911",
        ],
    },
    NoticeSlot {
        date: "2022-10-20",
        start: "15:30",
        end: "16:30",
        classes: &[
            "190912", "190921", "190922", "190931", "190941", "190951", "190961", "190962",
            "190971", "191011", "191012", "191111", "191112", "191113", "191114", "191121",
            "191122", "191123",
        ],
    },
    NoticeSlot {
        date: "2022-10-21",
        start: "09:00",
        end: "10:00",
        classes: &[
            "191131", "191132", "191211", "191212", "191213", "191221", "191222", "191241",
            "191242", "191251", "191261", "191262", "191421", "191431", "191432", "191441",
            "191442", "191461", "191511", "191512", "191521", "D217041",
        ],
    },
    NoticeSlot {
        date: "2022-10-21",
        start: "10:00",
        end: "11:00",
        classes: &[
            "191621", "191622", "191623", "191624", "192011", "192012", "192013", "192014",
            "192015", "192016", "192051", "192061", "192071", "192072", "192073", "192081",
        ],
    },
    NoticeSlot {
        date: "2022-10-21",
        start: "11:00",
        end: "12:00",
        classes: &[
            "192211", "192212", "192213", "192214", "192251", "192252", "192271", "192281",
            "192291", "192292", "192293", "192294", "201451", "201452", "201531", "201532",
            "201533", "201534",
        ],
    },
];

/// Every class code of the timetable, in its order.
pub fn class_codes() -> impl Iterator<Item = &'static str> {
    SLOTS.iter().flat_map(|s| s.classes.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timetable_matches_the_notice() {
        let notice = include_str!("notice-2022-10-10.txt");
        let codes: Vec<&str> = class_codes().collect();
        assert_eq!(codes.len(), 171);
        let unique: std::collections::HashSet<&str> = codes.iter().copied().collect();
        assert_eq!(unique.len(), codes.len(), "a class appears in two slots");
        // Every code of 附件一 is here, and every code here is in 附件一.
        let in_notice: Vec<&str> = notice
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| {
                w.len() >= 6 && (w.starts_with("19") || w.starts_with("20") || w.starts_with('D'))
            })
            .filter(|w| w.chars().skip(1).all(|c| c.is_ascii_digit()))
            .collect();
        for code in &in_notice {
            assert!(
                unique.contains(code),
                "{code} is in the notice but not here"
            );
        }
        assert_eq!(in_notice.len(), codes.len());
    }
}
