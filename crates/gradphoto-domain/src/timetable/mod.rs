//! The shooting timetable (拍摄时间安排, the notice's 附件一): days of one-hour slots at a venue,
//! each class in exactly one slot, and the policy of when a class may check in.
//!
//! A timetable arrives as text in the notice's own shape ([`notice`]) or as a sheet
//! ([`sheet`]); both give a [`Draft`] that [`check`] compares against the roster and the
//! campaign's days before anything is stored. At the desk, [`due`] says whether a student's
//! class is due now, and the [`Policy`] whether to warn or refuse when it is not.

pub mod check;
pub mod due;
pub mod notice;
pub mod policy;
pub mod sheet;
pub mod slot_time;
pub mod time_text;

use serde::Serialize;

use crate::ClassCode;
use crate::roster::Problem;

pub use check::check;
pub use due::Due;
pub use policy::{OutsideSlot, Policy};
pub use slot_time::SlotTime;

/// One slot as a file gives it: where it was written, its time, and its classes in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftSlot {
    /// The line (notice text) or row (sheet) the slot starts on, 1-based.
    pub line: usize,
    /// `None` when its date or time could not be read (a problem says so): the slot is kept
    /// so that the classes under it are not taken for the previous slot's.
    pub time: Option<SlotTime>,
    pub classes: Vec<DraftClass>,
}

/// One class code of a slot, with the line or row it was written on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftClass {
    pub line: usize,
    pub code: ClassCode,
}

/// A timetable as read from a file, before it is checked against the roster: its slots and
/// whatever could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub slots: Vec<DraftSlot>,
    pub problems: Vec<Problem>,
}

impl Draft {
    /// Every class code of the draft, in its order.
    pub fn class_codes(&self) -> impl Iterator<Item = &ClassCode> {
        self.slots
            .iter()
            .flat_map(|s| s.classes.iter().map(|c| &c.code))
    }
}
