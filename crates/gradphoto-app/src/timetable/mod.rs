//! The timetable: the campaign's shooting days and check-in policy, importing a timetable
//! (the notice's 附件一 as text, or a sheet) into a venue's working timetable, moving classes
//! and slots, publishing numbered versions with the changes since the last, and saying at the
//! desk whether a student's class is due ([`due`]); for the people the timetable is for, the
//! published notice as a page and a PDF ([`notice`]) and how far each class has come on the
//! day ([`progress`]).

pub mod due;
pub mod import;
pub mod moves;
pub mod notice;
pub mod progress;
pub mod publish;
pub mod settings;

pub use due::{DueCheck, due_now};
pub use import::{ImportedSlot, TimetableImport, import_timetable};
pub use notice::{VersionNotice, latest_notice, notice_pdf, timetable_notice, version_notice};
pub use progress::{
    ClassProgress, NotCome, Progress, SlotStage, class_progress, not_come_after_slot, not_come_in,
    not_come_workbook,
};
pub use publish::{ClassChange, CollegeChanges, Published, changes_between, publish};
pub use settings::{set_days, set_policy, venue_or_only};
