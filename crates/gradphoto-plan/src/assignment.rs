//! The planner's working timetable: which slot each class is in, the students per slot, and
//! where each college's classes are, changed one move or swap at a time and turned back into
//! a [`Scenario`] at the end.

use std::collections::BTreeMap;

use crate::plan::ClassMove;
use crate::scenario::{ClassLoad, DayPlan, Scenario, SlotPlan};

/// One step of the search: a class to another slot, or two classes trading slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Move { class: usize, to: usize },
    Swap { a: usize, b: usize },
}

/// A class of the scenario.
#[derive(Debug, Clone)]
struct Class<'a> {
    load: &'a ClassLoad,
    /// Its slot in the scenario as given (flat index).
    home: usize,
    college: usize,
}

/// The scenario's classes spread over its slots. Slots are numbered flat, in the scenario's
/// order (day by day, then as listed).
#[derive(Debug, Clone)]
pub(crate) struct Assignment<'a> {
    scenario: &'a Scenario,
    /// Flat slot → (day, index in the day).
    slots: Vec<(usize, usize)>,
    /// Flat slot → its place in the timetable (by date, then start): what "adjacent" means.
    position: Vec<usize>,
    classes: Vec<Class<'a>>,
    /// Class → its slot now.
    slot_of: Vec<usize>,
    /// Students on the roster per slot now.
    students: Vec<u32>,
    /// College → classes of it at each timetable place.
    college_at: Vec<Vec<u32>>,
    /// College → slots it is in in the scenario as given.
    given_spread: Vec<usize>,
}

impl<'a> Assignment<'a> {
    /// The scenario as given.
    pub fn new(scenario: &'a Scenario) -> Self {
        let slots: Vec<(usize, usize)> = scenario
            .days
            .iter()
            .enumerate()
            .flat_map(|(d, day)| (0..day.slots.len()).map(move |s| (d, s)))
            .collect();
        let mut by_time: Vec<usize> = (0..slots.len()).collect();
        by_time.sort_by_key(|&f| {
            let (d, s) = slots[f];
            let (day, slot) = (&scenario.days[d], &scenario.days[d].slots[s]);
            (day.date, slot.start_min, slot.end_min, f)
        });
        let mut position = vec![0; slots.len()];
        for (place, &f) in by_time.iter().enumerate() {
            position[f] = place;
        }

        let mut colleges = BTreeMap::new();
        for (_, slot) in scenario.slots() {
            for class in &slot.classes {
                let next = colleges.len();
                colleges.entry(class.college.as_str()).or_insert(next);
            }
        }
        let mut classes = Vec::new();
        for (flat, (_, slot)) in scenario.slots().enumerate() {
            for load in &slot.classes {
                classes.push(Class {
                    load,
                    home: flat,
                    college: colleges.get(load.college.as_str()).copied().unwrap_or(0),
                });
            }
        }

        let mut asg = Self {
            scenario,
            position,
            students: vec![0; slots.len()],
            college_at: vec![vec![0; slots.len()]; colleges.len()],
            given_spread: Vec::new(),
            slot_of: classes.iter().map(|c| c.home).collect(),
            classes,
            slots,
        };
        for class in 0..asg.classes.len() {
            asg.add(class, asg.slot_of[class]);
        }
        asg.given_spread = (0..asg.college_at.len()).map(|c| asg.spread(c)).collect();
        asg
    }

    /// Students per slot now (flat).
    pub fn students(&self) -> &[u32] {
        &self.students
    }

    /// When a flat slot starts, in minutes after midnight.
    pub fn start_min(&self, slot: usize) -> u32 {
        let (d, s) = self.slots[slot];
        self.scenario.days[d].slots[s].start_min
    }

    /// How many slots there are.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// How many days there are.
    pub fn day_count(&self) -> usize {
        self.scenario.days.len()
    }

    /// How many classes there are.
    pub fn class_count(&self) -> usize {
        self.classes.len()
    }

    /// The day (its index in the scenario) of a flat slot.
    pub fn day_of(&self, slot: usize) -> usize {
        self.slots[slot].0
    }

    /// The flat slots of a day.
    pub fn slots_of_day(&self, day: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.slots.len()).filter(move |&f| self.slots[f].0 == day)
    }

    /// The days a change touches: one, or two when it crosses days.
    pub fn days_touched(&self, change: Change) -> (usize, Option<usize>) {
        let (a, b) = match change {
            Change::Move { class, to } => (self.slot_of[class], to),
            Change::Swap { a, b } => (self.slot_of[a], self.slot_of[b]),
        };
        let (da, db) = (self.day_of(a), self.day_of(b));
        (da, (db != da).then_some(db))
    }

    /// Whether every class is in its slot as given.
    pub fn is_as_given(&self) -> bool {
        self.classes
            .iter()
            .zip(&self.slot_of)
            .all(|(c, &s)| c.home == s)
    }

    /// Every change of free (unpinned) classes: each to every other slot, and each pair in
    /// different slots and of different sizes trading places. With `from`, only changes that
    /// take a class out of a slot marked there.
    pub fn changes(&self, from: Option<&[bool]>) -> Vec<Change> {
        let free: Vec<usize> = (0..self.classes.len())
            .filter(|&c| !self.classes[c].load.pinned)
            .collect();
        let leaves = |c: usize| from.is_none_or(|f| f.get(self.slot_of[c]) == Some(&true));
        let mut changes = Vec::new();
        for &class in &free {
            if leaves(class) {
                changes.extend(
                    (0..self.slots.len())
                        .filter(|&to| to != self.slot_of[class])
                        .map(|to| Change::Move { class, to }),
                );
            }
        }
        for (i, &a) in free.iter().enumerate() {
            for &b in &free[i + 1..] {
                if self.slot_of[a] != self.slot_of[b]
                    && self.classes[a].load.students != self.classes[b].load.students
                    && (leaves(a) || leaves(b))
                {
                    changes.push(Change::Swap { a, b });
                }
            }
        }
        changes
    }

    /// Makes the change; gives the change that undoes it.
    pub fn apply(&mut self, change: Change) -> Change {
        match change {
            Change::Move { class, to } => {
                let from = self.slot_of[class];
                self.relocate(class, to);
                Change::Move { class, to: from }
            }
            Change::Swap { a, b } => {
                let (sa, sb) = (self.slot_of[a], self.slot_of[b]);
                self.relocate(a, sb);
                self.relocate(b, sa);
                change
            }
        }
    }

    /// Makes the change and shows the result to `look`, then undoes it; `None` without
    /// looking when `adjacent` asks for colleges to stay together and the change would split
    /// a college into more runs of slots than it is in now, or spread it over more slots than
    /// both now and one more than in the scenario as given (so that a college's lead is at
    /// the venue for one stretch, at most a slot longer than planned).
    pub fn try_change<T>(
        &mut self,
        change: Change,
        adjacent: bool,
        look: impl FnOnce(&Self) -> T,
    ) -> Option<T> {
        let colleges = self.colleges_touched(change);
        let shape = |a: &Self| colleges.map(|c| c.map(|c| (a.breaks(c), a.spread(c), c)));
        let before = shape(self);
        let undo = self.apply(change);
        let after = shape(self);
        let kept = !adjacent
            || before.iter().zip(&after).all(|(b, a)| match (b, a) {
                (Some((b_breaks, b_spread, c)), Some((a_breaks, a_spread, _))) => {
                    a_breaks <= b_breaks && *a_spread <= (*b_spread).max(self.given_spread[*c] + 1)
                }
                _ => true,
            });
        let seen = kept.then(|| look(self));
        self.apply(undo);
        seen
    }

    /// The scenario's day `day` with the classes where they are now: each slot keeps the
    /// classes it had in their order, and a class moved in goes before the first one with a
    /// greater code.
    pub fn day_plan(&self, day: usize) -> DayPlan {
        let given = &self.scenario.days[day];
        let mut plan = DayPlan {
            date: given.date,
            slots: Vec::with_capacity(given.slots.len()),
        };
        let flats: Vec<usize> = self.slots_of_day(day).collect();
        for (&flat, slot) in flats.iter().zip(&given.slots) {
            let mut classes: Vec<ClassLoad> = Vec::new();
            let mut incoming: Vec<&ClassLoad> = Vec::new();
            for (class, &at) in self.classes.iter().zip(&self.slot_of) {
                if at == flat && class.home == flat {
                    classes.push(class.load.clone());
                } else if at == flat {
                    incoming.push(class.load);
                }
            }
            incoming.sort_by(|a, b| a.code.cmp(&b.code));
            for load in incoming {
                let at = classes
                    .iter()
                    .position(|c| c.code > load.code)
                    .unwrap_or(classes.len());
                classes.insert(at, load.clone());
            }
            plan.slots.push(SlotPlan {
                key: slot.key,
                start_min: slot.start_min,
                end_min: slot.end_min,
                classes,
            });
        }
        plan
    }

    /// The whole scenario with the classes where they are now.
    pub fn scenario(&self) -> Scenario {
        Scenario {
            days: (0..self.scenario.days.len())
                .map(|d| self.day_plan(d))
                .collect(),
        }
    }

    /// The classes not in their slot as given, in the scenario's order.
    pub fn moves(&self) -> Vec<ClassMove> {
        let key = |flat: usize| {
            let (d, s) = self.slots[flat];
            self.scenario.days[d].slots[s].key
        };
        self.classes
            .iter()
            .zip(&self.slot_of)
            .filter(|(c, at)| c.home != **at)
            .map(|(c, &at)| ClassMove {
                code: c.load.code.clone(),
                college: c.load.college.clone(),
                students: c.load.students,
                from: key(c.home),
                to: key(at),
            })
            .collect()
    }

    fn colleges_touched(&self, change: Change) -> [Option<usize>; 2] {
        match change {
            Change::Move { class, .. } => [Some(self.classes[class].college), None],
            Change::Swap { a, b } => {
                let (ca, cb) = (self.classes[a].college, self.classes[b].college);
                [Some(ca), (cb != ca).then_some(cb)]
            }
        }
    }

    /// How many times a college's run of slots is interrupted: 0 when its classes are in
    /// adjacent slots of the timetable.
    fn breaks(&self, college: usize) -> usize {
        let at = &self.college_at[college];
        let runs = (0..at.len())
            .filter(|&p| at[p] > 0 && (p == 0 || at[p - 1] == 0))
            .count();
        runs.saturating_sub(1)
    }

    /// How many slots a college's classes are in.
    fn spread(&self, college: usize) -> usize {
        self.college_at[college].iter().filter(|&&n| n > 0).count()
    }

    fn relocate(&mut self, class: usize, to: usize) {
        self.remove(class);
        self.add(class, to);
    }

    fn remove(&mut self, class: usize) {
        let (slot, c) = (self.slot_of[class], &self.classes[class]);
        self.students[slot] -= c.load.students;
        self.college_at[c.college][self.position[slot]] -= 1;
    }

    fn add(&mut self, class: usize, slot: usize) {
        let c = &self.classes[class];
        self.students[slot] += c.load.students;
        self.college_at[c.college][self.position[slot]] += 1;
        self.slot_of[class] = slot;
    }
}
