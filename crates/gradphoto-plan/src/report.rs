//! The figures of a simulation: per slot the queue's peak, the waits and the overrun; per day
//! the queue length minute by minute. Each simulated day is tallied over its Monte Carlo runs
//! here, then the days are put together into one [`SimReport`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::scenario::{DayPlan, SlotPlan};

/// What the simulation found, over all its runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimReport {
    /// Monte Carlo runs the figures are over.
    pub runs: u32,
    /// Every slot of the scenario, in its order.
    pub slots: Vec<SlotFigures>,
    /// Every day of the scenario, in its order.
    pub days: Vec<DaySeries>,
    /// The highest [`SlotFigures::wait_p90_s`] of any slot: what the planner lowers.
    pub worst_p90_wait_s: f64,
}

/// One slot's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotFigures {
    pub key: i64,
    pub date: NaiveDate,
    pub start_min: u32,
    pub end_min: u32,
    /// Students expected (before no-shows).
    pub students: u32,
    /// The longest the queue got (tickets waiting for a station, of any slot) while students
    /// of this slot were waiting in it; mean over the runs of each run's peak.
    pub peak_queue: f64,
    /// Median wait: seconds from check-in (ticket issued) to the first call at a station, over
    /// all the slot's students of all runs. Percentiles are nearest-rank.
    pub wait_p50_s: f64,
    /// 90th percentile wait, as [`SlotFigures::wait_p50_s`].
    pub wait_p90_s: f64,
    /// Mean wait.
    pub wait_mean_s: f64,
    /// 90th percentile of the seconds from arrival to the ticket: the line at the check-in
    /// desks, which the wait above does not include.
    pub checkin_p90_s: f64,
    /// Minutes after the slot's end at which its last student's last shot ends, 0 when it ends
    /// in time; mean over the runs.
    pub overrun_min: f64,
}

/// One day's queue, minute by minute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DaySeries {
    pub date: NaiveDate,
    /// The minute (after local midnight) of `queue_len[0]`: the first slot's start less the
    /// early arrival and three standard deviations of the arrival spread.
    pub start_min: u32,
    /// Tickets waiting for a station, time-averaged over each minute, mean over the runs;
    /// up to the last shot of the day in any run.
    pub queue_len: Vec<f64>,
}

/// A simulated day: its slots' figures and its series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DayOutcome {
    pub slots: Vec<SlotFigures>,
    pub series: DaySeries,
}

impl DayOutcome {
    /// The highest 90th percentile wait of the day's slots.
    pub fn worst_p90_wait_s(&self) -> f64 {
        worst_p90(&self.slots)
    }
}

impl SimReport {
    /// The report of a scenario's days, each simulated over `runs` runs.
    pub(crate) fn from_days(runs: u32, days: Vec<DayOutcome>) -> Self {
        let mut report = SimReport {
            runs,
            slots: Vec::new(),
            days: Vec::with_capacity(days.len()),
            worst_p90_wait_s: 0.0,
        };
        for day in days {
            report.slots.extend(day.slots);
            report.days.push(day.series);
        }
        report.worst_p90_wait_s = worst_p90(&report.slots);
        report
    }
}

fn worst_p90(slots: &[SlotFigures]) -> f64 {
    slots.iter().map(|s| s.wait_p90_s).fold(0.0, f64::max)
}

/// A day's figures being collected run by run.
#[derive(Debug)]
pub(crate) struct DayTally {
    slots: Vec<SlotTally>,
    series: MinuteSeries,
    runs: u32,
}

/// A slot's figures being collected. Waits are kept as `f32` (a millisecond's precision
/// below four hours) to halve the memory of many runs: 20 MB a wait per 1,000 runs of
/// 5,000 students.
#[derive(Debug, Default)]
struct SlotTally {
    waits: Vec<f32>,
    wait_sum: f64,
    checkins: Vec<f32>,
    peak_sum: f64,
    overrun_sum_min: f64,
}

/// What one run of a day ends with for a slot.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotRun {
    pub peak_queue: usize,
    /// When the slot's last shot ended, in seconds after midnight; `None` when nobody came.
    pub last_finish_s: Option<f64>,
}

impl DayTally {
    pub fn new(slots: usize, series_start_s: f64) -> Self {
        Self {
            slots: (0..slots).map(|_| SlotTally::default()).collect(),
            series: MinuteSeries {
                origin_s: series_start_s,
                sums: Vec::new(),
            },
            runs: 0,
        }
    }

    /// Room for this many waits in slot `slot`.
    pub fn reserve(&mut self, slot: usize, waits: usize) {
        if let Some(tally) = self.slots.get_mut(slot) {
            tally.waits.reserve(waits);
            tally.checkins.reserve(waits);
        }
    }

    /// A student of slot `slot` waited this many seconds.
    pub fn wait(&mut self, slot: usize, seconds: f64) {
        if let Some(tally) = self.slots.get_mut(slot) {
            tally.waits.push(seconds as f32);
            tally.wait_sum += seconds;
        }
    }

    /// A student of slot `slot` took this many seconds from arrival to ticket.
    pub fn checkin(&mut self, slot: usize, seconds: f64) {
        if let Some(tally) = self.slots.get_mut(slot) {
            tally.checkins.push(seconds as f32);
        }
    }

    /// `len` tickets waited from `from_s` to `to_s`.
    pub fn queue(&mut self, from_s: f64, to_s: f64, len: usize) {
        self.series.add(from_s, to_s, len);
    }

    /// A run ended: its last event at `last_s`, each slot as given (in the day's order).
    pub fn end_run(&mut self, last_s: f64, slots: &[SlotRun], day: &DayPlan) {
        self.runs += 1;
        self.series.cover(last_s);
        for ((tally, run), slot) in self.slots.iter_mut().zip(slots).zip(&day.slots) {
            tally.peak_sum += run.peak_queue as f64;
            if let Some(finish) = run.last_finish_s {
                let end = f64::from(slot.end_min) * 60.0;
                tally.overrun_sum_min += (finish - end).max(0.0) / 60.0;
            }
        }
    }

    /// The day's figures over its runs.
    pub fn finish(self, day: &DayPlan) -> DayOutcome {
        let runs = f64::from(self.runs.max(1));
        let slots = self
            .slots
            .into_iter()
            .zip(&day.slots)
            .map(|(tally, slot)| tally.figures(day.date, slot, runs))
            .collect();
        let start_min = (self.series.origin_s / 60.0).max(0.0) as u32;
        DayOutcome {
            slots,
            series: DaySeries {
                date: day.date,
                start_min,
                queue_len: self.series.sums.into_iter().map(|s| s / runs).collect(),
            },
        }
    }
}

impl SlotTally {
    fn figures(mut self, date: NaiveDate, slot: &SlotPlan, runs: f64) -> SlotFigures {
        let mean = if self.waits.is_empty() {
            0.0
        } else {
            self.wait_sum / self.waits.len() as f64
        };
        let (p50, p90) = p50_p90(&mut self.waits);
        let (_, checkin_p90) = p50_p90(&mut self.checkins);
        SlotFigures {
            key: slot.key,
            date,
            start_min: slot.start_min,
            end_min: slot.end_min,
            students: slot.students(),
            peak_queue: self.peak_sum / runs,
            wait_p50_s: p50,
            wait_p90_s: p90,
            wait_mean_s: mean,
            checkin_p90_s: checkin_p90,
            overrun_min: self.overrun_sum_min / runs,
        }
    }
}

/// The nearest-rank 50th and 90th percentiles (the smallest value with at least that share of
/// the values at or below it), 0 for no values. Reorders the values; linear time.
pub(crate) fn p50_p90(values: &mut [f32]) -> (f64, f64) {
    let rank = |p: f64| ((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let (i50, i90) = (rank(0.5), rank(0.9));
    let (below, p90, _) = values.select_nth_unstable_by(i90, f32::total_cmp);
    let p90 = *p90;
    // Everything left of the 90th percentile is at most it, so the median is among them.
    let p50 = if i50 < i90 {
        *below.select_nth_unstable_by(i50, f32::total_cmp).1
    } else {
        p90
    };
    (f64::from(p50), f64::from(p90))
}

/// A queue length integrated over whole minutes from an origin, summed over runs.
#[derive(Debug)]
struct MinuteSeries {
    origin_s: f64,
    /// Per minute: the time-average of the length in that minute, summed over runs.
    sums: Vec<f64>,
}

impl MinuteSeries {
    fn add(&mut self, from_s: f64, to_s: f64, len: usize) {
        let from = (from_s - self.origin_s).max(0.0);
        let to = to_s - self.origin_s;
        if len == 0 || to <= from {
            return;
        }
        let len = len as f64;
        let mut at = from;
        let mut minute = (from / 60.0) as usize;
        while at < to {
            let until = (((minute + 1) * 60) as f64).min(to);
            if self.sums.len() <= minute {
                self.sums.resize(minute + 1, 0.0);
            }
            self.sums[minute] += len * (until - at) / 60.0;
            at = until;
            minute += 1;
        }
    }

    /// Makes the series reach the minute of `to_s`.
    fn cover(&mut self, to_s: f64) {
        let minutes = ((to_s - self.origin_s) / 60.0).ceil();
        if minutes > self.sums.len() as f64 {
            self.sums.resize(minutes as usize, 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut ten: Vec<f32> = (1..=10_u8).rev().map(f32::from).collect();
        assert_eq!(p50_p90(&mut ten), (5.0, 9.0));
        assert_eq!(p50_p90(&mut [7.0]), (7.0, 7.0));
        assert_eq!(p50_p90(&mut []), (0.0, 0.0));
        let mut hundred_one: Vec<f32> = (0..=100_u8).map(f32::from).collect();
        // ceil(0.5·101) = 51st value, ceil(0.9·101) = 91st value.
        assert_eq!(p50_p90(&mut hundred_one), (50.0, 90.0));
    }

    #[test]
    fn the_series_averages_each_minute() {
        let mut series = MinuteSeries {
            origin_s: 600.0,
            sums: Vec::new(),
        };
        // 3 waiting from 0:30 to 2:00 after the origin, 1 from 2:00 to 2:15.
        series.add(630.0, 720.0, 3);
        series.add(720.0, 735.0, 1);
        series.add(500.0, 600.0, 9); // before the origin: not shown
        assert_eq!(series.sums, [1.5, 3.0, 0.25]);
        series.cover(900.0);
        assert_eq!(series.sums.len(), 5);
    }
}
