//! The queue simulation and the planner over the campaign's real timetable: a venue's working
//! timetable becomes a [`Scenario`] (slots with their classes' head counts), simulated or
//! improved by `gradphoto-plan` off the async threads; a proposal is applied as the venue's new
//! working timetable (a draft until published); and a day that has been shot gives the queue as
//! it really was, from its tickets' times, to set beside the simulated one.

use std::collections::HashMap;

use chrono::{NaiveDate, Timelike};
use gradphoto_domain::venue::china_time;
use gradphoto_domain::{Msg, TicketState, Venue};
use gradphoto_plan::{
    ClassLoad, Constraints, DayPlan, FitError, ParamsError, PlanOutcome, Scenario, SimParams,
    SimReport, SlotPlan,
};
use gradphoto_store::{Actor, NewSlot};
use serde::Serialize;

use crate::App;
use crate::error::{AppError, Result};

/// The most Monte Carlo runs one request may ask for.
pub const MAX_RUNS: u32 = 10_000;

/// What the simulation assumes at this venue before anyone says otherwise: its capture
/// stations (at least one), the campaign's early-arrival minutes, and [`SimParams::default`]
/// for the rest.
pub async fn default_params(app: &App, venue: &Venue) -> Result<SimParams> {
    let stations = app.repo.stations(venue.id).await?.len();
    let policy = app.repo.timetable_policy(venue.campaign_id).await?;
    Ok(SimParams {
        stations: u32::try_from(stations).unwrap_or(u32::MAX).max(1),
        early_arrival_min: policy.arrive_early_min,
        ..SimParams::default()
    })
}

/// Whether the venue has a working timetable to simulate (at least one slot).
pub async fn has_timetable(app: &App, venue: &Venue) -> Result<bool> {
    Ok(!app.repo.slots(venue.id).await?.is_empty())
}

/// A venue's working timetable as the simulation sees it; slot keys are the slots' ids.
pub async fn scenario(app: &App, venue: &Venue) -> Result<Scenario> {
    let slots = app.repo.slots(venue.id).await?;
    let mut days: Vec<DayPlan> = Vec::new();
    for slot in slots {
        let (start_min, end_min) = slot.time.minutes();
        let plan = SlotPlan {
            key: slot.id.0,
            start_min,
            end_min,
            classes: slot
                .classes
                .into_iter()
                .map(|c| ClassLoad {
                    college: c.college_name.unwrap_or_default(),
                    code: c.code,
                    students: u32::try_from(c.students).unwrap_or(0),
                    pinned: c.pinned,
                })
                .collect(),
        };
        match days.last_mut() {
            Some(day) if day.date == slot.time.date => day.slots.push(plan),
            _ => days.push(DayPlan {
                date: slot.time.date,
                slots: vec![plan],
            }),
        }
    }
    if days.is_empty() {
        return Err(AppError::invalid(
            "timetable",
            Msg::new(
                format!("“{}”还没有时间安排：请先导入", venue.name),
                format!("\"{}\" has no timetable yet: import one first", venue.name),
            ),
        ));
    }
    Ok(Scenario { days })
}

/// Whether the simulation can use these parameters and this many runs. The error names the
/// parameter as the simulation page's form does, in both languages.
pub fn check(params: &SimParams, runs: u32) -> Result<()> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(AppError::invalid(
            "runs",
            Msg::new(
                format!("模拟次数应为 1 到 {MAX_RUNS}"),
                format!("runs must be 1 to {MAX_RUNS}"),
            ),
        ));
    }
    let Err(e) = params.check() else {
        return Ok(());
    };
    let (field, zh, en) = match e {
        ParamsError::NoServer { what } => {
            let (field, zh) = if what == "desks" {
                ("desks", "签到台数")
            } else {
                ("stations", "机位数")
            };
            (
                field,
                format!("“{zh}”至少为 1"),
                format!("{field} must be at least 1"),
            )
        }
        ParamsError::NotATime { what, value } => {
            let (field, zh, en) = match what {
                "arrival_spread_min" => ("spread", "到达分散（分钟）", "the arrival spread"),
                "group_window_min" => ("group_window", "班级到达窗口", "the group window"),
                _ => ("desk_seconds", "每人签到秒数", "the seconds per check-in"),
            };
            (
                field,
                format!("“{zh}”应为 0 或以上，而不是 {value}"),
                format!("{en} must be 0 or more, not {value}"),
            )
        }
        ParamsError::NotAProbability { what, value } => {
            let (field, zh, en) = if what == "retake_rate" {
                ("retakes", "重拍率", "the retake rate")
            } else {
                ("no_shows", "缺席率", "the no-show rate")
            };
            (
                field,
                format!("“{zh}”应在 0 到 1 之间，而不是 {value}"),
                format!("{en} must be between 0 and 1, not {value}"),
            )
        }
        ParamsError::ServiceTime(FitError::Mean(mean)) => (
            "service_mean",
            format!("“每张平均秒数”应大于 0，而不是 {mean}"),
            format!("the mean seconds per shot must be above 0, not {mean}"),
        ),
        ParamsError::ServiceTime(FitError::P90 { mean, p90, max }) => (
            "service_p90",
            format!("“每张 P90 秒数”（{p90}）应在平均秒数（{mean}）与 {max:.1} 之间"),
            format!(
                "the p90 seconds per shot ({p90}) must be between the mean ({mean}) and {max:.1}"
            ),
        ),
    };
    Err(AppError::invalid(field, Msg::new(zh, en)))
}

/// Simulates the venue's working timetable `runs` times.
pub async fn simulate(
    app: &App,
    venue: &Venue,
    params: &SimParams,
    runs: u32,
) -> Result<(Scenario, SimReport)> {
    check(params, runs)?;
    let scenario = scenario(app, venue).await?;
    let (s, p) = (scenario.clone(), params.clone());
    let report = app
        .cpu
        .run(move || gradphoto_plan::simulate(&s, &p, runs))
        .await?;
    Ok((scenario, report))
}

/// Proposes a better assignment of the venue's classes to its slots; returns the working
/// timetable it started from (to hand back to [`apply`]) with the outcome.
pub async fn propose(
    app: &App,
    venue: &Venue,
    params: &SimParams,
    constraints: &Constraints,
    runs: u32,
) -> Result<(Scenario, PlanOutcome)> {
    check(params, runs)?;
    let scenario = scenario(app, venue).await?;
    let (s, p, c) = (scenario.clone(), params.clone(), constraints.clone());
    let outcome = app
        .cpu
        .run(move || gradphoto_plan::plan(&s, &p, &c, runs))
        .await?;
    Ok((scenario, outcome))
}

/// Writes a proposal as the venue's working timetable (a draft until published): each slot
/// (by its key) gets the proposal's classes; pins are kept. `based_on` is the working timetable
/// the proposal was made from: refused when the timetable is not that any more (changed by
/// someone since), when the proposal leaves out or adds a class, or moves a pinned one.
pub async fn apply(
    app: &App,
    venue: &Venue,
    based_on: &Scenario,
    proposed: &Scenario,
    actor: &Actor,
) -> Result<()> {
    if scenario(app, venue).await? != *based_on {
        return Err(changed());
    }
    let pinned_moved = based_on.slots().find_map(|(_, slot)| {
        slot.classes.iter().filter(|c| c.pinned).find_map(|c| {
            let stays = proposed
                .slots()
                .any(|(_, p)| p.key == slot.key && p.classes.iter().any(|k| k.code == c.code));
            (!stays).then(|| c.code.clone())
        })
    });
    if let Some(code) = pinned_moved {
        return Err(AppError::invalid(
            "plan",
            Msg::new(
                format!("方案移动了固定的班级 {code}：固定的班级不能移动"),
                format!("the proposal moves class {code}, which is pinned to its slot"),
            ),
        ));
    }
    let current = app.repo.slots(venue.id).await?;
    let classes: HashMap<String, (gradphoto_domain::ClassId, bool)> = current
        .iter()
        .flat_map(|s| {
            s.classes
                .iter()
                .map(|c| (c.code.clone(), (c.class_id, c.pinned)))
        })
        .collect();
    let mut proposed_codes: Vec<&str> = proposed
        .slots()
        .flat_map(|(_, s)| s.classes.iter().map(|c| c.code.as_str()))
        .collect();
    proposed_codes.sort_unstable();
    proposed_codes.dedup();
    let proposed_classes: usize = proposed.slots().map(|(_, s)| s.classes.len()).sum();
    if proposed_codes.len() != proposed_classes || proposed_classes != classes.len() {
        return Err(AppError::invalid(
            "plan",
            Msg::new(
                "方案中的班级与时间安排不符（缺少、多出或重复）：请重新生成方案",
                "the proposal's classes are not the timetable's (missing, extra or repeated): make a new proposal",
            ),
        ));
    }
    let mut slots = Vec::with_capacity(current.len());
    for slot in &current {
        let (_, plan) = proposed
            .slots()
            .find(|(_, p)| p.key == slot.id.0)
            .ok_or_else(changed)?;
        let mut placed = Vec::with_capacity(plan.classes.len());
        for class in &plan.classes {
            placed.push(*classes.get(&class.code).ok_or_else(changed)?);
        }
        slots.push(NewSlot {
            time: slot.time,
            classes: placed,
        });
    }
    app.repo
        .replace_slots(venue.id, &slots, actor, app.now())
        .await?;
    Ok(())
}

fn changed() -> AppError {
    AppError::invalid(
        "plan",
        Msg::new(
            "时间安排在提出方案后已被修改：请重新生成方案",
            "the timetable changed after the proposal was made: make a new proposal",
        ),
    )
}

/// A day's queue as it was: tickets waiting for a station, minute by minute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasuredDay {
    pub date: NaiveDate,
    /// Minutes after local midnight of `queue_len[0]`.
    pub start_min: u32,
    pub queue_len: Vec<u32>,
    pub tickets: usize,
}

/// The measured queue of each day that has tickets at the venue. A ticket waits from its
/// issue until it is called (skipped and never called: until the day's last event).
pub async fn measured(app: &App, venue: &Venue, days: &[NaiveDate]) -> Result<Vec<MeasuredDay>> {
    let mut out = Vec::new();
    for &date in days {
        let tickets = app.repo.day_tickets(venue.id, date).await?;
        if tickets.is_empty() {
            continue;
        }
        let minute = |t: chrono::DateTime<chrono::Utc>| {
            let local = t.with_timezone(&china_time());
            // Minutes of the shooting day; a time past midnight stays on the day.
            let days_after = (local.date_naive() - date).num_days().max(0) as u32;
            days_after * 24 * 60 + local.hour() * 60 + local.minute()
        };
        let last = tickets
            .iter()
            .flat_map(|t| [Some(t.issued_at), t.called_at, t.finished_at])
            .flatten()
            .map(minute)
            .max()
            .unwrap_or(0);
        let first = tickets
            .iter()
            .map(|t| minute(t.issued_at))
            .min()
            .unwrap_or(0);
        let mut queue_len = vec![0u32; (last - first + 1) as usize];
        for t in &tickets {
            let from = minute(t.issued_at);
            let until = match (t.called_at, t.state) {
                (Some(called), _) => minute(called),
                (None, TicketState::Waiting | TicketState::Skipped) => last + 1,
                (None, _) => from,
            };
            for m in from..until.min(last + 1) {
                queue_len[(m - first) as usize] += 1;
            }
        }
        out.push(MeasuredDay {
            date,
            start_min: first,
            queue_len,
            tickets: tickets.len(),
        });
    }
    Ok(out)
}
