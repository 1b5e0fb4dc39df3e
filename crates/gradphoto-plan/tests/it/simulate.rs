//! The simulation: deterministic for a seed, matching hand calculations where nothing is
//! random, and giving exactly the figures of the naive baseline that runs the domain's
//! `decide` and `next_in_line` on a list of tickets.

use gradphoto_plan::{DayPlan, Scenario, SimParams, simulate, simulate_scanning};

use crate::helpers::{classes, clockwork, date, hour, one_day};

/// Two days: a busy morning and a lighter one.
fn two_days() -> Scenario {
    Scenario {
        days: vec![
            DayPlan {
                date: date(20),
                slots: vec![
                    hour(9, classes("1901", 6, 30)),
                    hour(10, classes("1902", 5, 25)),
                ],
            },
            DayPlan {
                date: date(21),
                slots: vec![hour(9, classes("1903", 3, 35))],
            },
        ],
    }
}

#[test]
fn a_seed_gives_the_same_report_and_another_seed_another() {
    let params = SimParams::default();
    let first = simulate(&two_days(), &params, 20);
    assert_eq!(first, simulate(&two_days(), &params, 20));
    let other = simulate(
        &two_days(),
        &SimParams {
            seed: params.seed + 1,
            ..params
        },
        20,
    );
    assert_ne!(first, other);
    assert_eq!(first.runs, 20);
    assert_eq!(first.slots.len(), 3);
    assert_eq!(first.days.len(), 2);
    assert!(first.worst_p90_wait_s > 0.0);
}

#[test]
fn with_a_station_per_student_nobody_waits() {
    let scenario = one_day(vec![hour(9, classes("1901", 4, 30))]);
    let params = SimParams {
        stations: 120,
        ..SimParams::default()
    };
    let report = simulate(&scenario, &params, 10);
    let slot = &report.slots[0];
    assert_eq!(slot.students, 120);
    assert_eq!(
        (slot.wait_p50_s, slot.wait_p90_s, slot.wait_mean_s),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(slot.peak_queue, 0.0);
    assert_eq!(slot.overrun_min, 0.0);
    assert!(report.days[0].queue_len.iter().all(|&q| q == 0.0));
}

#[test]
fn too_few_stations_overrun_as_calculated_by_hand() {
    // 160 students (4 classes of 40) told to come at 09:00 − 15 min = 08:45 all arrive then
    // and get numbers 1..=160 at once (no desk time). One station, 30 s a shot: number k is
    // called at 08:45 + (k − 1)·30 s, so it waited (k − 1)·30 s, and the last shot ends
    // 160 × 30 s = 80 min after 08:45, at 10:05: 5 minutes after the slot's end.
    let scenario = one_day(vec![hour(9, classes("1901", 4, 40))]);
    let report = simulate(&scenario, &clockwork(30.0), 3);
    let slot = &report.slots[0];
    assert_eq!(slot.overrun_min, 5.0);
    // Nearest rank: the median is the 80th wait, (80 − 1)·30 s; the 90th percentile the
    // 144th, (144 − 1)·30 s; the mean 30 s × (0 + 1 + … + 159) / 160 = 79.5 × 30 s.
    assert_eq!(slot.wait_p50_s, 79.0 * 30.0);
    assert_eq!(slot.wait_p90_s, 143.0 * 30.0);
    assert_eq!(slot.wait_mean_s, 79.5 * 30.0);
    assert_eq!(report.worst_p90_wait_s, 143.0 * 30.0);
    assert_eq!(slot.checkin_p90_s, 0.0);
    // Number 1 went straight to the station: 159 waited.
    assert_eq!(slot.peak_queue, 159.0);
    // The series starts at 08:45; in its first minute 159 wait for 30 s, then 158.
    let day = &report.days[0];
    assert_eq!(day.start_min, 8 * 60 + 45);
    assert_eq!(day.queue_len[0], 158.5);
    assert_eq!(day.queue_len.len(), 80);
}

#[test]
fn the_desks_issue_numbers_in_pairs_and_delay_the_last_shot() {
    // As above, but two desks at 8 s each: numbers are issued two at a time at 08:45:08,
    // 08:45:16, …, four times faster than the station shoots, so the station never waits
    // after its first call at 08:45:08: the last shot ends 8 s + 160 × 30 s after 08:45,
    // 5 min 8 s after the slot's end.
    let scenario = one_day(vec![hour(9, classes("1901", 4, 40))]);
    let params = SimParams {
        desks: 2,
        desk_service_s: 8.0,
        ..clockwork(30.0)
    };
    let slot = simulate(&scenario, &params, 2).slots[0].clone();
    assert!((slot.overrun_min - (5.0 + 8.0 / 60.0)).abs() < 1e-9);
    // Number k (from 1) is issued at 8·⌈k/2⌉ s and called at 8 + 30·(k − 1) s; number 144
    // (the 90th percentile) waited 8 + 30·143 − 8·72 s.
    assert_eq!(slot.wait_p90_s, 8.0 + 30.0 * 143.0 - 8.0 * 72.0);
    // At the desks, number 144 stood 8·72 s from 08:45 to its ticket.
    assert_eq!(slot.checkin_p90_s, 8.0 * 72.0);
}

#[test]
fn a_retake_is_shot_before_the_next_number() {
    // Every shot is retaken once, and the retake is shot before the next number: number k is
    // called after k − 1 students shot twice, (k − 1)·60 s after 08:45 (were retakes sent to
    // the back of the line, it would be (k − 1)·30 s).
    let scenario = one_day(vec![hour(9, classes("1901", 1, 10))]);
    let params = SimParams {
        retake_rate: 1.0,
        ..clockwork(30.0)
    };
    let slot = simulate(&scenario, &params, 1).slots[0].clone();
    assert_eq!(slot.wait_p50_s, 4.0 * 60.0);
    assert_eq!(slot.wait_p90_s, 8.0 * 60.0);
    assert_eq!(slot.overrun_min, 0.0);
}

#[test]
fn nobody_comes_nobody_waits() {
    let params = SimParams {
        no_show_rate: 1.0,
        ..SimParams::default()
    };
    let report = simulate(&two_days(), &params, 5);
    assert_eq!(report.worst_p90_wait_s, 0.0);
    assert!(
        report
            .slots
            .iter()
            .all(|s| s.overrun_min == 0.0 && s.peak_queue == 0.0)
    );
}

#[test]
fn the_heap_calls_in_the_order_of_the_domain_s_rules() {
    // With retakes, spread and lognormal shots: the call-key heap and the baseline that
    // moves a list of tickets by `decide` and `next_in_line` give the very same figures.
    let params = SimParams {
        retake_rate: 0.2,
        stations: 3,
        ..SimParams::default()
    };
    let fast = simulate(&two_days(), &params, 6);
    assert_eq!(fast, simulate_scanning(&two_days(), &params, 6));
}

#[test]
fn no_runs_no_figures() {
    let report = simulate(&two_days(), &SimParams::default(), 0);
    assert_eq!(report.runs, 0);
    assert_eq!(report.worst_p90_wait_s, 0.0);
    assert_eq!(report.slots.len(), 3);
}

#[test]
fn the_report_serialises_for_the_cli() {
    let report = simulate(&two_days(), &SimParams::default(), 2);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["slots"][0]["date"], "2022-10-20");
    assert_eq!(json["slots"][2]["key"], 9);
    assert!(json["days"][1]["queue_len"].is_array());
}
