//! The simulation of a shooting day: a discrete-event simulation, run `runs` times with
//! different random numbers, of the students of every slot from their arrival to their last
//! shot.
//!
//! One run of a day:
//!
//! 1. **Arrival.** Each class arrives as a group at `slot start − early arrival` plus a normal
//!    deviation (`arrival_spread_min`); its students arrive uniformly within
//!    `group_window_min` of the group. Each student stays away with `no_show_rate`.
//! 2. **Check-in.** In order of arrival, each student takes the first free desk for
//!    `desk_service_s` (fixed), which issues the day's next sequence number. The wait starts
//!    here; the time in the line for the desks is reported on its own
//!    ([`crate::SlotFigures::checkin_p90_s`]).
//! 3. **Queue.** A free station calls the next ticket in the domain's call order (retakes
//!    first, then the lowest number); the wait ends at the first call. A shot takes a draw of
//!    the station time ([`crate::ServiceTime`]); with `retake_rate` (at most once per student)
//!    the ticket goes back to the head of the queue for another shot.
//!
//! Events at the same instant are all applied (shots ending, tickets issued) before the free
//! stations call, so a ticket called the moment it is issued waited 0 seconds and was never
//! counted in the queue.
//!
//! Stations here only call next, finish and retake (nobody is absent when called, nobody is
//! called out of order), so a retake's number is always below every waiting one and "retakes
//! first" agrees with "lowest number first"; the call key keeps the simulation on the domain's
//! rules for when skips and recalls are simulated too.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::draws::Draws;
use crate::line::{HeapLine, Line};
use crate::params::{Model, SimParams};
use crate::report::{DayOutcome, DayTally, SimReport, SlotRun};
use crate::scenario::{DayPlan, Scenario};

/// Simulates every day of the scenario `runs` times (seeds derived from `params.seed`, each
/// day and run its own stream) and reports the figures over all runs. With `runs == 0` every
/// figure is 0. Parameters are used as [`SimParams::check`] describes.
pub fn simulate(scenario: &Scenario, params: &SimParams, runs: u32) -> SimReport {
    simulate_with::<HeapLine>(scenario, params, runs)
}

/// [`simulate`] with the waiting line `L`.
pub(crate) fn simulate_with<L: Line>(
    scenario: &Scenario,
    params: &SimParams,
    runs: u32,
) -> SimReport {
    let model = params.model();
    let days = scenario
        .days
        .iter()
        .enumerate()
        .map(|(index, day)| simulate_day::<L>(day, index, &model, runs))
        .collect();
    SimReport::from_days(runs, days)
}

/// One day of a scenario (`index` is its place in the scenario, which picks its random
/// numbers), over `runs` runs.
pub(crate) fn simulate_day<L: Line>(
    day: &DayPlan,
    index: usize,
    model: &Model,
    runs: u32,
) -> DayOutcome {
    let mut tally = DayTally::new(day.slots.len(), series_start_s(day, model));
    for (slot, plan) in day.slots.iter().enumerate() {
        tally.reserve(slot, plan.students() as usize * runs as usize);
    }
    let mut run = DayRun::new(day);
    for r in 0..runs {
        let mut draws = Draws::new(model.seed, r, index);
        run.arrive(day, model, &mut draws);
        run.check_in(model);
        run.shoot::<L>(day, model, &mut draws, &mut tally);
    }
    tally.finish(day)
}

/// Where a day's queue series starts: the first slot's start less the early arrival and three
/// standard deviations of the spread, in seconds after midnight.
fn series_start_s(day: &DayPlan, model: &Model) -> f64 {
    let first = day.slots.iter().map(|s| s.start_min).min().unwrap_or(0);
    let margin_min = ((model.early_s + 3.0 * model.spread_s) / 60.0).ceil();
    (f64::from(first) - margin_min).max(0.0) * 60.0
}

/// A student who came, while a run of the day goes on.
#[derive(Debug, Clone, Copy)]
struct Student {
    /// The slot (its index in the day).
    slot: usize,
    /// Arrival, in seconds after midnight.
    arrived: f64,
    /// Arrival, then (after check-in) the ticket's issue, in seconds after midnight.
    at: f64,
    retaken: bool,
    called: bool,
}

/// A station busy with a student until a time.
#[derive(Debug, Clone, Copy)]
struct Busy {
    until: f64,
    station: u32,
    /// The student's index in the day's check-in order (their sequence number − 1).
    student: usize,
}

impl PartialEq for Busy {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Busy {}

impl PartialOrd for Busy {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Busy {
    fn cmp(&self, other: &Self) -> Ordering {
        self.until
            .total_cmp(&other.until)
            .then(self.station.cmp(&other.station))
    }
}

/// One run of a day; its buffers are kept from run to run.
#[derive(Debug)]
struct DayRun {
    /// The students who came, in arrival order, then check-in order (the same: desks are
    /// first come, first served with a fixed time).
    students: Vec<Student>,
    slots: Vec<SlotRun>,
    /// Students of each slot waiting now.
    waiting: Vec<u32>,
}

impl DayRun {
    fn new(day: &DayPlan) -> Self {
        let students = day.slots.iter().map(|s| s.students() as usize).sum();
        Self {
            students: Vec::with_capacity(students),
            slots: Vec::with_capacity(day.slots.len()),
            waiting: Vec::with_capacity(day.slots.len()),
        }
    }

    /// Step 1: who comes, when.
    fn arrive(&mut self, day: &DayPlan, model: &Model, draws: &mut Draws) {
        self.students.clear();
        for (slot, plan) in day.slots.iter().enumerate() {
            let told = f64::from(plan.start_min) * 60.0 - model.early_s;
            for class in &plan.classes {
                let group = told + model.spread_s * draws.normal();
                for _ in 0..class.students {
                    if draws.chance(model.no_show_rate) {
                        continue;
                    }
                    let at = group + model.window_s * draws.uniform();
                    self.students.push(Student {
                        slot,
                        arrived: at,
                        at,
                        retaken: false,
                        called: false,
                    });
                }
            }
        }
        // Stable: students arriving together keep their slot's and class's order.
        self.students.sort_by(|a, b| a.at.total_cmp(&b.at));
    }

    /// Step 2: the desks, first come first served, each student at the desk free first. With
    /// a fixed desk time the tickets are issued in arrival order, so a student's index is
    /// their sequence number − 1.
    fn check_in(&mut self, model: &Model) {
        // More desks than students would stay idle.
        let desks = (model.desks as usize).clamp(1, self.students.len().max(1));
        let mut free = vec![f64::NEG_INFINITY; desks];
        for student in &mut self.students {
            let (desk, free_at) = free
                .iter()
                .copied()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, f64::NEG_INFINITY));
            student.at = student.at.max(free_at) + model.desk_s;
            if let Some(f) = free.get_mut(desk) {
                *f = student.at;
            }
        }
        debug_assert!(self.students.is_sorted_by(|a, b| a.at <= b.at));
    }

    /// Step 3: the stations work the queue until the last shot.
    fn shoot<L: Line>(
        &mut self,
        day: &DayPlan,
        model: &Model,
        draws: &mut Draws,
        tally: &mut DayTally,
    ) {
        self.slots.clear();
        self.slots.resize(
            day.slots.len(),
            SlotRun {
                peak_queue: 0,
                last_finish_s: None,
            },
        );
        self.waiting.clear();
        self.waiting.resize(day.slots.len(), 0);

        let mut line = L::new(day.date);
        let mut busy: BinaryHeap<Reverse<Busy>> = BinaryHeap::new();
        // Stations free now, the lowest number on top; more stations than students would
        // never be called to.
        let usable = model
            .stations
            .min(u32::try_from(self.students.len()).unwrap_or(u32::MAX));
        let mut idle: Vec<u32> = (0..usable).rev().collect();
        let mut next = 0; // the next student to be issued a ticket
        let (mut last_t, mut last_len) = (f64::NEG_INFINITY, 0);

        loop {
            let issue = self.students.get(next).map(|s| s.at);
            let done = busy.peek().map(|b| b.0.until);
            let t = match (issue, done) {
                (None, None) => break,
                (Some(t), None) | (None, Some(t)) => t,
                (Some(a), Some(b)) => a.min(b),
            };
            tally.queue(last_t, t, last_len);

            while let Some(&Reverse(b)) = busy.peek()
                && b.until == t
            {
                busy.pop();
                idle.push(b.station);
                let seq = b.student as i64 + 1;
                line.finish(seq, b.station);
                let student = &mut self.students[b.student];
                self.slots[student.slot].last_finish_s = Some(t);
                if !student.retaken && draws.chance(model.retake_rate) {
                    student.retaken = true;
                    line.retake(seq, b.station);
                    self.waiting[student.slot] += 1;
                }
            }
            while let Some(student) = self.students.get(next)
                && student.at == t
            {
                line.issue(next as i64 + 1);
                tally.checkin(student.slot, student.at - student.arrived);
                self.waiting[student.slot] += 1;
                next += 1;
            }
            while let Some(&station) = idle.last() {
                let Some(seq) = line.call_next(station) else {
                    break;
                };
                idle.pop();
                // The line hands back only numbers it was given: seq − 1 indexes a student.
                let index = (seq - 1) as usize;
                let student = &mut self.students[index];
                self.waiting[student.slot] -= 1;
                if !student.called {
                    student.called = true;
                    tally.wait(student.slot, t - student.at);
                }
                busy.push(Reverse(Busy {
                    until: t + model.service.sample(draws),
                    station,
                    student: index,
                }));
            }

            let len = line.waiting();
            for (slot, waiting) in self.slots.iter_mut().zip(&self.waiting) {
                if *waiting > 0 {
                    slot.peak_queue = slot.peak_queue.max(len);
                }
            }
            (last_t, last_len) = (t, len);
        }
        tally.end_run(last_t, &self.slots, day);
    }
}
