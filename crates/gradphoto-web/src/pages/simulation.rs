//! The queue simulation page: what the venue's working timetable does to the queue, day by
//! day — a chart of the queue length (simulated, and measured from the tickets where the day
//! has been shot), slot bands with overruns marked, and each slot's figures. The office and
//! the crew see it; the planner ([`super::plan`]) starts from the same form.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::planning::{has_timetable, measured, simulate};
use gradphoto_domain::timetable::slot_time::day_label;
use gradphoto_domain::{Role, Venue};
use gradphoto_plan::{SimReport, SlotFigures};

use super::layout::{Layout, Section};
use super::queue_chart::{ChartText, day_chart};
use super::render;
use super::sim_form::{SimForm, SimQuery};
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::current_venues;

#[derive(Template)]
#[template(path = "simulation.html")]
struct SimulationPage {
    t: Tr,
    l: Layout,
    form: SimForm,
    venues: Vec<Venue>,
    /// The form without the planner's fields.
    planner: bool,
    is_admin: bool,
    /// The venue has no slots: nothing to simulate yet.
    empty: bool,
    students: u32,
    worst_p90: String,
    days: Vec<DayBlock>,
}

struct DayBlock {
    label: String,
    chart: String,
    /// Tickets of the day, when it has been shot.
    measured_tickets: Option<usize>,
    slots: Vec<SlotLine>,
}

/// A slot's simulated figures as the pages show them.
pub(crate) struct SlotLine {
    pub key: i64,
    pub label: String,
    pub students: u32,
    pub peak_queue: String,
    pub wait_p50: String,
    pub wait_p90: String,
    pub checkin_p90: String,
    pub overrun: String,
    pub overruns: bool,
}

impl SlotLine {
    pub fn of(t: &Tr, s: &SlotFigures) -> Self {
        Self {
            key: s.key,
            label: format!(
                "{} {}-{}",
                t.msg(&day_label(s.date)),
                clock(s.start_min),
                clock(s.end_min)
            ),
            students: s.students,
            peak_queue: format!("{:.1}", s.peak_queue),
            wait_p50: duration(s.wait_p50_s),
            wait_p90: duration(s.wait_p90_s),
            checkin_p90: duration(s.checkin_p90_s),
            overrun: if s.overrun_min >= 0.1 {
                t.f("sim.overrun_min", format!("{:.1}", s.overrun_min))
            } else {
                t.s("sim.on_time").to_owned()
            },
            overruns: s.overrun_min >= 0.1,
        }
    }
}

/// `1:05` for 65 seconds.
pub(crate) fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn clock(minute: u32) -> String {
    format!("{}:{:02}", minute / 60, minute % 60)
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Query(q): Query<SimQuery>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let t = Tr::new(ctx.lang);
    let (campaign, venues) = current_venues(&state).await?;
    let form = SimForm::read(&state, &venues, &q).await?;
    let empty = !has_timetable(&state.app, &form.venue).await?;
    let (students, worst_p90, days) = if empty {
        (0, String::new(), Vec::new())
    } else {
        let (scenario, report) = simulate(&state.app, &form.venue, &form.params, form.runs).await?;
        let dates: Vec<_> = report.days.iter().map(|d| d.date).collect();
        let shot = measured(&state.app, &form.venue, &dates).await?;
        let students = u32::try_from(scenario.students()).unwrap_or(u32::MAX);
        (
            students,
            duration(report.worst_p90_wait_s),
            day_blocks(&t, &report, &shot),
        )
    };
    let page = SimulationPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("sim.title"),
            Section::Timetable,
        ),
        form,
        venues,
        planner: false,
        is_admin: current.user.role == Role::Admin,
        empty,
        students,
        worst_p90,
        days,
    };
    render(StatusCode::OK, &page)
}

fn day_blocks(
    t: &Tr,
    report: &SimReport,
    shot: &[gradphoto_app::planning::MeasuredDay],
) -> Vec<DayBlock> {
    report
        .days
        .iter()
        .map(|day| {
            let slots: Vec<&SlotFigures> =
                report.slots.iter().filter(|s| s.date == day.date).collect();
            let measured = shot.iter().find(|m| m.date == day.date);
            let label = t.msg(&day_label(day.date)).to_owned();
            let title = t.f("sim.chart_title", &label);
            let text = ChartText {
                title: &title,
                simulated: t.s("sim.simulated"),
                measured: t.s("sim.measured"),
                overrun: t.s("sim.overrun_min"),
            };
            DayBlock {
                chart: day_chart(day, measured, &slots, &text),
                measured_tickets: measured.map(|m| m.tickets),
                slots: slots.iter().map(|s| SlotLine::of(t, s)).collect(),
                label,
            }
        })
        .collect()
}
