//! A quick estimate of each slot's 90th percentile wait from the students per slot alone, for
//! the planner to rank thousands of candidate moves before it simulates a few.
//!
//! The model is a fluid queue per day. A slot's `n` students who come get their tickets over
//! `issue = max(n · desk time / desks, arrival window)` seconds from `start − early` (the
//! desks or the arrivals, whichever is slower; the window is `σ·√(2π)`, the width of a
//! uniform burst as dense as the classes' normal arrivals at their peak, plus the group
//! window), and the stations need `work = n / capacity` seconds
//! for them, the capacity being `stations / (mean shot × (1 + retake rate))` a second. The
//! student at share `q` of the slot is issued at `q · issue` and called at `ahead + q · work`,
//! where `ahead` is the station work still left from earlier slots of the day when the slot
//! arrives; so the 90th percentile waits `ahead + 0.9 · (work − issue)` (at least 0). It ranks
//! timetables well and is near the simulation for a busy slot, but it is not a figure to show
//! anyone.

use std::cmp::Ordering;

use crate::params::Model;
use crate::scenario::Scenario;

/// The estimate for one scenario's slots (flat indexes in the scenario's order).
#[derive(Debug, Clone)]
pub(crate) struct Estimator {
    /// Per day, its slots (flat index, arrival in seconds) in order of arrival.
    days: Vec<Vec<(usize, f64)>>,
    /// Station seconds per student who comes, all stations together.
    station_s: f64,
    /// Desk seconds per student who comes, all desks together.
    desk_s: f64,
    /// Seconds over which a slot's students arrive.
    window_s: f64,
    /// Share of the students on the roster who come.
    show_rate: f64,
}

impl Estimator {
    pub fn new(scenario: &Scenario, model: &Model) -> Self {
        let mut flat = 0;
        let days = scenario
            .days
            .iter()
            .map(|day| {
                let mut slots: Vec<(usize, f64)> = day
                    .slots
                    .iter()
                    .map(|slot| {
                        let arrival = f64::from(slot.start_min) * 60.0 - model.early_s;
                        flat += 1;
                        (flat - 1, arrival)
                    })
                    .collect();
                slots.sort_by(|a, b| a.1.total_cmp(&b.1));
                slots
            })
            .collect();
        Self {
            days,
            station_s: model.service.mean() * (1.0 + model.retake_rate) / f64::from(model.stations),
            desk_s: model.desk_s / f64::from(model.desks),
            window_s: model.window_s + (2.0 * std::f64::consts::PI).sqrt() * model.spread_s,
            show_rate: 1.0 - model.no_show_rate,
        }
    }

    /// Estimated 90th percentile wait, in seconds, of each slot with these students per slot.
    pub fn p90s(&self, students: &[u32], out: &mut Vec<f64>) {
        out.clear();
        out.resize(students.len(), 0.0);
        for day in &self.days {
            // Seconds until the stations are free, from the last arrival, and when that was.
            let (mut busy, mut then) = (0.0_f64, f64::NEG_INFINITY);
            for &(slot, arrival) in day {
                let ahead = (busy - (arrival - then)).max(0.0);
                if students[slot] == 0 {
                    (busy, then) = (ahead, arrival);
                    continue;
                }
                let n = f64::from(students[slot]) * self.show_rate;
                let work = n * self.station_s;
                let issue = (n * self.desk_s).max(self.window_s);
                out[slot] = (ahead + 0.9 * (work - issue)).max(0.0);
                (busy, then) = ((ahead + work).max(issue), arrival);
            }
        }
    }
}

/// Slots' waits compared worst first: the lower worst wins, on a tie the lower second worst,
/// and so on (leximax).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Score(Vec<f64>);

impl Score {
    pub fn of(waits: &[f64]) -> Self {
        let mut sorted = waits.to_vec();
        sorted.sort_unstable_by(|a, b| b.total_cmp(a));
        Self(sorted)
    }

    /// Whether this is better than `than` by more than `margin` seconds: worst first, waits
    /// within the margin of each other count as equal, and the first pair that is not
    /// decides.
    pub fn clearly_better(&self, than: &Score, margin: f64) -> bool {
        self.0
            .iter()
            .zip(&than.0)
            .find(|(a, b)| (*a - *b).abs() > margin)
            .is_some_and(|(a, b)| a < b)
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.total_cmp(b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| self.0.len().cmp(&other.0.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClassLoad, DayPlan, Scenario, SimParams, SlotPlan};

    fn hours(starts: &[u32]) -> Scenario {
        let slots = starts
            .iter()
            .map(|&h| SlotPlan {
                key: i64::from(h),
                start_min: h * 60,
                end_min: h * 60 + 60,
                classes: Vec::<ClassLoad>::new(),
            })
            .collect();
        Scenario {
            days: vec![DayPlan {
                date: chrono::NaiveDate::MIN,
                slots,
            }],
        }
    }

    #[test]
    fn a_slot_waits_for_the_work_left_from_the_slot_before() {
        let params = SimParams {
            stations: 1,
            desk_service_s: 0.0,
            arrival_spread_min: 0.0,
            group_window_min: 0.0,
            service_mean_s: 30.0,
            service_p90_s: 30.0,
            retake_rate: 0.0,
            no_show_rate: 0.0,
            ..SimParams::default()
        };
        let est = Estimator::new(&hours(&[9, 10, 11]), &params.model());
        let mut out = Vec::new();
        // 160 students × 30 s = 80 minutes: 20 minutes still to do when 10:00's arrive.
        est.p90s(&[160, 100, 0], &mut out);
        assert_eq!(out, [0.9 * 4800.0, 1200.0 + 0.9 * 3000.0, 0.0]);
    }

    #[test]
    fn the_desks_meter_the_queue() {
        // Tickets at 4 s a student (2 desks, 8 s), shots at 30 s: the 90th percentile
        // student of 100 waits 0.9 × 100 × (30 − 4) s; with 8 stations (3.75 s a student)
        // the stations keep up and nobody waits.
        let params = SimParams {
            stations: 1,
            desks: 2,
            arrival_spread_min: 0.0,
            group_window_min: 0.0,
            service_mean_s: 30.0,
            service_p90_s: 30.0,
            retake_rate: 0.0,
            no_show_rate: 0.0,
            ..SimParams::default()
        };
        let mut out = Vec::new();
        Estimator::new(&hours(&[9]), &params.model()).p90s(&[100], &mut out);
        assert!((out[0] - 0.9 * 100.0 * 26.0).abs() < 1e-9, "{out:?}");
        let eight = SimParams {
            stations: 8,
            ..params
        };
        Estimator::new(&hours(&[9]), &eight.model()).p90s(&[100], &mut out);
        assert_eq!(out, [0.0]);
    }

    #[test]
    fn scores_compare_the_worst_first() {
        let a = Score::of(&[10.0, 300.0, 20.0]);
        let b = Score::of(&[299.0, 290.0, 0.0]);
        assert!(b < a);
        assert!(Score::of(&[300.0, 10.0]) < Score::of(&[300.0, 20.0]));
    }

    #[test]
    fn a_clearly_better_score_gains_more_than_the_margin() {
        let now = Score::of(&[600.0, 600.0, 100.0]);
        assert!(Score::of(&[580.0, 560.0, 100.0]).clearly_better(&now, 10.0));
        // 5 s off the worst is within the margin; the second decides.
        assert!(!Score::of(&[595.0, 600.0, 100.0]).clearly_better(&now, 10.0));
        assert!(Score::of(&[605.0, 500.0, 200.0]).clearly_better(&now, 10.0));
        assert!(!now.clearly_better(&now, 10.0));
    }
}
