//! Benchmark of the simulation and the planner on the notice's whole campaign: the nine slots
//! and 171 classes of 附件一 (2022-10-20/21), class sizes made up deterministically (20–40 from
//! the code, about 5,000 students), colleges the first four characters of the code.
//!
//! It times `simulate` at 1,000 runs against the naive baseline (`simulate_scanning`: every
//! call scans the day's tickets with the domain's `next_in_line`), checks both give the same
//! report, sweeps the number of stations, and times `plan` on the same input. Figures only:
//! nothing here fails on a time.
//!
//! ```text
//! cargo run --release -p gradphoto-plan --example plan_bench
//! ```
//!
//! With `--dump-scenario` it prints the campaign and the default parameters as JSON instead,
//! for `bench/simpy_campaign.py`, the same model written with SimPy.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gradphoto_plan::{
    ClassLoad, Constraints, DayPlan, Scenario, SimParams, SimReport, SlotPlan, plan, simulate,
    simulate_scanning,
};

/// 附件一: (day of October 2022, start, end, the classes as listed).
const TIMETABLE: &[(u32, &str, &str, &str)] = &[
    (
        20,
        "09:00",
        "10:00",
        "190111 190112 190121 190122 190123 190124 190125 190126 190127 190128 190131 190132 190133 190141 190142 190211 190212 190213 190221 190222",
    ),
    (
        20,
        "10:00",
        "11:00",
        "190223 190231 190232 190233 190241 190242 190305 190306 190307 190311 190312 190313 190314 190321 190322 190323 190331 190332 190333",
    ),
    (
        20,
        "11:00",
        "12:00",
        "190334 190335 190336 190337 190338 190341 190342 190343 190344 190351 190361 190362 190411 190412 190413 190414 190415 190421 190422 190423 190431",
    ),
    (
        20,
        "13:30",
        "14:30",
        "190432 190441 190442 190443 190444 190451 190452 190461 190462 190471 190481 190482 190511 190512 190513 190521 190531 190611 190612",
    ),
    (
        20,
        "14:30",
        "15:30",
        "190613 190614 190621 190622 190711 190731 190811 190812 190813 190814 190815 190831 190832 190841 190842 190851 190852 190911",
    ),
    (
        20,
        "15:30",
        "16:30",
        "190912 190921 190922 190931 190941 190951 190961 190962 190971 191011 191012 191111 191112 191113 191114 191121 191122 191123",
    ),
    (
        21,
        "09:00",
        "10:00",
        "191131 191132 191211 191212 191213 191221 191222 191241 191242 191251 191261 191262 191421 191431 191432 191441 191442 191461 191511 191512 191521 D217041",
    ),
    (
        21,
        "10:00",
        "11:00",
        "191621 191622 191623 191624 192011 192012 192013 192014 192015 192016 192051 192061 192071 192072 192073 192081",
    ),
    (
        21,
        "11:00",
        "12:00",
        "192211 192212 192213 192214 192251 192252 192271 192281 192291 192292 192293 192294 201451 201452 201531 201532 201533 201534",
    ),
];

const RUNS: u32 = 1_000;

/// 20 to 40 students, from the code (FNV-1a), so every run of the benchmark has the same.
fn class_size(code: &str) -> u32 {
    let hash = code.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    20 + hash % 21
}

fn minutes(hhmm: &str) -> u32 {
    let (h, m) = hhmm.split_once(':').unwrap_or((hhmm, "0"));
    h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
}

fn notice_campaign() -> Scenario {
    let mut days: Vec<DayPlan> = Vec::new();
    for (key, &(day, start, end, codes)) in TIMETABLE.iter().enumerate() {
        let date = NaiveDate::from_ymd_opt(2022, 10, day).unwrap_or_default();
        let slot = SlotPlan {
            key: key as i64 + 1,
            start_min: minutes(start),
            end_min: minutes(end),
            classes: codes
                .split_whitespace()
                .map(|code| ClassLoad {
                    code: code.to_owned(),
                    college: code.chars().take(4).collect(),
                    students: class_size(code),
                    pinned: false,
                })
                .collect(),
        };
        match days.last_mut() {
            Some(last) if last.date == date => last.slots.push(slot),
            _ => days.push(DayPlan {
                date,
                slots: vec![slot],
            }),
        }
    }
    Scenario { days }
}

/// This thread's CPU time so far (Linux: `/proc/thread-self/schedstat`), so that the figures
/// hold on a machine busy with other work; `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A stopwatch on this thread's CPU time, or on the wall clock where that is not known.
struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    fn start() -> Self {
        Self {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu()) {
            (Some(start), Some(now)) => now.saturating_sub(start),
            _ => self.wall.elapsed(),
        }
    }
}

/// Runs `f` `times` times (at least once); the fastest and the median time, and the last
/// result.
fn timed<T>(times: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let watch = Stopwatch::start();
    let mut out = f();
    let mut spans = vec![watch.elapsed()];
    for _ in 1..times {
        let watch = Stopwatch::start();
        out = f();
        spans.push(watch.elapsed());
    }
    spans.sort();
    (spans[0], spans[spans.len() / 2], out)
}

fn hhmm(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

fn print_slots(title: &str, report: &SimReport) {
    println!("\n{title} (mean over {} runs)\n", report.runs);
    println!(
        "| slot | students | p50 wait | p90 wait | peak queue | overrun | p90 check-in line |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for s in &report.slots {
        println!(
            "| {} {}–{} | {} | {:.1} min | {:.1} min | {:.0} | {:.1} min | {:.1} min |",
            s.date.format("%m-%d"),
            hhmm(s.start_min),
            hhmm(s.end_min),
            s.students,
            s.wait_p50_s / 60.0,
            s.wait_p90_s / 60.0,
            s.peak_queue,
            s.overrun_min,
            s.checkin_p90_s / 60.0,
        );
    }
    println!(
        "\nworst slot p90 wait: {:.1} min",
        report.worst_p90_wait_s / 60.0
    );
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The campaign `times` times over: its days repeated on the following days, each copy's
/// class codes and colleges prefixed with the copy's number.
fn repeated(scenario: &Scenario, times: u32) -> Scenario {
    let mut days = Vec::new();
    for copy in 0..times {
        for (d, day) in scenario.days.iter().enumerate() {
            let mut day = day.clone();
            day.date = NaiveDate::from_ymd_opt(2022, 10, 20)
                .unwrap_or_default()
                .checked_add_days(chrono::Days::new(u64::from(copy) * 2 + d as u64))
                .unwrap_or_default();
            for slot in &mut day.slots {
                slot.key += i64::from(copy) * 100;
                for class in &mut slot.classes {
                    class.code = format!("{copy}{}", class.code);
                    class.college = format!("{copy}{}", class.college);
                }
            }
            days.push(day);
        }
    }
    Scenario { days }
}

fn main() {
    let scenario = notice_campaign();
    if std::env::args().any(|a| a == "--dump-scenario") {
        // For the SimPy cross-check (`bench/simpy_campaign.py`).
        let json = serde_json::json!({ "scenario": scenario, "params": SimParams::default() });
        println!("{json}");
        return;
    }
    let classes: usize = scenario.slots().map(|(_, s)| s.classes.len()).sum();
    let params = SimParams::default();
    println!(
        "campaign: {} days, {} slots, {classes} classes, {} students",
        scenario.days.len(),
        scenario.slots().count(),
        scenario.students()
    );
    println!("params: {params:?}");
    println!(
        "times: {}, one thread",
        if thread_cpu().is_some() {
            "this thread's CPU time"
        } else {
            "wall clock"
        }
    );

    let (fast_min, fast_med, report) = timed(5, || simulate(&scenario, &params, RUNS));
    let student_runs = scenario.students() as f64 * f64::from(RUNS);
    println!(
        "\nsimulate, {RUNS} runs: fastest {} / median {} of 5 ({:.0} ns per student and run)",
        ms(fast_min),
        ms(fast_med),
        fast_min.as_secs_f64() * 1e9 / student_runs
    );
    let (scan_min, scan_med, scanned) = timed(1, || simulate_scanning(&scenario, &params, RUNS));
    println!(
        "baseline simulate_scanning (next_in_line scan per call), {RUNS} runs: {} (median {}), \
         {:.1}x slower; same report: {}",
        ms(scan_min),
        ms(scan_med),
        scan_min.as_secs_f64() / fast_min.as_secs_f64(),
        scanned == report
    );
    print_slots("simulated, as the notice has it", &report);

    println!("\nstations sweep ({RUNS} runs each)\n");
    println!("| stations | worst p90 wait | worst overrun | time |");
    println!("|---:|---:|---:|---:|");
    for stations in [3, 4, 5, 6, 8] {
        let p = SimParams {
            stations,
            ..params.clone()
        };
        let (t, _, r) = timed(1, || simulate(&scenario, &p, RUNS));
        let overrun = r.slots.iter().map(|s| s.overrun_min).fold(0.0, f64::max);
        println!(
            "| {stations} | {:.1} min | {:.1} min | {} |",
            r.worst_p90_wait_s / 60.0,
            overrun,
            ms(t)
        );
    }

    println!("\ndesks sweep (4 stations, {RUNS} runs each)\n");
    println!("| desks | worst p90 check-in line | worst p90 wait for a station |");
    println!("|---:|---:|---:|");
    for desks in [2, 3, 4] {
        let p = SimParams {
            desks,
            ..params.clone()
        };
        let r = simulate(&scenario, &p, RUNS);
        let checkin = r.slots.iter().map(|s| s.checkin_p90_s).fold(0.0, f64::max);
        println!(
            "| {desks} | {:.1} min | {:.1} min |",
            checkin / 60.0,
            r.worst_p90_wait_s / 60.0
        );
    }

    let constraints = Constraints::default();
    let (plan_min, plan_med, outcome) = timed(3, || plan(&scenario, &params, &constraints, RUNS));
    println!(
        "\nplan, {RUNS} runs, colleges kept adjacent: fastest {} / median {} of 3; {} moves; \
         worst p90 wait {:.1} → {:.1} min",
        ms(plan_min),
        ms(plan_med),
        outcome.moves.len(),
        outcome.before.worst_p90_wait_s / 60.0,
        outcome.after.worst_p90_wait_s / 60.0
    );
    println!(
        "  of which the search (plan − 2 × simulate at {RUNS} runs): about {}",
        ms(plan_min.saturating_sub(fast_min * 2))
    );
    for m in &outcome.moves {
        println!(
            "  move {} ({} students) from slot {} to slot {}",
            m.code, m.students, m.from, m.to
        );
    }
    print_slots("simulated, as proposed", &outcome.after);

    let free = Constraints {
        keep_colleges_adjacent: false,
        ..Constraints::default()
    };
    let (free_t, _, free_out) = timed(1, || plan(&scenario, &params, &free, RUNS));
    println!(
        "\nplan without keeping colleges adjacent: {}; {} moves; worst p90 wait {:.1} → {:.1} min",
        ms(free_t),
        free_out.moves.len(),
        free_out.before.worst_p90_wait_s / 60.0,
        free_out.after.worst_p90_wait_s / 60.0
    );

    let big = repeated(&scenario, 4);
    let big_classes: usize = big.slots().map(|(_, s)| s.classes.len()).sum();
    let (big_sim, _, _) = timed(1, || simulate(&big, &params, RUNS));
    let (big_plan, _, big_out) = timed(1, || plan(&big, &params, &constraints, RUNS));
    println!(
        "\nnext limit, the campaign 4 times over ({} days, {} slots, {big_classes} classes, {} \
         students): simulate {RUNS} runs {}; plan {RUNS} runs {} ({} moves, worst p90 wait \
         {:.1} → {:.1} min)",
        big.days.len(),
        big.slots().count(),
        big.students(),
        ms(big_sim),
        ms(big_plan),
        big_out.moves.len(),
        big_out.before.worst_p90_wait_s / 60.0,
        big_out.after.worst_p90_wait_s / 60.0
    );
}
