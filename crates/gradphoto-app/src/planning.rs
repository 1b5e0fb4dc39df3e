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
    ClassLoad, Constraints, DayPlan, PlanOutcome, Scenario, SimParams, SimReport, SlotPlan,
};
use gradphoto_store::{Actor, NewSlot};
use serde::Serialize;

use crate::App;
use crate::error::{AppError, Result};

/// The most Monte Carlo runs one request may ask for.
pub const MAX_RUNS: u32 = 10_000;

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

fn checked(params: &SimParams, runs: u32) -> Result<()> {
    params.check().map_err(|e| {
        AppError::invalid(
            "params",
            Msg::new(
                format!("模拟参数不合理：{e}"),
                format!("simulation parameters: {e}"),
            ),
        )
    })?;
    if runs == 0 || runs > MAX_RUNS {
        return Err(AppError::invalid(
            "runs",
            Msg::new(
                format!("模拟次数应为 1 到 {MAX_RUNS}"),
                format!("runs must be 1 to {MAX_RUNS}"),
            ),
        ));
    }
    Ok(())
}

/// Simulates the venue's working timetable `runs` times.
pub async fn simulate(
    app: &App,
    venue: &Venue,
    params: &SimParams,
    runs: u32,
) -> Result<(Scenario, SimReport)> {
    checked(params, runs)?;
    let scenario = scenario(app, venue).await?;
    let (s, p) = (scenario.clone(), params.clone());
    let report = app
        .cpu
        .run(move || gradphoto_plan::simulate(&s, &p, runs))
        .await?;
    Ok((scenario, report))
}

/// Proposes a better assignment of the venue's classes to its slots.
pub async fn propose(
    app: &App,
    venue: &Venue,
    params: &SimParams,
    constraints: &Constraints,
    runs: u32,
) -> Result<PlanOutcome> {
    checked(params, runs)?;
    let scenario = scenario(app, venue).await?;
    let (p, c) = (params.clone(), constraints.clone());
    Ok(app
        .cpu
        .run(move || gradphoto_plan::plan(&scenario, &p, &c, runs))
        .await?)
}

/// Writes a proposal as the venue's working timetable: each slot (by its key) gets the
/// proposal's classes; pins are kept. Refused when the timetable changed since the proposal was
/// made (a slot or a class that is not there any more).
pub async fn apply(app: &App, venue: &Venue, proposed: &Scenario, actor: &Actor) -> Result<()> {
    let current = app.repo.slots(venue.id).await?;
    let classes: HashMap<String, (gradphoto_domain::ClassId, bool)> = current
        .iter()
        .flat_map(|s| {
            s.classes
                .iter()
                .map(|c| (c.code.clone(), (c.class_id, c.pinned)))
        })
        .collect();
    let changed = || {
        AppError::invalid(
            "plan",
            Msg::new(
                "时间安排在提出方案后已被修改：请重新生成方案",
                "the timetable changed after the proposal was made: make a new proposal",
            ),
        )
    };
    let proposed_classes: usize = proposed.slots().map(|(_, s)| s.classes.len()).sum();
    if proposed_classes != classes.len() {
        return Err(changed());
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
