//! The timetable's JSON shapes: a published version with its changes, and the classes'
//! progress on the day. The progress shape is also what the class page's event stream sends.

use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_app::timetable::progress::{ClassSlot, Totals};
use gradphoto_app::timetable::{
    ClassChange, ClassProgress, CollegeChanges, NotCome, Progress, VersionNotice,
};
use gradphoto_domain::timetable::SlotTime;
use gradphoto_domain::timetable::slot_time::hm;
use gradphoto_store::VersionSlot;
use serde::Serialize;
use utoipa::ToSchema;

/// When a slot is, as programs and people read it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SlotTimeDto {
    pub date: NaiveDate,
    /// `9:00`, China Standard Time.
    pub start: String,
    pub end: String,
    /// `10月21日 9:00-10:00`.
    pub label_zh: String,
    /// `21 Oct 9:00-10:00`.
    pub label_en: String,
}

impl From<&SlotTime> for SlotTimeDto {
    fn from(t: &SlotTime) -> Self {
        let label = t.label();
        Self {
            date: t.date,
            start: hm(t.start),
            end: hm(t.end),
            label_zh: label.zh,
            label_en: label.en,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionClassDto {
    pub code: String,
    pub college: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionSlotDto {
    pub venue_id: i64,
    pub venue_name: String,
    pub time: SlotTimeDto,
    pub classes: Vec<VersionClassDto>,
}

impl From<&VersionSlot> for VersionSlotDto {
    fn from(s: &VersionSlot) -> Self {
        Self {
            venue_id: s.venue_id.0,
            venue_name: s.venue_name.clone(),
            time: SlotTimeDto::from(&s.time),
            classes: s
                .classes
                .iter()
                .map(|c| VersionClassDto {
                    code: c.code.clone(),
                    college: c.college_name.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassChangeDto {
    pub class: String,
    /// `None`: the class had no slot before (or has none now).
    pub from: Option<SlotTimeDto>,
    pub to: Option<SlotTimeDto>,
    /// `班级 190111：10月20日 9:00 → 10月21日 9:00`.
    pub line: String,
}

impl From<&ClassChange> for ClassChangeDto {
    fn from(c: &ClassChange) -> Self {
        Self {
            class: c.class.clone(),
            from: c.from.as_ref().map(SlotTimeDto::from),
            to: c.to.as_ref().map(SlotTimeDto::from),
            line: c.line.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollegeChangesDto {
    pub college: String,
    pub changes: Vec<ClassChangeDto>,
}

impl From<&CollegeChanges> for CollegeChangesDto {
    fn from(c: &CollegeChanges) -> Self {
        Self {
            college: c.college.clone(),
            changes: c.changes.iter().map(ClassChangeDto::from).collect(),
        }
    }
}

/// A published version of the timetable: never edited once published.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimetableDto {
    pub number: i64,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
    /// The version the changes are counted from; `None` for the first.
    pub previous: Option<i64>,
    /// Every venue's slots, in time order.
    pub slots: Vec<VersionSlotDto>,
    /// What changed since `previous`, per college; for college roles, their colleges only.
    pub changes: Vec<CollegeChangesDto>,
    /// Students are asked to arrive this many minutes before their slot.
    pub arrive_early_min: u32,
}

impl From<&VersionNotice> for TimetableDto {
    fn from(n: &VersionNotice) -> Self {
        let info = &n.version.info;
        Self {
            number: info.number,
            published_at: info.published_at,
            published_by: info.published_by.clone(),
            previous: n.previous,
            slots: n.version.slots.iter().map(VersionSlotDto::from).collect(),
            changes: n.changes.iter().map(CollegeChangesDto::from).collect(),
            arrive_early_min: n.policy.arrive_early_min,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassSlotDto {
    pub venue_id: i64,
    pub venue_name: String,
    pub time: SlotTimeDto,
    /// `upcoming`, `now` or `ended`, by the server's clock.
    pub stage: String,
}

impl From<&ClassSlot> for ClassSlotDto {
    fn from(s: &ClassSlot) -> Self {
        Self {
            venue_id: s.venue_id.0,
            venue_name: s.venue_name.clone(),
            time: SlotTimeDto::from(&s.time),
            stage: s.stage.code().to_owned(),
        }
    }
}

/// One class on the day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassProgressDto {
    pub class_id: i64,
    pub code: String,
    pub college: Option<String>,
    /// By the latest published version; `None` before one, or when the class is in none of
    /// its slots.
    pub slot: Option<ClassSlotDto>,
    /// Students of the class on the roster (应到).
    pub expected: i64,
    /// Students who checked in, on any day (已签到).
    pub checked_in: i64,
    /// Students with an accepted photo (已拍摄).
    pub photographed: i64,
    /// expected − checked in (未到).
    pub not_come: i64,
    /// Students whose proofreading answer is "正确" (已校对正确).
    pub confirmed: i64,
    /// … "有误" (校对有误).
    pub disputed: i64,
    /// Students who have not answered (未校对).
    pub not_proofread: i64,
}

impl From<&ClassProgress> for ClassProgressDto {
    fn from(c: &ClassProgress) -> Self {
        Self {
            class_id: c.class_id.0,
            code: c.code.clone(),
            college: c.college_name.clone(),
            slot: c.slot.as_ref().map(ClassSlotDto::from),
            expected: c.expected,
            checked_in: c.checked_in,
            photographed: c.photographed,
            not_come: c.not_come,
            confirmed: c.confirmed,
            disputed: c.disputed,
            not_proofread: c.not_proofread,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TotalsDto {
    pub expected: i64,
    pub checked_in: i64,
    pub photographed: i64,
    pub not_come: i64,
    pub confirmed: i64,
    pub disputed: i64,
    pub not_proofread: i64,
}

impl From<&Totals> for TotalsDto {
    fn from(t: &Totals) -> Self {
        Self {
            expected: t.expected,
            checked_in: t.checked_in,
            photographed: t.photographed,
            not_come: t.not_come,
            confirmed: t.confirmed,
            disputed: t.disputed,
            not_proofread: t.not_proofread,
        }
    }
}

/// A student whose class's slot has ended and who never checked in.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotComeDto {
    pub student_id: i64,
    pub student_no: String,
    pub name: String,
    pub class_code: String,
    pub college: Option<String>,
    pub venue: String,
    pub slot: SlotTimeDto,
}

impl From<&NotCome> for NotComeDto {
    fn from(s: &NotCome) -> Self {
        Self {
            student_id: s.student_id.0,
            student_no: s.student_no.clone(),
            name: s.name.clone(),
            class_code: s.class_code.clone(),
            college: s.college.clone(),
            venue: s.venue.clone(),
            slot: SlotTimeDto::from(&s.slot),
        }
    }
}

/// The classes a user may see, live on the shooting day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassesDto {
    /// The published version the slots are from; `None` before the first.
    pub version: Option<i64>,
    /// When the counts were read.
    pub at: DateTime<Utc>,
    /// In slot order; classes without a slot last.
    pub classes: Vec<ClassProgressDto>,
    pub totals: TotalsDto,
    /// The students of classes whose slot has ended who never checked in.
    pub not_come: Vec<NotComeDto>,
}

impl ClassesDto {
    pub fn new(progress: &Progress, not_come: &[NotCome]) -> Self {
        Self {
            version: progress.version,
            at: progress.at,
            classes: progress
                .classes
                .iter()
                .map(ClassProgressDto::from)
                .collect(),
            totals: TotalsDto::from(&progress.totals),
            not_come: not_come.iter().map(NotComeDto::from).collect(),
        }
    }
}
