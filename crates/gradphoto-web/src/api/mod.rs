//! The JSON API under `/api/v1`, and its OpenAPI 3 document at `/api/v1/openapi.json`.
//!
//! Programs sign in with `POST /api/v1/session` and send the token as
//! `Authorization: Bearer <token>`. A browser already signed in to the pages may call the API
//! with its session cookie, but must then send `X-CSRF-Token` on unsafe requests. Errors are
//! always `{"error": {"code", "message_zh", "message_en", "request_id"}}` (and `field` when one
//! field of the request is wrong).
//!
//! Card-reader bridges at the check-in desk authenticate with a device token
//! (`Authorization: Bearer gpd_…`, from `gradphoto device add`), which opens
//! `POST /api/v1/checkins` and nothing else.

mod checkins;
pub mod dto;
mod frames;
mod imports;
pub(crate) mod jobs;
mod queue;
mod roster;
mod session;
pub(crate) mod timetable;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::error::ErrorBody;

pub(crate) fn routes(upload_limit: DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/session", post(session::create).delete(session::delete))
        .route("/me", get(session::me))
        .route("/campaign", get(roster::campaign))
        .route("/students", get(roster::students))
        .route("/students/{id}", get(roster::student))
        .route("/imports", post(imports::create).layer(upload_limit))
        .route("/checkins", post(checkins::create))
        .route("/credentials/chsi-links", post(checkins::link_chsi_code))
        .route("/venues", get(queue::venues))
        .route("/venues/{id}/board", get(queue::board))
        .route("/stations/{id}", get(queue::station))
        .route("/stations/{id}/actions", post(queue::station_act))
        .route("/tickets/{id}", get(queue::ticket))
        .route(
            "/stations/{id}/frames",
            post(frames::upload).layer(upload_limit),
        )
        .route("/tickets/{id}/frames", get(frames::of_ticket))
        .route("/frames/{id}", get(frames::frame))
        .route("/frames/{id}/decision", post(frames::decide_frame))
        .route("/venues/{id}/orphans", get(frames::orphans))
        .route("/students/{id}/photos", get(frames::of_student))
        .route("/timetable", get(timetable::latest))
        .route("/timetable/classes", get(timetable::classes))
        .route("/jobs", get(jobs::list))
        .route("/jobs/{id}", get(jobs::job))
        .route("/openapi.json", get(openapi_json))
}

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "gradphoto API",
        description = "毕业生图像信息采集 — graduate image collection. Every error is \
                       {\"error\": {\"code\", \"message_zh\", \"message_en\", \"request_id\"}}."
    ),
    paths(
        session::create,
        session::delete,
        session::me,
        roster::campaign,
        roster::students,
        roster::student,
        imports::create,
        checkins::create,
        checkins::link_chsi_code,
        queue::venues,
        queue::board,
        queue::station,
        queue::station_act,
        queue::ticket,
        frames::upload,
        frames::of_ticket,
        frames::frame,
        frames::decide_frame,
        frames::orphans,
        frames::of_student,
        timetable::latest,
        timetable::classes,
        jobs::list,
        jobs::job,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "roster", description = "The campaign and its students"),
        (name = "import", description = "Importing the roster"),
        (name = "queue", description = "The venue: check-in, shooting numbers, stations and the board"),
        (name = "capture", description = "Photos at the stations: frames, verdicts, decisions, orphans"),
        (name = "timetable", description = "The published shooting timetable and each class's progress on the day"),
        (name = "jobs", description = "Long work run by worker processes: batch judging, exports"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "device",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A desk device's token (gpd_…), shown once by `gradphoto device add`; \
                         it opens POST /api/v1/checkins only",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::session::SESSION_COOKIE,
                "The pages' session cookie; unsafe requests must also send X-CSRF-Token",
            ))),
        );
    }
}

/// The OpenAPI document of this API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}
