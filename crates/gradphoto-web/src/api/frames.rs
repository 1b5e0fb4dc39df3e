//! Capture through the API: uploading a frame for the ticket a station has called, the frames
//! of a ticket, the operator's decisions, a venue's orphan tray and a student's photos.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use gradphoto_app::capture::{decide, decision, ingest};
use gradphoto_domain::TicketId;

use super::dto::{FrameDecisionRequest, FrameDto, FrameOutcomeDto, ImportUpload, StudentPhotosDto};
use super::session::bad_json;
use crate::AppState;
use crate::access::visible_student;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::{ErrorBody, WebError};
use crate::frame_requests::{frame_by_path, read_frame_upload};
use crate::venues::{station_by_path, ticket_by_path, venue_by_path};

/// Uploads a frame (multipart field `file`, JPEG or PNG) for the ticket the station has
/// called: field `ticket_id` names it, and the upload is refused — nothing kept — when the
/// station has called another since. Field `source` is `upload` (default) or `camera`. The
/// frame is judged before the answer.
#[utoipa::path(
    post,
    path = "/api/v1/stations/{id}/frames",
    tag = "capture",
    params(("id" = i64, Path, description = "The station's id")),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Bound to the ticket, with its verdict", body = FrameOutcomeDto),
        (status = 200, description = "The same bytes came before: that frame", body = FrameOutcomeDto),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 413, description = "Over the upload limit", body = ErrorBody),
        (status = 422, description = "Not an acceptable photo (format, size, pixels, truncated), or the station has called another ticket", body = ErrorBody),
    )
)]
pub(super) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<(StatusCode, Json<FrameOutcomeDto>), WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (station, _) = station_by_path(&state, &id).await?;
    let (_, arrival) = read_frame_upload(&state, &station, req).await?;
    let outcome = ingest(&state.app, arrival, &actor(&current.user, &ctx)).await?;
    let status = match outcome {
        gradphoto_store::FrameOutcome::Duplicate { .. } => StatusCode::OK,
        _ => StatusCode::CREATED,
    };
    Ok((status, Json(FrameOutcomeDto::from(&outcome))))
}

/// The frames bound to a ticket, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/tickets/{id}/frames",
    tag = "capture",
    params(("id" = i64, Path, description = "The ticket's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The frames", body = [FrameDto]),
        (status = 404, description = "No such ticket", body = ErrorBody),
    )
)]
pub(super) async fn of_ticket(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<FrameDto>>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let view = ticket_by_path(&state, &id).await?;
    let frames = state.app.repo.ticket_frames(view.ticket.id).await?;
    Ok(Json(frames.iter().map(FrameDto::from).collect()))
}

/// One frame.
#[utoipa::path(
    get,
    path = "/api/v1/frames/{id}",
    tag = "capture",
    params(("id" = i64, Path, description = "The frame's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The frame", body = FrameDto),
        (status = 404, description = "No such frame", body = ErrorBody),
    )
)]
pub(super) async fn frame(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<FrameDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    Ok(Json(FrameDto::from(&frame_by_path(&state, &id).await?)))
}

/// Accepts a frame as the student's photo (finishing a ticket still being shot), asks for a
/// retake, binds an orphan (or rebinds a frame) to a ticket with a reason, or discards an
/// orphan. Every decision is audited.
#[utoipa::path(
    post,
    path = "/api/v1/frames/{id}/decision",
    tag = "capture",
    params(("id" = i64, Path, description = "The frame's id")),
    request_body = FrameDecisionRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The frame after the decision", body = FrameDto),
        (status = 404, description = "No such frame or ticket", body = ErrorBody),
        (status = 422, description = "Not possible in the frame's state, or a reason is missing", body = ErrorBody),
    )
)]
pub(super) async fn decide_frame(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    body: Result<Json<FrameDecisionRequest>, JsonRejection>,
) -> Result<Json<FrameDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let Json(req) = body.map_err(bad_json)?;
    let frame = frame_by_path(&state, &id).await?;
    let d = decision(
        &req.action,
        req.reason.as_deref().unwrap_or_default(),
        req.ticket_id.map(TicketId),
    )?;
    let decided = decide(
        &state.app,
        &frame,
        &d,
        req.call_next,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(Json(FrameDto::from(&decided)))
}

/// The venue's orphan tray: frames that arrived with no ticket called.
#[utoipa::path(
    get,
    path = "/api/v1/venues/{id}/orphans",
    tag = "capture",
    params(("id" = i64, Path, description = "The venue's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The orphans, oldest first", body = [FrameDto]),
        (status = 404, description = "No such venue", body = ErrorBody),
    )
)]
pub(super) async fn orphans(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<FrameDto>>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let venue = venue_by_path(&state, &id).await?;
    let frames = state.app.repo.orphan_frames(venue.id).await?;
    Ok(Json(frames.iter().map(FrameDto::from).collect()))
}

/// A student's photos: which one is current, the superseded ones with why, and every frame.
#[utoipa::path(
    get,
    path = "/api/v1/students/{id}/photos",
    tag = "capture",
    params(("id" = i64, Path, description = "The student's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The student's photos", body = StudentPhotosDto),
        (status = 404, description = "No such student, or not visible to you", body = ErrorBody),
    )
)]
pub(super) async fn of_student(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<StudentPhotosDto>, WebError> {
    let (view, _) = visible_student(&state, &current.user, &id).await?;
    let photos = state.app.repo.student_photos(view.student.id).await?;
    Ok(Json(StudentPhotosDto::from(&photos)))
}
