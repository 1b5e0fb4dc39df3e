//! Importing the roster through the API: one call, a dry run by default.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gradphoto_domain::{Msg, Role};

use super::dto::{ImportParams, ImportReportDto, ImportUpload};
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::{ErrorBody, WebError};
use crate::multipart::read_roster_upload;
use gradphoto_app::roster::import_roster;

/// Checks a roster file and, with `dry_run=false` and nothing wrong, writes it (all or nothing).
#[utoipa::path(
    post,
    path = "/api/v1/imports",
    tag = "import",
    params(ImportParams),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Checked, and written unless a dry run", body = ImportReportDto),
        (status = 422, description = "Problems found: nothing was written", body = ImportReportDto),
        (status = 400, description = "No file in the request", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "No campaign exists yet", body = ErrorBody),
        (status = 413, description = "File too large", body = ErrorBody),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    params: Result<Query<ImportParams>, QueryRejection>,
    req: Request,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let Query(params) = params.map_err(|e| {
        WebError::BadRequest(Msg::new(
            format!("dry_run 应为 true 或 false（{}）", e.body_text()),
            format!("dry_run should be true or false ({})", e.body_text()),
        ))
    })?;
    let upload = read_roster_upload(req, state.config.max_upload_bytes).await?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let report = import_roster(
        &state.app,
        campaign.id,
        &upload.bytes,
        &upload.file_name,
        params.dry_run.unwrap_or(true),
        &actor(&current.user, &ctx),
    )
    .await?;
    let status = if report.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(ImportReportDto::from(&report))).into_response())
}
