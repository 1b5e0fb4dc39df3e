//! The timetable planner: moves classes between the scenario's slots so that the slot with the
//! longest waits waits less.
//!
//! The slots stay as they are (times, keys; a slot may end up empty); only the classes move,
//! never a pinned one. It runs in three steps: [`crate::search::balance`] on the quick
//! estimate, [`crate::search::refine`] with the simulator on fewer runs, then both the
//! scenario as given and the proposal are simulated on the caller's `runs` with the same
//! seed, and the proposal is kept only when its worst 90th percentile wait is lower. Every
//! step is deterministic, so a seed gives one outcome.

use serde::{Deserialize, Serialize};

use crate::SimParams;
use crate::assignment::Assignment;
use crate::estimate::Estimator;
use crate::report::SimReport;
use crate::scenario::Scenario;
use crate::search::{Refine, Simulated, balance, refine};
use crate::simulate::simulate;

/// What the planner must respect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Constraints {
    /// The 90th percentile wait, in seconds, that no slot should exceed: the outcome says
    /// whether it is met ([`PlanOutcome::meets_max_wait`]), and the simulated search stops as
    /// soon as it is (further moves would only bother more classes).
    pub max_p90_wait_s: Option<f64>,
    /// Never split a college's classes over more runs of adjacent slots (in timetable order,
    /// across days) than the scenario has them in, nor spread them over more than one slot
    /// more than it does: a college whose classes come one slot after another keeps doing so,
    /// and its lead stays at the venue for one stretch, at most a slot longer.
    pub keep_colleges_adjacent: bool,
}

impl Default for Constraints {
    /// No wait target; colleges kept together, as the notice's timetable has them.
    fn default() -> Self {
        Self {
            max_p90_wait_s: None,
            keep_colleges_adjacent: true,
        }
    }
}

/// A class the proposal puts in another slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassMove {
    pub code: String,
    pub college: String,
    pub students: u32,
    /// The slot's key in the scenario as given.
    pub from: i64,
    /// The slot's key in the proposal.
    pub to: i64,
}

/// What the planner proposes, with the simulation of the timetable before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanOutcome {
    /// The timetable proposed: the scenario as given when nothing better was found.
    pub proposed: Scenario,
    /// The scenario as given, simulated on `runs` runs.
    pub before: SimReport,
    /// The proposal, simulated on `runs` runs with the same seed.
    pub after: SimReport,
    /// The classes the proposal moves, in the scenario's order.
    pub moves: Vec<ClassMove>,
    /// Whether `after`'s worst 90th percentile wait meets
    /// [`Constraints::max_p90_wait_s`] (always, without one).
    pub meets_max_wait: bool,
}

/// Changes the estimate-driven search makes at most, per class.
const BALANCE_STEPS_PER_CLASS: usize = 2;
/// The simulated search: Monte Carlo runs are `runs / SEARCH_RUNS_DIVISOR`, at least
/// [`MIN_SEARCH_RUNS`] (or `runs` when fewer) and at most [`MAX_SEARCH_RUNS`].
const SEARCH_RUNS_DIVISOR: u32 = 10;
const MIN_SEARCH_RUNS: u32 = 10;
const MAX_SEARCH_RUNS: u32 = 100;
/// Changes the simulated search tries per step, and days it simulates in all.
const SEARCH_TRIES: usize = 4;
const SEARCH_BUDGET_DAYS: usize = 48;

/// Proposes classes to slots with a lower worst 90th percentile wait than `scenario`'s,
/// never moving a pinned class, simulated on `runs` runs of `params` (see the module's
/// documentation for how). Returns `scenario` unchanged when nothing better was found.
pub fn plan(
    scenario: &Scenario,
    params: &SimParams,
    constraints: &Constraints,
    runs: u32,
) -> PlanOutcome {
    let model = params.model();
    let adjacent = constraints.keep_colleges_adjacent;
    let before = simulate(scenario, params, runs);
    let given = Assignment::new(scenario);
    let est = Estimator::new(scenario, &model);

    let mut asg = given.clone();
    let max_steps = BALANCE_STEPS_PER_CLASS * asg.class_count();
    balance(&mut asg, &est, adjacent, max_steps);
    let search_runs = (runs / SEARCH_RUNS_DIVISOR)
        .clamp(MIN_SEARCH_RUNS, MAX_SEARCH_RUNS)
        .min(runs);
    if search_runs > 0 {
        let mut sim = Simulated::of(&asg, &model, search_runs);
        if !asg.is_as_given() {
            let as_given = Simulated::of(&given, &model, search_runs);
            if as_given.worst() <= sim.worst() {
                (asg, sim) = (given.clone(), as_given);
            }
        }
        refine(
            &mut asg,
            &mut sim,
            &Refine {
                model: &model,
                est: &est,
                runs: search_runs,
                adjacent,
                target_s: constraints.max_p90_wait_s,
                tries: SEARCH_TRIES,
                budget: SEARCH_BUDGET_DAYS,
            },
        );
    }

    settle(scenario, &asg, before, params, constraints, runs)
}

/// A proposal must lower the worst 90th percentile wait by this share of it, and by at least
/// [`MIN_GAIN_S`]: telling classes their new time for a few seconds' gain, or for what is
/// only the noise of the runs (two equal classes swapped), helps nobody.
const MIN_GAIN_SHARE: f64 = 0.02;
const MIN_GAIN_S: f64 = 10.0;

/// The outcome for the search's `asg`: simulated on `runs` runs, it is proposed only when
/// its worst 90th percentile wait is below `before`'s (the scenario as given) by the least
/// gain worth a change ([`MIN_GAIN_SHARE`], [`MIN_GAIN_S`]); otherwise the scenario is
/// handed back unchanged.
fn settle(
    scenario: &Scenario,
    asg: &Assignment<'_>,
    before: SimReport,
    params: &SimParams,
    constraints: &Constraints,
    runs: u32,
) -> PlanOutcome {
    let meets = |report: &SimReport| {
        constraints
            .max_p90_wait_s
            .is_none_or(|max| report.worst_p90_wait_s <= max)
    };
    if !asg.is_as_given() {
        let proposed = asg.scenario();
        let after = simulate(&proposed, params, runs);
        let least_gain = (before.worst_p90_wait_s * MIN_GAIN_SHARE).max(MIN_GAIN_S);
        if before.worst_p90_wait_s - after.worst_p90_wait_s >= least_gain {
            return PlanOutcome {
                meets_max_wait: meets(&after),
                moves: asg.moves(),
                proposed,
                before,
                after,
            };
        }
    }
    PlanOutcome {
        proposed: scenario.clone(),
        meets_max_wait: meets(&before),
        after: before.clone(),
        before,
        moves: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::assignment::Change;
    use crate::scenario::{ClassLoad, DayPlan, SlotPlan};

    /// 09:00 with classes A1, A2 (60 students each), 10:00 with B1 (30).
    fn two_slots() -> Scenario {
        let class = |code: &str, students| ClassLoad {
            code: code.to_owned(),
            college: code[..1].to_owned(),
            students,
            pinned: false,
        };
        let slot = |key: i64, hour: u32, classes| SlotPlan {
            key,
            start_min: hour * 60,
            end_min: hour * 60 + 60,
            classes,
        };
        Scenario {
            days: vec![DayPlan {
                date: NaiveDate::MIN,
                slots: vec![
                    slot(1, 9, vec![class("A1", 60), class("A2", 60)]),
                    slot(2, 10, vec![class("B1", 30)]),
                ],
            }],
        }
    }

    #[test]
    fn a_worse_proposal_is_never_made() {
        let scenario = two_slots();
        let params = SimParams {
            stations: 1,
            ..SimParams::default()
        };
        let before = simulate(&scenario, &params, 5);
        let mut asg = Assignment::new(&scenario);
        // B1 into the busy slot: worse.
        asg.apply(Change::Move { class: 2, to: 0 });
        let out = settle(
            &scenario,
            &asg,
            before.clone(),
            &params,
            &Constraints::default(),
            5,
        );
        assert_eq!(out.proposed, scenario);
        assert_eq!((out.before, out.after), (before.clone(), before.clone()));
        assert!(out.moves.is_empty());

        // Two equal classes swapped: the runs differ a little, but it is no better.
        let equal = Scenario {
            days: vec![DayPlan {
                date: NaiveDate::MIN,
                slots: vec![
                    SlotPlan {
                        classes: vec![scenario.days[0].slots[0].classes[0].clone()],
                        ..scenario.days[0].slots[0].clone()
                    },
                    SlotPlan {
                        classes: vec![ClassLoad {
                            code: "B2".to_owned(),
                            college: "B".to_owned(),
                            ..scenario.days[0].slots[0].classes[0].clone()
                        }],
                        ..scenario.days[0].slots[1].clone()
                    },
                ],
            }],
        };
        let equal_before = simulate(&equal, &params, 5);
        let mut asg = Assignment::new(&equal);
        asg.apply(Change::Swap { a: 0, b: 1 });
        assert!(!asg.is_as_given());
        let out = settle(
            &equal,
            &asg,
            equal_before.clone(),
            &params,
            &Constraints::default(),
            5,
        );
        assert!(out.moves.is_empty(), "{:?}", out.moves);
        assert_eq!(out.after, equal_before);

        // A2 into the quiet slot: better, and proposed.
        let mut asg = Assignment::new(&scenario);
        asg.apply(Change::Move { class: 1, to: 1 });
        let out = settle(
            &scenario,
            &asg,
            before.clone(),
            &params,
            &Constraints::default(),
            5,
        );
        assert!(out.after.worst_p90_wait_s < before.worst_p90_wait_s);
        assert_eq!(
            out.moves,
            [ClassMove {
                code: "A2".to_owned(),
                college: "A".to_owned(),
                students: 60,
                from: 1,
                to: 2,
            }]
        );
        let codes: Vec<&str> = out.proposed.days[0].slots[1]
            .classes
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(codes, ["A2", "B1"], "a class moved in goes in code order");
    }
}
