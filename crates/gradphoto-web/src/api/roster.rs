//! The campaign and its roster, scoped to what the caller may see: college roles their
//! colleges, students only themselves. Admins see whole ID numbers; everyone else sees them
//! masked (a student sees their own whole).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gradphoto_domain::{CollegeId, Msg, Role};
use gradphoto_store::{ClassSummary, StudentQuery};

use super::dto::{
    CampaignDto, CampaignOverview, ClassDto, CollegeDto, StudentDto, StudentPageDto, StudentsParams,
};
use crate::AppState;
use crate::access::{scope_of, visible_student};
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::error::{ErrorBody, WebError};

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 500;

fn bad_query(e: QueryRejection) -> WebError {
    WebError::BadRequest(Msg::new(
        format!("查询参数无效：{}", e.body_text()),
        format!("The query parameters are not valid: {}", e.body_text()),
    ))
}

/// The current campaign with its colleges and classes (and their student counts).
#[utoipa::path(
    get,
    path = "/api/v1/campaign",
    tag = "roster",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The current campaign", body = CampaignOverview),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "No campaign exists yet", body = ErrorBody),
    )
)]
pub(super) async fn campaign(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<CampaignOverview>, WebError> {
    let user = &current.user;
    // Every role may read the campaign; what it lists is scoped below.
    require(user, &Role::ALL)?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let (colleges, classes) = if user.may_list_roster() {
        let classes: Vec<ClassSummary> = state
            .app
            .repo
            .classes(campaign.id)
            .await?
            .into_iter()
            .filter(|c| !user.role.is_college_scoped() || user.may_see_college(c.college_id))
            .collect();
        let colleges = state
            .app
            .repo
            .colleges(campaign.id)
            .await?
            .iter()
            .filter(|c| !user.role.is_college_scoped() || user.may_see_college(Some(c.id)))
            .map(|c| CollegeDto::new(c, &classes))
            .collect();
        (colleges, classes.iter().map(ClassDto::from).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Json(CampaignOverview {
        campaign: CampaignDto::from(&campaign),
        colleges,
        classes,
    }))
}

/// Searches the roster of the current campaign.
#[utoipa::path(
    get,
    path = "/api/v1/students",
    tag = "roster",
    params(StudentsParams),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of students", body = StudentPageDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Students may not list the roster", body = ErrorBody),
        (status = 409, description = "No campaign exists yet", body = ErrorBody),
    )
)]
pub(super) async fn students(
    State(state): State<AppState>,
    current: CurrentUser,
    params: Result<Query<StudentsParams>, QueryRejection>,
) -> Result<Json<StudentPageDto>, WebError> {
    let user = &current.user;
    require(user, &ROSTER_ROLES)?;
    let Query(p) = params.map_err(bad_query)?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let offset = p.offset.unwrap_or(0).max(0);
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let query = StudentQuery {
        text: p.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        college_id: p.college_id.map(CollegeId),
        class_code: p
            .class
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty()),
        scope: scope_of(user),
        offset,
        limit,
    };
    let found = state.app.repo.search_students(campaign.id, &query).await?;
    let full = user.role == Role::Admin;
    Ok(Json(StudentPageDto {
        total: found.total,
        offset,
        limit,
        items: found
            .items
            .iter()
            .map(|v| StudentDto::new(v, full))
            .collect(),
    }))
}

/// One student.
#[utoipa::path(
    get,
    path = "/api/v1/students/{id}",
    tag = "roster",
    params(("id" = i64, Path, description = "The student's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The student", body = StudentDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Outside the caller's colleges, or another student", body = ErrorBody),
        (status = 404, description = "No such student", body = ErrorBody),
    )
)]
pub(super) async fn student(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<StudentDto>, WebError> {
    let (view, full) = visible_student(&state, &current.user, &id).await?;
    Ok(Json(StudentDto::new(&view, full)))
}
