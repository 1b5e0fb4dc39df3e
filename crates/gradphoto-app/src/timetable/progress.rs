//! How far each class has come, for the college leads on the shooting day: per class, its slot
//! by the latest published version, how many students it has (expected), how many checked in,
//! how many have a photo, and how many have not come yet; and, once a class's slot has ended,
//! which of its students never came, as a list a lead can export.
//!
//! **Checked in** means holding a ticket (not voided) issued on *any* day of the campaign, not
//! only today: a student who came early, or on another day, has come, and the lead's question
//! is who is still missing. For the same reason "not come" is expected − checked in.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use gradphoto_domain::timetable::SlotTime;
use gradphoto_domain::{CampaignId, ClassId, CollegeId, StudentId, VenueId};
use gradphoto_store::TimetableVersion;
use serde::Serialize;

use crate::App;
use crate::error::{AppError, Result};

/// Where a class's slot stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotStage {
    Upcoming,
    Now,
    Ended,
}

impl SlotStage {
    pub fn at(time: &SlotTime, now: DateTime<Utc>) -> Self {
        if now >= time.ends_at() {
            SlotStage::Ended
        } else if now >= time.starts_at() {
            SlotStage::Now
        } else {
            SlotStage::Upcoming
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SlotStage::Upcoming => "upcoming",
            SlotStage::Now => "now",
            SlotStage::Ended => "ended",
        }
    }
}

/// A class's slot in the latest published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSlot {
    pub venue_id: VenueId,
    pub venue_name: String,
    pub time: SlotTime,
    pub stage: SlotStage,
}

/// One class's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassProgress {
    pub class_id: ClassId,
    pub code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
    /// `None` before the first version is published, or when the class has no slot in it.
    pub slot: Option<ClassSlot>,
    pub expected: i64,
    pub checked_in: i64,
    pub photographed: i64,
    pub not_come: i64,
    /// Proofreading: answered "正确", answered "有误", not answered yet.
    pub confirmed: i64,
    pub disputed: i64,
    pub not_proofread: i64,
}

/// The counts of a set of classes added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub expected: i64,
    pub checked_in: i64,
    pub photographed: i64,
    pub not_come: i64,
    pub confirmed: i64,
    pub disputed: i64,
    pub not_proofread: i64,
}

/// Every class a viewer may see, with its slot and counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The published version the slots are from.
    pub version: Option<i64>,
    /// When the counts were read (the App's clock).
    pub at: DateTime<Utc>,
    /// In slot order (classes without a slot last), then by code.
    pub classes: Vec<ClassProgress>,
    pub totals: Totals,
}

/// The latest published version, if any.
pub(crate) async fn latest_version(
    app: &App,
    campaign: CampaignId,
) -> Result<Option<TimetableVersion>> {
    let Some(info) = app
        .repo
        .timetable_versions(campaign)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    app.repo
        .timetable_version(campaign, info.number)
        .await?
        .map(Some)
        .ok_or_else(|| AppError::Internal(format!("version {} listed but absent", info.number)))
}

/// The classes of the campaign — of the colleges in `scope` when given, as a college role
/// sees them — with their slots and counts: one grouped query for the counts, two for the
/// latest version.
pub async fn class_progress(
    app: &App,
    campaign: CampaignId,
    scope: Option<&[CollegeId]>,
) -> Result<Progress> {
    let now = app.now();
    let version = latest_version(app, campaign).await?;
    let mut slots: HashMap<ClassId, ClassSlot> = HashMap::new();
    for slot in version.iter().flat_map(|v| &v.slots) {
        for class in &slot.classes {
            slots.insert(
                class.class_id,
                ClassSlot {
                    venue_id: slot.venue_id,
                    venue_name: slot.venue_name.clone(),
                    time: slot.time,
                    stage: SlotStage::at(&slot.time, now),
                },
            );
        }
    }
    let mut classes: Vec<ClassProgress> = app
        .repo
        .class_counts(campaign, scope)
        .await?
        .into_iter()
        .map(|c| ClassProgress {
            slot: slots.remove(&c.class_id),
            not_come: (c.students - c.checked_in).max(0),
            not_proofread: (c.students - c.confirmed - c.disputed).max(0),
            confirmed: c.confirmed,
            disputed: c.disputed,
            class_id: c.class_id,
            code: c.code,
            college_id: c.college_id,
            college_name: c.college_name,
            expected: c.students,
            checked_in: c.checked_in,
            photographed: c.photographed,
        })
        .collect();
    classes.sort_by(|a, b| {
        let key = |c: &ClassProgress| {
            c.slot
                .as_ref()
                .map(|s| (s.time.date, s.time.start, s.venue_name.clone()))
        };
        // `None` after every slot.
        (key(a).is_none(), key(a), &a.code).cmp(&(key(b).is_none(), key(b), &b.code))
    });
    let totals = classes.iter().fold(Totals::default(), |t, c| Totals {
        expected: t.expected + c.expected,
        checked_in: t.checked_in + c.checked_in,
        photographed: t.photographed + c.photographed,
        not_come: t.not_come + c.not_come,
        confirmed: t.confirmed + c.confirmed,
        disputed: t.disputed + c.disputed,
        not_proofread: t.not_proofread + c.not_proofread,
    });
    Ok(Progress {
        version: version.map(|v| v.info.number),
        at: now,
        classes,
        totals,
    })
}

/// A student whose class's slot has ended and who never checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCome {
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub class_code: String,
    pub college: Option<String>,
    pub venue: String,
    pub slot: SlotTime,
}

/// The students, of the classes `scope` allows, whose slot has ended by the App's clock and
/// who hold no ticket, in slot order, then by class and 学号.
pub async fn not_come_after_slot(
    app: &App,
    campaign: CampaignId,
    scope: Option<&[CollegeId]>,
) -> Result<Vec<NotCome>> {
    let progress = class_progress(app, campaign, scope).await?;
    not_come_in(app, campaign, &progress).await
}

/// [`not_come_after_slot`] for the classes of a progress already read (one query more).
pub async fn not_come_in(
    app: &App,
    campaign: CampaignId,
    progress: &Progress,
) -> Result<Vec<NotCome>> {
    let ended: HashMap<ClassId, &ClassSlot> = progress
        .classes
        .iter()
        .filter(|c| c.not_come > 0)
        .filter_map(|c| {
            let slot = c.slot.as_ref().filter(|s| s.stage == SlotStage::Ended)?;
            Some((c.class_id, slot))
        })
        .collect();
    let ids: Vec<ClassId> = ended.keys().copied().collect();
    let mut rows: Vec<NotCome> = app
        .repo
        .students_without_ticket(campaign, &ids)
        .await?
        .into_iter()
        .filter_map(|s| {
            let slot = ended.get(&s.class_id)?;
            Some(NotCome {
                student_id: s.student_id,
                student_no: s.student_no,
                name: s.name,
                class_code: s.class_code,
                college: s.college_name,
                venue: slot.venue_name.clone(),
                slot: slot.time,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.slot, &a.class_code, &a.student_no).cmp(&(b.slot, &b.class_code, &b.student_no))
    });
    Ok(rows)
}

/// The header row of the export.
pub const NOT_COME_HEADER: [&str; 6] = ["学号", "姓名", "班级", "学院", "拍摄时段", "拍摄地点"];

/// The not-come list as an XLSX workbook: one sheet, [`NOT_COME_HEADER`] then a row per
/// student, every cell text (a 学号 keeps its leading zeros). Written on a blocking thread
/// with a job's CPU permit: an export can wait for a frame being judged.
pub async fn not_come_workbook(app: &App, rows: Vec<NotCome>) -> Result<Vec<u8>> {
    let cells = rows
        .into_iter()
        .map(|s| {
            vec![
                s.student_no,
                s.name,
                s.class_code,
                s.college.unwrap_or_default(),
                s.slot.label().zh,
                s.venue,
            ]
        })
        .collect();
    list_workbook(
        app,
        "未到学生",
        &NOT_COME_HEADER,
        &[14.0, 10.0, 10.0, 24.0, 20.0, 16.0],
        cells,
    )
    .await
}

/// The header row of the not-proofread export.
pub const NOT_PROOFREAD_HEADER: [&str; 4] = ["学号", "姓名", "班级", "学院"];

/// The students, of the classes `scope` allows, who have given no proofreading answer yet,
/// by class and 学号, as an XLSX workbook for the college leads to chase.
pub async fn not_proofread_workbook(
    app: &App,
    campaign: CampaignId,
    scope: Option<&[CollegeId]>,
) -> Result<Vec<u8>> {
    let classes: Vec<ClassId> = app
        .repo
        .class_counts(campaign, scope)
        .await?
        .into_iter()
        .filter(|c| c.students > c.confirmed + c.disputed)
        .map(|c| c.class_id)
        .collect();
    let cells = app
        .repo
        .students_without_proof(campaign, &classes)
        .await?
        .into_iter()
        .map(|s| {
            vec![
                s.student_no,
                s.name,
                s.class_code,
                s.college_name.unwrap_or_default(),
            ]
        })
        .collect();
    list_workbook(
        app,
        "未校对学生",
        &NOT_PROOFREAD_HEADER,
        &[14.0, 10.0, 10.0, 24.0],
        cells,
    )
    .await
}

async fn list_workbook(
    app: &App,
    sheet: &'static str,
    header: &'static [&'static str],
    widths: &'static [f64],
    rows: Vec<Vec<String>>,
) -> Result<Vec<u8>> {
    let _cpu = app.cpu.job().await;
    tokio::task::spawn_blocking(move || write_list(sheet, header, widths, &rows))
        .await?
        .map_err(|e| AppError::Internal(format!("writing the {sheet} workbook: {e}")))
}

/// One sheet: a bold, frozen header and a row per entry, every cell text.
fn write_list(
    name: &str,
    header: &[&str],
    widths: &[f64],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    for (c, (title, width)) in header.iter().zip(widths).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *title, &bold)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r, c as u16, cell)?;
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone};

    use super::*;

    #[test]
    fn a_slot_is_upcoming_now_or_ended_in_china_time() {
        let slot = SlotTime::new(
            NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        )
        .unwrap();
        // 9:00 in China is 1:00 UTC.
        let at = |h, m| Utc.with_ymd_and_hms(2023, 3, 1, h, m, 0).unwrap();
        assert_eq!(SlotStage::at(&slot, at(0, 59)), SlotStage::Upcoming);
        assert_eq!(SlotStage::at(&slot, at(1, 0)), SlotStage::Now);
        assert_eq!(SlotStage::at(&slot, at(1, 59)), SlotStage::Now);
        assert_eq!(SlotStage::at(&slot, at(2, 0)), SlotStage::Ended);
    }
}
