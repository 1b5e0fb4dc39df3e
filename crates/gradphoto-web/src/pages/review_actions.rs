//! The review page's forms: reply to a student, ask for a retake, correct a roster field,
//! rebind a frame, override a verdict. Each is an operator's or admin's, checks the form token,
//! calls the application's action (which checks the input and audits it) and goes back to the
//! page it came from; a refusal is shown with what to do and changes nothing.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::review::actions;
use gradphoto_domain::{FrameId, Msg, StudentId};
use serde::Deserialize;

use super::frames::back_to;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;

#[derive(Debug, Deserialize)]
pub(crate) struct TextForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    student_no: String,
    #[serde(default)]
    back: String,
}

/// The operator, with the form's token checked, before anything else is read.
fn allowed(current: &CurrentUser, form: &TextForm) -> Result<(), WebError> {
    require(&current.user, &DESK_ROLES)?;
    current.check_form_csrf(&form.csrf)
}

fn student(raw: &str) -> Result<StudentId, WebError> {
    raw.trim().parse().map(StudentId).map_err(|_| {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的学生"),
            format!("there is no student with id {raw}"),
        ))
    })
}

fn frame(raw: &str) -> Result<FrameId, WebError> {
    raw.trim().parse().map(FrameId).map_err(|_| {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的照片"),
            format!("there is no frame {raw}"),
        ))
    })
}

fn to_student(id: StudentId, anchor: &str) -> Response {
    Redirect::to(&format!("/review/students/{id}#{anchor}")).into_response()
}

/// `POST /review/students/{id}/reply`.
pub(crate) async fn reply_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    allowed(&current, &form)?;
    let id = student(&raw)?;
    actions::reply(&state.app, id, &form.body, &actor(&current.user, &ctx)).await?;
    Ok(to_student(id, "replies"))
}

/// `POST /review/students/{id}/retake`.
pub(crate) async fn retake_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    allowed(&current, &form)?;
    let id = student(&raw)?;
    actions::request_retake(&state.app, id, &form.reason, &actor(&current.user, &ctx)).await?;
    Ok(to_student(id, "retakes"))
}

/// `POST /review/students/{id}/correct`.
pub(crate) async fn correct_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    allowed(&current, &form)?;
    let id = student(&raw)?;
    actions::correct_field(
        &state.app,
        id,
        form.field.trim(),
        &form.value,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(to_student(id, "record"))
}

/// `POST /review/frames/{id}/rebind`: to the student whose 学号 the form names.
pub(crate) async fn rebind_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    allowed(&current, &form)?;
    let id = frame(&raw)?;
    let moved = actions::rebind(
        &state.app,
        id,
        &form.student_no,
        &form.reason,
        &actor(&current.user, &ctx),
    )
    .await?;
    let fallback = match moved.student_id {
        Some(s) => format!("/review/students/{s}"),
        None => format!("/frames/{id}"),
    };
    Ok(Redirect::to(&back_to(&form.back, fallback)).into_response())
}

/// `POST /review/frames/{id}/override`.
pub(crate) async fn override_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    allowed(&current, &form)?;
    let id = frame(&raw)?;
    actions::override_verdict(&state.app, id, &form.reason, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&back_to(&form.back, format!("/frames/{id}"))).into_response())
}
