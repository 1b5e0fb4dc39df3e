//! Checking students in through the API: the desk page (operator session), and card-reader
//! bridges (device token) posting what their reader service returned. Also linking a
//! 学信网 collection code to a student the first time it is seen.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gradphoto_app::checkin::{CheckinOutcome, CheckinRequest, check_in};
use gradphoto_domain::{ChsiCode, Credential, Msg, Role, StudentId};
use serde_json::{Map, Value};

use super::dto::{CheckinBody, CheckinResponse, ChsiLinkCreated, ChsiLinkRequest, StudentDto};
use super::session::bad_json;
use crate::AppState;
use crate::auth::device::Caller;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::card_reader::{parse_card, text_field};
use crate::context::Ctx;
use crate::error::{ErrorBody, WebError};
use crate::venues::{current_venues, desk_venue};

fn venue_field(obj: &Map<String, Value>) -> Result<Option<i64>, WebError> {
    match obj.get("venue_id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => Ok(s.trim().parse().ok()),
        Some(other) => Err(WebError::Invalid {
            field: "venue_id",
            msg: Msg::new(
                format!("venue_id 应为拍摄地点的编号（整数），收到的是 {other}"),
                format!("venue_id should be a venue's id (an integer), not {other}"),
            ),
        }),
    }
}

fn flag_field(obj: &Map<String, Value>, field: &'static str) -> Result<bool, WebError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(WebError::Invalid {
            field,
            msg: Msg::new(
                format!("{field} 应为 true 或 false，收到的是 {other}"),
                format!("{field} should be true or false, not {other}"),
            ),
        }),
    }
}

/// Checks a student in and, unless something must be settled first, issues the venue's next
/// shooting number.
#[utoipa::path(
    post,
    path = "/api/v1/checkins",
    tag = "queue",
    request_body = CheckinBody,
    security(("device" = []), ("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "A number was issued", body = CheckinResponse),
        (status = 200, description = "The student already holds a ticket today: that one", body = CheckinResponse),
        (status = 409, description = "`name_mismatch` or `needs_link`: the operator decides, then resends", body = CheckinResponse),
        (status = 404, description = "`unknown`: nobody on the roster holds the credential (logged)", body = CheckinResponse),
        (status = 400, description = "The body is not a JSON object", body = ErrorBody),
        (status = 401, description = "No session, or an unknown device token", body = ErrorBody),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 422, description = "A field is missing or wrong (`field` names it)", body = ErrorBody),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    caller: Caller,
    body: Bytes,
) -> Result<Response, WebError> {
    // Reader bridges do not all label their JSON: the body is read whatever its content type
    // (a cookie-authenticated call still needs the CSRF header, so this opens no forgery).
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        WebError::BadRequest(Msg::new(
            format!("请求内容不是有效的 JSON：{e}"),
            format!("The request body is not valid JSON: {e}"),
        ))
    })?;
    let Value::Object(obj) = value else {
        return Err(WebError::BadRequest(Msg::new(
            "请求内容应为 JSON 对象 {…}",
            "The request body should be a JSON object {…}",
        )));
    };
    let venue = match &caller {
        Caller::Device(_, venue) => venue.clone(),
        Caller::Staff(_) => desk_venue(&state, venue_field(&obj)?).await?,
    };
    let (credential, card_name, chip_photo) = if obj.contains_key("certNumber") {
        let card = parse_card(&obj)?;
        (
            Credential::IdNumber(card.id_number),
            card.name,
            card.chip_photo,
        )
    } else {
        match text_field(&obj, "credential")?.filter(|s| !s.trim().is_empty()) {
            Some(raw) => {
                let credential = Credential::parse_typed(raw).map_err(|msg| WebError::Invalid {
                    field: "credential",
                    msg,
                })?;
                (credential, None, None)
            }
            None => {
                let field = match caller {
                    Caller::Device(..) => "certNumber",
                    Caller::Staff(_) => "credential",
                };
                return Err(WebError::Invalid {
                    field,
                    msg: Msg::new(
                        "缺少证件：读卡器请发送 certNumber（身份证号），手工输入请发送 credential",
                        "No credential: a card reader sends certNumber (the ID number); typed input goes in credential",
                    ),
                });
            }
        }
    };
    let reissue_reason = text_field(&obj, "reissue_reason")?.map(str::to_owned);
    if reissue_reason.is_some() && matches!(caller, Caller::Device(..)) {
        return Err(WebError::Forbidden(Msg::new(
            "补发新号须由采集人员在签到台操作，读卡设备不能补发",
            "Only an operator at the desk may re-issue a number, not a reader device",
        )));
    }
    let slot_override_reason = text_field(&obj, "slot_override_reason")?.map(str::to_owned);
    if slot_override_reason.is_some() && matches!(caller, Caller::Device(..)) {
        return Err(WebError::Forbidden(Msg::new(
            "时段外放行须由采集人员在签到台操作，读卡设备不能放行",
            "Only an operator at the desk may let a student through outside the slot, not a reader device",
        )));
    }
    let request = CheckinRequest {
        venue: venue.clone(),
        credential: credential.clone(),
        card_name,
        chip_photo,
        acknowledge_name_mismatch: flag_field(&obj, "acknowledge_name_mismatch")?,
        reissue_reason,
        slot_override_reason,
    };
    let actor = caller.actor(&ctx.request_id);
    let outcome = check_in(&state.app, request, &actor).await?;
    let status = match outcome {
        CheckinOutcome::Issued { .. } => StatusCode::CREATED,
        CheckinOutcome::Existing { .. } => StatusCode::OK,
        CheckinOutcome::NameMismatch { .. }
        | CheckinOutcome::NeedsLink { .. }
        | CheckinOutcome::NotDue { .. } => StatusCode::CONFLICT,
        CheckinOutcome::Unknown { .. } => StatusCode::NOT_FOUND,
    };
    let body = CheckinResponse::new(&outcome, &credential, &venue);
    Ok((status, Json(body)).into_response())
}

/// Links a 学信网 collection code to a student; afterwards the code checks them in directly.
#[utoipa::path(
    post,
    path = "/api/v1/credentials/chsi-links",
    tag = "queue",
    request_body = ChsiLinkRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Linked (or already linked to this student)", body = ChsiLinkCreated),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 404, description = "No such student in the current campaign", body = ErrorBody),
        (status = 422, description = "Not a collection code, or the code is linked to another student", body = ErrorBody),
    )
)]
pub(super) async fn link_chsi_code(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    body: Result<Json<ChsiLinkRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let Json(req) = body.map_err(bad_json)?;
    let code =
        ChsiCode::parse(&req.code).map_err(|msg| WebError::Invalid { field: "code", msg })?;
    let (campaign, _) = current_venues(&state).await?;
    let student = StudentId(req.student_id);
    state
        .app
        .repo
        .link_chsi_code(
            campaign.id,
            &code,
            student,
            &actor(&current.user, &ctx),
            state.app.clock.now(),
        )
        .await?;
    let view = state.app.repo.student(student).await?.ok_or_else(|| {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {student} 的学生"),
            format!("there is no student with id {student}"),
        ))
    })?;
    let full_id = current.user.role == Role::Admin;
    let body = ChsiLinkCreated {
        student: StudentDto::new(&view, full_id),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
