//! One frame's page, with its verdict rule by rule and what can be done with it, and the frame
//! images (thumbnail, preview, original).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gradphoto_app::review::history::verdict_overrides;
use gradphoto_domain::Venue;
use gradphoto_store::BlobKey;

use super::frame_card::{FrameCard, overall_label, venue_time};
use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::frame_requests::frame_by_path;
use crate::i18n::Tr;
use crate::venues::venue;

#[derive(Template)]
#[template(path = "frame.html")]
struct FramePage {
    t: Tr,
    l: Layout,
    csrf: String,
    card: FrameCard,
    width: u32,
    height: u32,
    bytes: i64,
    sha256: String,
    station: String,
    student: Option<(i64, String, String)>,
    results: Vec<RuleRow>,
    /// Operators' overrides of the verdict: `(when, who, why)`.
    overrides: Vec<(String, String, String)>,
    /// The verdict failed or warned and nobody has overridden it yet.
    may_override: bool,
}

/// One rule of a verdict, as the frame's page lists it.
struct RuleRow {
    title: String,
    status: String,
    status_label: String,
    shown: String,
    range: String,
    reason: String,
}

fn rule_rows(detail: &serde_json::Value, t: Tr) -> Vec<RuleRow> {
    let lang = t.lang().code();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    detail["results"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| RuleRow {
                    title: text(&r["title"][lang]),
                    status: text(&r["status"]),
                    status_label: overall_label(t, r["status"].as_str().unwrap_or_default()),
                    shown: text(&r["shown"]),
                    range: text(&r["range"]),
                    reason: text(&r["reason"][lang]),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /frames/{id}`: the preview, the verdict rule by rule, and what can be done with it.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let frame = frame_by_path(&state, &id).await?;
    let t = Tr::new(ctx.lang);
    let station = state.app.repo.station(frame.station_id).await?;
    let venue: Option<Venue> = match &station {
        Some(s) => Some(venue(&state, s.venue_id).await?),
        None => None,
    };
    let campaign = match &venue {
        Some(v) => state.app.repo.campaign(v.campaign_id).await?,
        None => None,
    };
    let student = match frame.student_id {
        Some(s) => state.app.repo.student(s).await?.map(|v| {
            let r = &v.student.record;
            (v.student.id.0, r.name.clone(), r.student_no.to_string())
        }),
        None => None,
    };
    let results = match state.app.repo.frame_verdict(frame.id).await? {
        Some(v) => rule_rows(&v.detail, t),
        None => Vec::new(),
    };
    let overrides: Vec<(String, String, String)> = verdict_overrides(&state.app, frame.id)
        .await?
        .into_iter()
        .map(|o| (venue_time(o.at, "%Y-%m-%d %H:%M"), o.by_label, o.reason))
        .collect();
    let may_override = overrides.is_empty()
        && frame
            .verdict
            .as_ref()
            .is_some_and(|v| matches!(v.overall.as_str(), "fail" | "warn" | "error"));
    let title = format!("{} {}", t.s("frame.title"), frame.id);
    let page = FramePage {
        t,
        l: Layout::new(&ctx, &current, campaign.as_ref(), &title, Section::Stations),
        csrf: current.csrf_token.clone(),
        card: FrameCard::new(&frame, t),
        width: frame.width,
        height: frame.height,
        bytes: frame.bytes,
        sha256: frame.sha256.clone(),
        station: station.map(|s| s.name).unwrap_or_default(),
        student,
        results,
        overrides,
        may_override,
    };
    render(StatusCode::OK, &page)
}

/// `GET /frames/{id}/{thumb.jpg|preview.jpg|original}`: personal data, kept privately by the
/// browser; the bytes under a key never change.
pub(crate) async fn image(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, which)): Path<(String, String)>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let frame = frame_by_path(&state, &id).await?;
    let key = match which.as_str() {
        "thumb.jpg" => &frame.thumb_key,
        "preview.jpg" => &frame.preview_key,
        "original" => &frame.blob_key,
        _ => return Err(WebError::NotFound(crate::error::not_found_msg())),
    };
    let key = BlobKey::parse(key)?;
    let bytes = state.app.capture()?.blobs.get(&key).await?;
    let mime = if which == "original" && bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/jpeg"
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400, immutable"),
    );
    Ok(response)
}
