//! One student's review page: their record and current photo, their whole history (every
//! frame with its verdict and overrides, every photo, every answer, the retakes and replies,
//! and the audit log about them, before → after), and what an operator can do about it —
//! reply, ask for a retake, correct a field, rebind a frame to the student it really shows,
//! override a frame's verdict. The forms are taken by [`super::review_actions`].

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::review::history::{StudentHistory, history};
use gradphoto_domain::proof::{IssueKind, ProofState};
use gradphoto_domain::roster::Column;
use gradphoto_domain::{Msg, Role, StudentId};

use super::frame_card::{FrameCard, venue_time};
use super::layout::{Layout, Section};
use super::proof_text::{issue_text, state_key};
use super::render;
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::roster_fields::{self, FieldRow};

#[derive(Template)]
#[template(path = "review_student.html")]
struct ReviewStudentPage {
    t: Tr,
    l: Layout,
    csrf: String,
    id: i64,
    student_no: String,
    name: String,
    fields: Vec<FieldRow>,
    /// The current photo's frame.
    current_frame: Option<i64>,
    proof_state: &'static str,
    answers: Vec<AnswerRow>,
    /// The field a dispute names and the value proposed, to start the correction with.
    suggested: Option<(String, String)>,
    choices: Vec<(&'static str, String, bool)>,
    frames: Vec<FrameRow>,
    retakes: Vec<(String, String, String, String)>,
    replies: Vec<(String, String, String)>,
    events: Vec<EventRow>,
}

struct AnswerRow {
    at: String,
    state: &'static str,
    locked: bool,
    issues: Vec<String>,
}

struct FrameRow {
    card: FrameCard,
    current: bool,
    /// The verdict failed or warned and stands: it may be overridden.
    may_override: bool,
    overrides: Vec<(String, String, String)>,
}

struct EventRow {
    at: String,
    actor: String,
    action: String,
    subject: String,
    before: String,
    after: String,
}

fn student_id(raw: &str) -> Result<StudentId, WebError> {
    raw.parse().map(StudentId).map_err(|_| no_student(raw))
}

fn no_student(raw: &str) -> WebError {
    WebError::NotFound(Msg::new(
        format!("没有编号为 {raw} 的学生"),
        format!("there is no student with id {raw}"),
    ))
}

fn json_text(v: &Option<serde_json::Value>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// `GET /review/students/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let id = student_id(&raw)?;
    let h = history(&state.app, id)
        .await?
        .ok_or_else(|| no_student(&raw))?;
    let t = Tr::new(ctx.lang);
    let page = build(t, &h, &current, &ctx);
    render(StatusCode::OK, &page)
}

fn build(t: Tr, h: &StudentHistory, current: &CurrentUser, ctx: &Ctx) -> ReviewStudentPage {
    let record = &h.student.student.record;
    let current_frame = h.photos.current().map(|p| p.frame_id);
    let latest = h.answers.first();
    let suggested = latest
        .filter(|p| p.state == ProofState::Disputed)
        .and_then(|p| p.issues.iter().find(|i| i.kind == IssueKind::Field))
        .map(|i| {
            (
                i.field.clone().unwrap_or_default(),
                i.proposed.clone().unwrap_or_default(),
            )
        });
    let suggested_field = suggested.as_ref().map(|(f, _)| f.as_str());
    let by = |label: &str, at| (venue_time(at, "%Y-%m-%d %H:%M"), label.to_owned());
    let title = format!("{} {}", t.s("review.title"), record.name);
    ReviewStudentPage {
        t,
        l: Layout::new(ctx, current, h.campaign.as_ref(), &title, Section::Review),
        csrf: current.csrf_token.clone(),
        id: h.student.student.id.0,
        student_no: record.student_no.to_string(),
        name: record.name.clone(),
        // The whole ID number for the admin only, as on the roster's pages.
        fields: roster_fields::rows(record, t.lang(), current.user.role == Role::Admin),
        current_frame: current_frame.map(|f| f.0),
        proof_state: state_key(latest.map(|p| p.state)),
        answers: h
            .answers
            .iter()
            .map(|p| AnswerRow {
                at: venue_time(p.at, "%Y-%m-%d %H:%M"),
                state: state_key(Some(p.state)),
                locked: p.locked,
                issues: p.issues.iter().map(|i| issue_text(t, i)).collect(),
            })
            .collect(),
        choices: Column::ALL
            .into_iter()
            .filter(|c| *c != Column::StudentNo)
            .map(|c| {
                (
                    c.field_name(),
                    roster_fields::label(c, t.lang()),
                    Some(c.field_name()) == suggested_field,
                )
            })
            .collect(),
        suggested,
        frames: h
            .frames
            .iter()
            .map(|f| {
                let overall = f.verdict.as_ref().map(|v| v.verdict.overall.as_str());
                FrameRow {
                    card: FrameCard::new(&f.frame, t),
                    current: Some(f.frame.id) == current_frame,
                    may_override: matches!(overall, Some("fail" | "warn" | "error"))
                        && f.overrides.is_empty(),
                    overrides: f
                        .overrides
                        .iter()
                        .map(|o| {
                            let (at, who) = by(&o.by_label, o.at);
                            (at, who, o.reason.clone())
                        })
                        .collect(),
                }
            })
            .collect(),
        retakes: h
            .retakes
            .iter()
            .map(|r| {
                let (at, who) = by(&r.by_label, r.at);
                let state = if r.ticket_id.is_some() {
                    t.s("review.retake_ticketed")
                } else {
                    t.s("review.retake_waiting")
                };
                (at, who, r.reason.clone(), state.to_owned())
            })
            .collect(),
        replies: h
            .replies
            .iter()
            .map(|r| {
                let (at, who) = by(&r.by_label, r.at);
                (at, who, r.body.clone())
            })
            .collect(),
        events: h
            .events
            .iter()
            .map(|e| EventRow {
                at: venue_time(e.at, "%Y-%m-%d %H:%M:%S"),
                actor: e.actor.clone(),
                action: e.action.clone(),
                subject: e.subject.clone(),
                before: json_text(&e.before),
                after: json_text(&e.after),
            })
            .collect(),
    }
}
