//! Timetables and parameters the tests build.

use chrono::NaiveDate;
use gradphoto_plan::{ClassLoad, DayPlan, Scenario, SimParams, SlotPlan};

pub fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 10, day).unwrap()
}

/// `count` classes of `students` each of college `college`, codes `{college}01`, `{college}02`, ….
pub fn classes(college: &str, count: u32, students: u32) -> Vec<ClassLoad> {
    (1..=count)
        .map(|i| ClassLoad {
            code: format!("{college}{i:02}"),
            college: college.to_owned(),
            students,
            pinned: false,
        })
        .collect()
}

/// A one-hour slot starting at `hour`, its key the hour.
pub fn hour(hour: u32, classes: Vec<ClassLoad>) -> SlotPlan {
    SlotPlan {
        key: i64::from(hour),
        start_min: hour * 60,
        end_min: hour * 60 + 60,
        classes,
    }
}

/// One day, 2022-10-20, with these slots.
pub fn one_day(slots: Vec<SlotPlan>) -> Scenario {
    Scenario {
        days: vec![DayPlan {
            date: date(20),
            slots,
        }],
    }
}

/// Nothing random: every class exactly `early_arrival_min` early, all its students at once,
/// everyone comes, no retakes, no desk time, every shot exactly `shot_s`, one station.
pub fn clockwork(shot_s: f64) -> SimParams {
    SimParams {
        stations: 1,
        desks: 1,
        early_arrival_min: 15,
        arrival_spread_min: 0.0,
        group_window_min: 0.0,
        desk_service_s: 0.0,
        service_mean_s: shot_s,
        service_p90_s: shot_s,
        retake_rate: 0.0,
        no_show_rate: 0.0,
        seed: 1,
    }
}
