//! Jobs through the API: the newest ones, and one with its progress and result.

use axum::Json;
use axum::extract::{Path, State};
use gradphoto_store::Job;

use super::dto::JobDto;
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::error::{ErrorBody, WebError};

/// The newest jobs shown.
const LIST_LIMIT: i64 = 100;

/// A job named by a path segment.
pub(crate) async fn job_by_path(state: &AppState, raw: &str) -> Result<Job, WebError> {
    Ok(gradphoto_app::jobs::by_number(&state.app, raw).await?)
}

/// The newest jobs first.
#[utoipa::path(
    get,
    path = "/api/v1/jobs",
    tag = "jobs",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The newest 100 jobs, newest first", body = [JobDto]),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
    )
)]
pub(super) async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<JobDto>>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let jobs = gradphoto_app::jobs::recent(&state.app, LIST_LIMIT).await?;
    Ok(Json(jobs.iter().map(JobDto::from).collect()))
}

/// One job: its state, progress and, once done, its result.
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{id}",
    tag = "jobs",
    params(("id" = i64, Path, description = "The job's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The job", body = JobDto),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 404, description = "No such job", body = ErrorBody),
    )
)]
pub(super) async fn job(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<JobDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    Ok(Json(JobDto::from(&job_by_path(&state, &id).await?)))
}
