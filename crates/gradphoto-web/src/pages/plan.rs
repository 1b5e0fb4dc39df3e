//! The planner page: a proposal that moves classes between the venue's slots to lower the
//! worst slot's 90th percentile wait (pinned classes stay), beside the working timetable with
//! the simulated figures of both, and the classes it moves. The office applies it as the new
//! working timetable — a draft until published — from the proposal the page showed: if the
//! timetable changed in between, nothing is written and the page says to propose again.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::planning::{apply, has_timetable, propose};
use gradphoto_domain::{Msg, Role, Venue, VenueId};
use gradphoto_plan::{PlanOutcome, Scenario};
use serde::{Deserialize, Serialize};

use super::layout::{Layout, Section};
use super::render;
use super::sim_form::{SimForm, SimQuery};
use super::simulation::{SlotLine, duration};
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::{current_venues, venue};

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    t: Tr,
    l: Layout,
    csrf: String,
    form: SimForm,
    venues: Vec<Venue>,
    planner: bool,
    empty: bool,
    worst_before: String,
    worst_after: String,
    meets_max_wait: bool,
    rows: Vec<(SlotLine, SlotLine)>,
    moves: Vec<MoveLine>,
    /// The proposal with the timetable it was made from, for the apply form.
    ticket: String,
}

struct MoveLine {
    code: String,
    college: String,
    students: u32,
    from: String,
    to: String,
}

/// What the apply form carries back: the proposal and the working timetable it was made from.
#[derive(Debug, Serialize, Deserialize)]
struct Ticket {
    venue: i64,
    based_on: Scenario,
    proposed: Scenario,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Query(q): Query<SimQuery>,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let t = Tr::new(ctx.lang);
    let (campaign, venues) = current_venues(&state).await?;
    let form = SimForm::read(&state, &venues, &q).await?;
    let empty = !has_timetable(&state.app, &form.venue).await?;
    let mut page = PlanPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("plan.title"),
            Section::Timetable,
        ),
        csrf: current.csrf_token.clone(),
        form,
        venues,
        planner: true,
        empty,
        worst_before: String::new(),
        worst_after: String::new(),
        meets_max_wait: true,
        rows: Vec::new(),
        moves: Vec::new(),
        ticket: String::new(),
    };
    if !empty {
        let f = &page.form;
        let (given, outcome) =
            propose(&state.app, &f.venue, &f.params, &f.constraints, f.runs).await?;
        fill(&mut page, given, outcome)?;
    }
    render(StatusCode::OK, &page)
}

fn fill(page: &mut PlanPage, given: Scenario, outcome: PlanOutcome) -> Result<(), WebError> {
    let t = page.t;
    page.worst_before = duration(outcome.before.worst_p90_wait_s);
    page.worst_after = duration(outcome.after.worst_p90_wait_s);
    page.meets_max_wait = outcome.meets_max_wait;
    page.rows = outcome
        .before
        .slots
        .iter()
        .zip(&outcome.after.slots)
        .map(|(b, a)| (SlotLine::of(&t, b), SlotLine::of(&t, a)))
        .collect();
    let slot_label = |key: i64| {
        page.rows
            .iter()
            .find(|(b, _)| b.key == key)
            .map(|(b, _)| b.label.clone())
            .unwrap_or_default()
    };
    page.moves = outcome
        .moves
        .iter()
        .map(|m| MoveLine {
            code: m.code.clone(),
            college: m.college.clone(),
            students: m.students,
            from: slot_label(m.from),
            to: slot_label(m.to),
        })
        .collect();
    if !outcome.moves.is_empty() {
        let ticket = Ticket {
            venue: page.form.venue.id.0,
            based_on: given,
            proposed: outcome.proposed,
        };
        page.ticket = serde_json::to_string(&ticket)
            .map_err(|e| WebError::Internal(format!("the proposal does not serialise: {e}")))?;
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub(crate) struct ApplyForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    plan: String,
}

/// Writes the proposal the page showed as the venue's working timetable.
pub(crate) async fn apply_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<ApplyForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let ticket: Ticket = serde_json::from_str(&form.plan).map_err(|_| WebError::Invalid {
        field: "plan",
        msg: Msg::new(
            "方案数据无法读取：请在方案页重新生成后再应用",
            "the proposal cannot be read: make it again on the planner page, then apply it",
        ),
    })?;
    let venue = venue(&state, VenueId(ticket.venue)).await?;
    apply(
        &state.app,
        &venue,
        &ticket.based_on,
        &ticket.proposed,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(Redirect::to(&format!("/timetable#venue-{}", venue.id.0)).into_response())
}
