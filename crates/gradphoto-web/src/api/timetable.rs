//! The published timetable and the classes' progress, scoped like the roster: college roles
//! see the changes and the classes of their colleges only.

use axum::Json;
use axum::extract::State;
use gradphoto_app::timetable::{class_progress, latest_notice, not_come_in};
use gradphoto_domain::{CampaignId, Msg, User};

use super::dto::{ClassesDto, TimetableDto};
use crate::AppState;
use crate::access::scope_of;
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::error::{ErrorBody, WebError};

/// The latest published version of the timetable, with its changes since the one before.
#[utoipa::path(
    get,
    path = "/api/v1/timetable",
    tag = "timetable",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The latest published version", body = TimetableDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Students and displays may not read it", body = ErrorBody),
        (status = 404, description = "No version has been published yet", body = ErrorBody),
        (status = 409, description = "No campaign exists yet", body = ErrorBody),
    )
)]
pub(super) async fn latest(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<TimetableDto>, WebError> {
    let user = &current.user;
    require(user, &ROSTER_ROLES)?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let scope = scope_of(user);
    let notice = latest_notice(&state.app, campaign.id, scope.as_deref())
        .await?
        .ok_or_else(|| {
            WebError::NotFound(Msg::new(
                "尚未发布拍摄时间安排",
                "no shooting timetable has been published yet",
            ))
        })?;
    Ok(Json(TimetableDto::from(&notice)))
}

/// Each class the caller may see, with its slot and the counts of the day: expected, checked
/// in, photographed, not come; and the students of ended slots who never came.
#[utoipa::path(
    get,
    path = "/api/v1/timetable/classes",
    tag = "timetable",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The classes and their counts", body = ClassesDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Students and displays may not read it", body = ErrorBody),
        (status = 409, description = "No campaign exists yet", body = ErrorBody),
    )
)]
pub(super) async fn classes(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<ClassesDto>, WebError> {
    require(&current.user, &ROSTER_ROLES)?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    Ok(Json(classes_dto(&state, &current.user, campaign.id).await?))
}

/// The classes a user may see, as the API and the class page's event stream send them.
pub(crate) async fn classes_dto(
    state: &AppState,
    user: &User,
    campaign: CampaignId,
) -> Result<ClassesDto, WebError> {
    let scope = scope_of(user);
    let progress = class_progress(&state.app, campaign, scope.as_deref()).await?;
    let not_come = not_come_in(&state.app, campaign, &progress).await?;
    Ok(ClassesDto::new(&progress, &not_come))
}
