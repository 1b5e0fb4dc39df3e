//! The planner's promises: it never moves a pinned class, never loses or invents one, never
//! proposes a timetable that simulates worse than the one given, keeps colleges together when
//! asked, is deterministic, and does improve a lopsided timetable.

use std::collections::BTreeMap;

use gradphoto_plan::{
    ClassLoad, Constraints, DayPlan, PlanOutcome, Scenario, SimParams, SlotPlan, plan, simulate,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::helpers::{classes, date, hour, one_day};

/// Where each class is: code → slot key.
fn slot_by_class(scenario: &Scenario) -> BTreeMap<String, i64> {
    scenario
        .slots()
        .flat_map(|(_, slot)| slot.classes.iter().map(|c| (c.code.clone(), slot.key)))
        .collect()
}

/// The slots without their classes.
fn frames(scenario: &Scenario) -> Vec<(chrono::NaiveDate, i64, u32, u32)> {
    scenario
        .slots()
        .map(|(day, s)| (day.date, s.key, s.start_min, s.end_min))
        .collect()
}

/// How many times each college's run of slots (in timetable order) is interrupted.
fn breaks(scenario: &Scenario) -> BTreeMap<String, usize> {
    let mut slots: Vec<(chrono::NaiveDate, &SlotPlan)> = scenario
        .slots()
        .map(|(day, slot)| (day.date, slot))
        .collect();
    slots.sort_by_key(|(date, slot)| (*date, slot.start_min));
    let mut places: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (place, (_, slot)) in slots.iter().enumerate() {
        for class in &slot.classes {
            places.entry(class.college.clone()).or_default().push(place);
        }
    }
    places
        .into_iter()
        .map(|(college, mut at)| {
            at.dedup();
            let gaps = at.windows(2).filter(|w| w[1] != w[0] + 1).count();
            (college, gaps)
        })
        .collect()
}

/// A timetable drawn from `seed`: one or two days of two to four hourly slots, each with one
/// to six classes of 10 to 40 students, colleges in code order, about a third pinned.
fn random_scenario(seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut code = 0;
    let days = (0..rng.random_range(1..=2))
        .map(|d| DayPlan {
            date: date(20 + d),
            slots: (0..rng.random_range(2..=4))
                .map(|s| SlotPlan {
                    key: i64::from(d * 10 + s),
                    start_min: (9 + s) * 60,
                    end_min: (10 + s) * 60,
                    classes: (0..rng.random_range(1..=6))
                        .map(|_| {
                            code += 1;
                            ClassLoad {
                                code: format!("C{code:03}"),
                                college: format!("K{}", code / 5),
                                students: rng.random_range(10..=40),
                                pinned: rng.random_bool(0.3),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Scenario { days }
}

/// Everything an outcome promises about the scenario it was planned from.
fn assert_keeps_its_promises(given: &Scenario, out: &PlanOutcome, params: &SimParams) {
    let (before, after) = (slot_by_class(given), slot_by_class(&out.proposed));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "every class once"
    );
    assert_eq!(frames(given), frames(&out.proposed), "the slots stay");
    for (_, slot) in given.slots() {
        for class in slot.classes.iter().filter(|c| c.pinned) {
            assert_eq!(after[&class.code], slot.key, "pinned {} moved", class.code);
        }
    }
    let moved: BTreeMap<String, (i64, i64)> = out
        .moves
        .iter()
        .map(|m| (m.code.clone(), (m.from, m.to)))
        .collect();
    for (code, &to) in &after {
        match moved.get(code) {
            Some(&(from, moved_to)) => assert_eq!((from, moved_to), (before[code], to)),
            None => assert_eq!(before[code], to, "{code} moved without a move"),
        }
    }
    assert!(
        out.after.worst_p90_wait_s <= out.before.worst_p90_wait_s,
        "worse: {} > {}",
        out.after.worst_p90_wait_s,
        out.before.worst_p90_wait_s
    );
    if out.moves.is_empty() {
        assert_eq!(&out.proposed, given);
        assert_eq!(out.after, out.before);
    } else {
        assert!(out.after.worst_p90_wait_s < out.before.worst_p90_wait_s);
    }
    let runs = out.before.runs;
    assert_eq!(out.before, simulate(given, params, runs));
    assert_eq!(out.after, simulate(&out.proposed, params, runs));
}

#[test]
fn random_timetables_keep_pins_and_never_get_worse() {
    let mut improved = 0;
    for seed in 0..12 {
        let scenario = random_scenario(seed);
        let params = SimParams {
            stations: 2 + (seed % 3) as u32,
            seed,
            ..SimParams::default()
        };
        let adjacent = seed % 2 == 0;
        let constraints = Constraints {
            max_p90_wait_s: None,
            keep_colleges_adjacent: adjacent,
        };
        let out = plan(&scenario, &params, &constraints, 40);
        assert_keeps_its_promises(&scenario, &out, &params);
        if adjacent {
            let (was, is) = (breaks(&scenario), breaks(&out.proposed));
            for (college, gaps) in is {
                assert!(gaps <= was[&college], "seed {seed}: {college} split");
            }
        }
        improved += usize::from(!out.moves.is_empty());
    }
    assert!(improved > 0, "some random timetable could be improved");
}

#[test]
fn a_lopsided_day_is_evened_out() {
    // Twelve classes of 30 of three colleges all at 09:00 and nobody at 10:00 or 11:00.
    let mut nine = classes("1901", 4, 30);
    nine.extend(classes("1902", 4, 30));
    nine.extend(classes("1903", 4, 30));
    let scenario = one_day(vec![hour(9, nine), hour(10, vec![]), hour(11, vec![])]);
    let params = SimParams::default();

    let anywhere = Constraints {
        keep_colleges_adjacent: false,
        ..Constraints::default()
    };
    let out = plan(&scenario, &params, &anywhere, 10);
    assert_keeps_its_promises(&scenario, &out, &params);
    assert!(
        out.after.worst_p90_wait_s < 0.5 * out.before.worst_p90_wait_s,
        "{} → {}",
        out.before.worst_p90_wait_s,
        out.after.worst_p90_wait_s
    );
    let per_slot: Vec<u32> = out.proposed.days[0]
        .slots
        .iter()
        .map(|s| s.students())
        .collect();
    assert!(per_slot.iter().all(|&n| n <= 180), "{per_slot:?}");

    // Kept together, each college may take one slot more than the one it has: still better,
    // and no college split.
    let together = plan(&scenario, &params, &Constraints::default(), 10);
    assert_keeps_its_promises(&scenario, &together, &params);
    assert!(together.after.worst_p90_wait_s < 0.8 * together.before.worst_p90_wait_s);
    assert!(breaks(&together.proposed).values().all(|&gaps| gaps == 0));
    for college in ["1901", "1902", "1903"] {
        let slots = together.proposed.days[0]
            .slots
            .iter()
            .filter(|s| s.classes.iter().any(|c| c.college == college))
            .count();
        assert!(slots <= 2, "{college} in {slots} slots");
    }
}

#[test]
fn pinned_classes_stay_even_when_moving_them_would_help() {
    let mut nine = classes("1901", 6, 30);
    for class in &mut nine {
        class.pinned = true;
    }
    let scenario = one_day(vec![hour(9, nine), hour(10, vec![])]);
    let params = SimParams::default();
    let out = plan(&scenario, &params, &Constraints::default(), 5);
    assert!(out.moves.is_empty());
    assert_eq!(out.proposed, scenario);
    assert_keeps_its_promises(&scenario, &out, &params);
}

#[test]
fn the_same_seed_plans_the_same() {
    let scenario = random_scenario(3);
    let params = SimParams::default();
    let constraints = Constraints::default();
    assert_eq!(
        plan(&scenario, &params, &constraints, 6),
        plan(&scenario, &params, &constraints, 6)
    );
}

#[test]
fn the_wait_target_is_reported() {
    let scenario = one_day(vec![hour(9, classes("1901", 6, 30)), hour(10, vec![])]);
    let params = SimParams::default();
    let generous = Constraints {
        max_p90_wait_s: Some(3600.0 * 24.0),
        ..Constraints::default()
    };
    let out = plan(&scenario, &params, &generous, 5);
    assert!(out.meets_max_wait);
    let strict = Constraints {
        max_p90_wait_s: Some(1.0),
        ..Constraints::default()
    };
    let out = plan(&scenario, &params, &strict, 5);
    assert!(!out.meets_max_wait);
    assert!(!out.moves.is_empty());
}
