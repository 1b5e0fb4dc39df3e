//! The timetable of 附件一, read from the repository's copy of the office's notice
//! (`crates/gradphoto/src/demo/notice-2022-10-10.txt`) with a plain scan, no regex: a line
//! starting with "2022." opens a date, a line "上午9：00" / "下午13：30" opens a slot (its end
//! time is on the next line, "—10：00"), and every token of six or seven digits, or `D` and
//! digits, is a class code of the current slot.
//!
//! Shared by the integration tests and the `pdf_bench` example (included with `#[path]`).

use gradphoto_pdf::{ChangeGroup, NoticeRow, TimetableNotice};

/// The notice text, read relative to this crate so the tests never look outside the repo.
pub fn notice_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gradphoto/src/demo/notice-2022-10-10.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => panic!("cannot read the demo notice {path}: {e}"),
    }
}

/// The slots of 附件一 in order: date, time ("上午9:00—10:00") and class codes.
pub fn attachment_one_rows(text: &str) -> Vec<NoticeRow> {
    let start = text.find("附件一：").unwrap_or(text.len());
    let end = text[start..]
        .find("附件二：")
        .map_or(text.len(), |n| start + n);
    let mut rows: Vec<NoticeRow> = Vec::new();
    let mut date = String::new();
    let mut lines = text[start..end].lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("2022.") {
            date = line.to_owned();
        } else if (line.starts_with("上午") || line.starts_with("下午"))
            && line.chars().nth(2).is_some_and(|c| c.is_ascii_digit())
        {
            let until = lines.next_if(|l| l.starts_with('—')).unwrap_or_default();
            let time = format!("{line}{until}").replace('：', ":");
            rows.push(NoticeRow {
                date: date.clone(),
                time,
                classes: Vec::new(),
            });
        } else if let Some(row) = rows.last_mut() {
            row.classes.extend(class_codes(line));
        }
    }
    rows
}

/// The class codes in `line`: maximal runs of ASCII digits and `D`, six or seven long, all
/// digits or `D` followed by digits.
pub fn class_codes(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_digit() || c == 'D'))
        .filter(|token| {
            let digits = token.strip_prefix('D').unwrap_or(token);
            (6..=7).contains(&token.len())
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

/// The published notice of 附件一 with `changes` change lines (spread over three colleges).
pub fn demo_notice(changes: usize) -> TimetableNotice {
    let rows = attachment_one_rows(&notice_text());
    let colleges = ["飞行器工程学院", "信息工程学院", "经济管理学院"];
    let mut groups: Vec<ChangeGroup> = colleges
        .iter()
        .map(|college| ChangeGroup {
            college: (*college).to_owned(),
            lines: Vec::new(),
        })
        .collect();
    let codes: Vec<&String> = rows.iter().flat_map(|r| &r.classes).collect();
    for (i, code) in codes.iter().take(changes).enumerate() {
        let hour = 9 + i % 3;
        groups[i % colleges.len()].lines.push(format!(
            "班级 {code}：10月20日 {hour}:00 → 10月21日 {}:00",
            hour + 1
        ));
    }
    groups.retain(|g| !g.lines.is_empty());
    TimetableNotice {
        title: "2023届毕业生图像信息采集 拍摄时间安排".to_owned(),
        version_line: "第 3 版 · 2022年10月12日 14:05 发布".to_owned(),
        venue_line: "地点：大学生事务中心；请提前 15 分钟到达，不得提前、滞后".to_owned(),
        rows,
        changes: groups,
        footer: "南昌航空大学教务处".to_owned(),
    }
}
