//! The planner's two searches over an [`Assignment`].
//!
//! [`balance`] is a steepest-descent local search on the quick [`Estimator`]: every move of a
//! free class and every swap of two is scored, the best is made, until none improves the
//! estimated waits (compared worst first, [`Score`]) by more than a few seconds. It is
//! deterministic and cheap, and evens out the students per slot with the backlog each slot
//! inherits in mind.
//!
//! [`refine`] then lets the simulator judge. It looks only at changes that take a class out of
//! the slot with the worst simulated 90th percentile wait or out of an earlier slot of its
//! day (whose leftover queue it inherits), ranks them by the simulated waits corrected by
//! what the estimate says the change does (then by how even the students per slot get), and
//! simulates the few best on a reduced number of runs, re-simulating only the days a change
//! touches. The first that lowers the worst wait is kept; it stops when none of the few does,
//! when the target is met or when its budget of simulated days is spent.

use crate::assignment::{Assignment, Change};
use crate::estimate::{Estimator, Score};
use crate::line::HeapLine;
use crate::params::Model;
use crate::report::DayOutcome;
use crate::simulate::simulate_day;

/// What a change must gain on the estimate to be made: a class is moved only for more than
/// this many seconds off some slot's wait (without making a longer one that much longer).
pub(crate) const CLEAR_GAIN_S: f64 = 10.0;

/// Makes the best change by the estimate until none improves it clearly ([`CLEAR_GAIN_S`]),
/// at most `max_steps` times. Gives the number of changes made.
pub(crate) fn balance(
    asg: &mut Assignment<'_>,
    est: &Estimator,
    adjacent: bool,
    max_steps: usize,
) -> usize {
    let mut waits = Vec::new();
    est.p90s(asg.students(), &mut waits);
    let mut current = Score::of(&waits);
    for step in 0..max_steps {
        let mut best: Option<(Score, Change)> = None;
        for change in asg.changes(None) {
            let score = asg.try_change(change, adjacent, |a| {
                est.p90s(a.students(), &mut waits);
                Score::of(&waits)
            });
            let Some(score) = score else { continue };
            let beats_best = best.as_ref().is_none_or(|(b, _)| score < *b);
            if beats_best && score < current && score.clearly_better(&current, CLEAR_GAIN_S) {
                best = Some((score, change));
            }
        }
        match best {
            Some((score, change)) => {
                asg.apply(change);
                current = score;
            }
            None => return step,
        }
    }
    max_steps
}

/// An assignment's days as simulated.
#[derive(Debug, Clone)]
pub(crate) struct Simulated {
    days: Vec<DayOutcome>,
}

impl Simulated {
    /// Simulates every day of the assignment.
    pub fn of(asg: &Assignment<'_>, model: &Model, runs: u32) -> Self {
        let days = (0..asg.day_count())
            .map(|d| simulate_day::<HeapLine>(&asg.day_plan(d), d, model, runs))
            .collect();
        Self { days }
    }

    /// The worst slot's 90th percentile wait.
    pub fn worst(&self) -> f64 {
        self.days
            .iter()
            .map(DayOutcome::worst_p90_wait_s)
            .fold(0.0, f64::max)
    }

    /// Each slot's 90th percentile wait (flat).
    fn p90s(&self) -> Vec<f64> {
        self.days
            .iter()
            .flat_map(|d| d.slots.iter().map(|s| s.wait_p90_s))
            .collect()
    }
}

/// How [`refine`] searches.
#[derive(Debug)]
pub(crate) struct Refine<'a> {
    pub model: &'a Model,
    pub est: &'a Estimator,
    /// Monte Carlo runs per simulated day.
    pub runs: u32,
    pub adjacent: bool,
    /// Stop once the worst wait is at most this.
    pub target_s: Option<f64>,
    /// Changes simulated per step.
    pub tries: usize,
    /// Days simulated at most, in all.
    pub budget: usize,
}

/// Improves `asg` (simulated as `sim`) by the simulator; gives the days simulated.
pub(crate) fn refine(asg: &mut Assignment<'_>, sim: &mut Simulated, how: &Refine<'_>) -> usize {
    let mut spent = 0;
    let (mut base_est, mut est_after) = (Vec::new(), Vec::new());
    'step: while spent < how.budget {
        let current = sim.worst();
        if how.target_s.is_some_and(|t| current <= t) {
            break;
        }
        let p90s = sim.p90s();
        let Some(worst) = (0..p90s.len()).max_by(|&a, &b| p90s[a].total_cmp(&p90s[b])) else {
            break;
        };
        let day = asg.day_of(worst);
        let mut feeding = vec![false; asg.slot_count()];
        for slot in asg.slots_of_day(day) {
            feeding[slot] = asg.start_min(slot) <= asg.start_min(worst);
        }

        how.est.p90s(asg.students(), &mut base_est);
        let mut ranked: Vec<((Score, Score), Change)> = Vec::new();
        for change in asg.changes(Some(&feeding)) {
            let score = asg.try_change(change, how.adjacent, |a| {
                how.est.p90s(a.students(), &mut est_after);
                let guess: Vec<f64> = (0..p90s.len())
                    .map(|s| (p90s[s] + est_after[s] - base_est[s]).max(0.0))
                    .collect();
                // Where the estimate sees no difference (slots it thinks never queue), the
                // change that evens out the students most.
                let loads: Vec<f64> = a.students().iter().map(|&n| f64::from(n)).collect();
                (Score::of(&guess), Score::of(&loads))
            });
            if let Some(score) = score {
                ranked.push((score, change));
            }
        }
        // Stable: equal scores keep the changes' order, so the search is deterministic.
        ranked.sort_by(|a, b| a.0.cmp(&b.0));

        for &(_, change) in ranked.iter().take(how.tries) {
            if spent >= how.budget {
                break 'step;
            }
            let (d1, d2) = asg.days_touched(change);
            let undo = asg.apply(change);
            let mut trial = sim.clone();
            for d in std::iter::once(d1).chain(d2) {
                trial.days[d] = simulate_day::<HeapLine>(&asg.day_plan(d), d, how.model, how.runs);
                spent += 1;
            }
            if trial.worst() < current {
                *sim = trial;
                continue 'step;
            }
            asg.apply(undo);
        }
        break;
    }
    spent
}
