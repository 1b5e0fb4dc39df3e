//! The timetable as the simulation and the planner see it: shooting days, their slots, and the
//! classes (with their head counts) assigned to each slot.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A timetable to simulate or improve: one entry per shooting day.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scenario {
    pub days: Vec<DayPlan>,
}

/// One venue's shooting day: its slots share one check-in line, one queue, one run of sequence
/// numbers (1, 2, 3, … per day) and the same capture stations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub slots: Vec<SlotPlan>,
}

/// A slot of the day and the classes told to come in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotPlan {
    /// The caller's identifier of the slot (its row id), handed back in the figures and moves.
    pub key: i64,
    /// Minutes after local midnight.
    pub start_min: u32,
    pub end_min: u32,
    pub classes: Vec<ClassLoad>,
}

/// A class assigned to a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassLoad {
    pub code: String,
    pub college: String,
    /// Students expected (the roster's head count; no-shows are the simulation's).
    pub students: u32,
    /// The admin fixed this class to its slot: the planner never moves it.
    pub pinned: bool,
}

impl Scenario {
    /// The slots of all days, in the scenario's order (day by day, then as listed).
    pub fn slots(&self) -> impl Iterator<Item = (&DayPlan, &SlotPlan)> {
        self.days
            .iter()
            .flat_map(|day| day.slots.iter().map(move |slot| (day, slot)))
    }

    /// Students expected over the whole scenario.
    pub fn students(&self) -> u64 {
        self.slots()
            .map(|(_, slot)| u64::from(slot.students()))
            .sum()
    }
}

impl SlotPlan {
    /// Students expected in the slot.
    pub fn students(&self) -> u32 {
        self.classes.iter().map(|c| c.students).sum()
    }
}
