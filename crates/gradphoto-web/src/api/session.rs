//! Signing in and out through the API, and who the caller is.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gradphoto_domain::Msg;

use super::dto::{LoginRequest, SessionCreated, UserDto};
use crate::AppState;
use crate::auth::session::{self, SESSION_COOKIE};
use crate::auth::{CurrentUser, Via};
use crate::context::Ctx;
use crate::cookies;
use crate::error::{ErrorBody, WebError};

/// A JSON body that does not parse, said the way every other error is.
pub(super) fn bad_json(e: JsonRejection) -> WebError {
    WebError::BadRequest(Msg::new(
        format!("请求内容不是有效的 JSON：{}", e.body_text()),
        format!("The request body is not valid JSON: {}", e.body_text()),
    ))
}

/// Signs in and returns a bearer token.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Signed in", body = SessionCreated),
        (status = 401, description = "Wrong login or password", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this login or address: wait", body = ErrorBody),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Response, WebError> {
    let Json(req) = body.map_err(bad_json)?;
    let user = session::authenticate(&state, &ctx, &req.login, &req.password)
        .await?
        .ok_or(WebError::BadCredentials)?;
    let started = session::start(&state, &user).await?;
    let body = SessionCreated {
        token: started.token,
        csrf_token: started.csrf_token,
        expires_at: started.expires_at,
        user: UserDto::from(&user),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Signs out: ends the session of the token (or cookie) used.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Cookie session without X-CSRF-Token", body = ErrorBody),
    )
)]
pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    session::end(&state, &current.token_hash).await?;
    crate::auth::audit::logout(&state, &ctx, &current.user).await;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if current.via == Via::Cookie {
        let clear = cookies::clear(SESSION_COOKIE, state.config.secure_cookies);
        if let Ok(v) = HeaderValue::from_str(&clear) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The caller", body = UserDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
pub(super) async fn me(current: CurrentUser) -> Json<UserDto> {
    Json(UserDto::from(&current.user))
}
