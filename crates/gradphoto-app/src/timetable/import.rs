//! Importing a timetable into a venue's working timetable: the notice's 附件一 as text (the
//! shape the office already writes), or a CSV/XLSX sheet of date, start, end and classes.
//! Every problem is listed with its line or row — codes not on the roster, a class placed
//! twice, overlapping slots, a slot outside the campaign's days — and nothing is written
//! until there are none. A dry run reads and checks only.

use std::collections::{HashMap, HashSet};

use gradphoto_domain::roster::Problem;
use gradphoto_domain::timetable::notice::parse_notice;
use gradphoto_domain::timetable::sheet::parse_sheet;
use gradphoto_domain::timetable::{Draft, check};
use gradphoto_domain::{CampaignId, ClassCode, Msg, Venue};
use gradphoto_sheet::{Limits, read_table, read_text};
use gradphoto_store::{Actor, NewSlot};
use serde::Serialize;

use crate::App;
use crate::error::Result;

/// One slot as the import read it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedSlot {
    pub line: usize,
    /// `10月20日 9:00-10:00`.
    pub slot: Msg,
    pub classes: Vec<String>,
    pub students: i64,
}

/// What a timetable import found and whether it was written.
#[derive(Debug, Clone, Serialize)]
pub struct TimetableImport {
    pub file_name: String,
    /// `notice` (the 附件一 text) or `sheet`.
    pub format: &'static str,
    pub venue: String,
    pub dry_run: bool,
    pub slots: Vec<ImportedSlot>,
    /// Every problem found. When not empty, nothing was written.
    pub problems: Vec<Problem>,
    pub applied: bool,
}

impl TimetableImport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn class_count(&self) -> usize {
        self.slots.iter().map(|s| s.classes.len()).sum()
    }
}

/// Reads the file as the notice's text or as a sheet.
fn read_draft(bytes: &[u8], file_name: &str) -> (Draft, &'static str) {
    let limits = Limits::default();
    let failed = |message: Msg| Draft {
        slots: Vec::new(),
        problems: vec![Problem::file(message)],
    };
    match read_text(bytes, &limits) {
        Err(e) => (failed(e.msg()), "sheet"),
        Ok(Some(text)) if !looks_like_a_table(&text) => (parse_notice(&text), "notice"),
        Ok(_) => match read_table(bytes, file_name, &limits) {
            Ok(table) => (parse_sheet(&table), "sheet"),
            Err(e) => (failed(e.msg()), "sheet"),
        },
    }
}

/// Text whose first non-blank line is a delimited header naming a date column: a CSV.
fn looks_like_a_table(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| {
            l.contains([',', '\t', '，'])
                && ["日期", "date", "Date", "DATE"]
                    .iter()
                    .any(|w| l.contains(w))
        })
}

/// Reads, checks and (unless `dry_run` or anything is wrong) writes a venue's timetable, all
/// or nothing.
pub async fn import_timetable(
    app: &App,
    campaign: CampaignId,
    venue: &Venue,
    bytes: &[u8],
    file_name: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<TimetableImport> {
    let (draft, format) = read_draft(bytes, file_name);
    let classes = app.repo.classes(campaign).await?;
    let by_code: HashMap<String, &gradphoto_store::ClassSummary> =
        classes.iter().map(|c| (c.code.clone(), c)).collect();
    let known: HashSet<ClassCode> = classes
        .iter()
        .filter_map(|c| ClassCode::parse(&c.code).ok())
        .collect();
    let days = app.repo.campaign_days(campaign).await?;
    let mut problems = draft.problems.clone();
    problems.extend(check(&draft, &known, &days));
    // A class already in a slot at another venue.
    for other in app.repo.venues(campaign).await? {
        if other.id == venue.id {
            continue;
        }
        let elsewhere: HashSet<String> = app
            .repo
            .slots(other.id)
            .await?
            .into_iter()
            .flat_map(|s| s.classes.into_iter().map(|c| c.code))
            .collect();
        for slot in &draft.slots {
            for class in slot
                .classes
                .iter()
                .filter(|c| elsewhere.contains(c.code.as_str()))
            {
                problems.push(Problem::at(
                    class.line,
                    "班级",
                    Some(class.code.as_str()),
                    Msg::new(
                        format!(
                            "班级 {} 已安排在地点“{}”：一个班级只能在一个时段",
                            class.code, other.name
                        ),
                        format!(
                            "class {} already has a slot at \"{}\": a class belongs to one slot",
                            class.code, other.name
                        ),
                    ),
                ));
            }
        }
    }
    problems.sort_by_key(|p| p.row.unwrap_or(0));
    let slots: Vec<ImportedSlot> = draft
        .slots
        .iter()
        .filter_map(|s| {
            let time = s.time?;
            Some(ImportedSlot {
                line: s.line,
                slot: time.label(),
                classes: s.classes.iter().map(|c| c.code.to_string()).collect(),
                students: s
                    .classes
                    .iter()
                    .filter_map(|c| by_code.get(c.code.as_str()))
                    .map(|c| c.students)
                    .sum(),
            })
        })
        .collect();
    let mut report = TimetableImport {
        file_name: file_name.to_owned(),
        format,
        venue: venue.name.clone(),
        dry_run,
        slots,
        problems,
        applied: false,
    };
    if dry_run || !report.is_ok() {
        return Ok(report);
    }
    // Pins survive a re-import: a class the office pinned stays pinned where the file puts it.
    let pinned: HashSet<String> = app
        .repo
        .slots(venue.id)
        .await?
        .into_iter()
        .flat_map(|s| s.classes.into_iter().filter(|c| c.pinned).map(|c| c.code))
        .collect();
    let new: Vec<NewSlot> = draft
        .slots
        .iter()
        .filter_map(|s| {
            Some(NewSlot {
                time: s.time?,
                classes: s
                    .classes
                    .iter()
                    .filter_map(|c| by_code.get(c.code.as_str()))
                    .map(|c| (c.id, pinned.contains(&c.code)))
                    .collect(),
            })
        })
        .collect();
    app.repo
        .replace_slots(venue.id, &new, actor, app.now())
        .await?;
    report.applied = true;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_is_told_from_a_notice() {
        assert!(looks_like_a_table(
            "日期,开始,结束,班级\n2022-10-20,9:00,10:00,190111\n"
        ));
        assert!(!looks_like_a_table("附件一：\n\t照相日期\n\t时  间\n"));
        assert!(!looks_like_a_table(
            "\n2022.10.20上午\n上午9：00—10：00\n190111、190112\n"
        ));
    }
}
