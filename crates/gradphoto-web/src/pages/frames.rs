//! Frames at the capture station: the panel under the called student (the frames bound to the
//! ticket, with their verdicts, accept / ask for a retake; upload, drag-and-drop, the browser's
//! camera), the upload itself and the operator's decisions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::capture::{decide, decision, ingest};
use gradphoto_app::station::ticket_of;
use gradphoto_domain::{Station, TicketId};
use serde::Deserialize;

use super::frame_card::FrameCard;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::frame_requests::{frame_by_path, read_frame_upload};
use crate::i18n::Tr;
use crate::venues::{station_by_path, venue};

#[derive(Template)]
#[template(path = "frames_panel.html")]
pub(crate) struct FramesPanel {
    t: Tr,
    csrf: String,
    station_id: i64,
    venue_id: i64,
    /// The called ticket: (id, number).
    called: Option<(i64, i64)>,
    frames: Vec<FrameCard>,
    orphans: usize,
    hot_folder: Option<String>,
    capture_on: bool,
    /// Changes whenever what the panel shows changes, for the script.
    signature: String,
}

/// The panel of a station: the frames of the ticket it has called, and how to add more.
pub(crate) async fn panel(
    state: &AppState,
    t: Tr,
    csrf: &str,
    station: &Station,
    called: Option<(TicketId, i64)>,
) -> Result<String, WebError> {
    let frames = match called {
        Some((ticket, _)) => state.app.repo.ticket_frames(ticket).await?,
        None => Vec::new(),
    };
    let orphans = state.app.repo.orphan_frames(station.venue_id).await?.len();
    let signature = format!(
        "{}|{}|{}",
        called.map_or(0, |(t, _)| t.0),
        frames
            .iter()
            .map(|f| format!("{}:{}", f.id, f.state.code()))
            .collect::<Vec<_>>()
            .join(","),
        orphans
    );
    let panel = FramesPanel {
        t,
        csrf: csrf.to_owned(),
        station_id: station.id.0,
        venue_id: station.venue_id.0,
        called: called.map(|(id, seq)| (id.0, seq)),
        frames: frames.iter().map(|f| FrameCard::new(f, t)).collect(),
        orphans,
        hot_folder: state
            .app
            .capture
            .as_ref()
            .map(|c| c.hot_folder(station.id).display().to_string()),
        capture_on: state.app.capture.is_some(),
        signature,
    };
    Ok(panel.render()?)
}

/// The ticket a station has called now, as (id, number).
async fn called_ticket(
    state: &AppState,
    station: &Station,
) -> Result<Option<(TicketId, i64)>, WebError> {
    Ok(state
        .app
        .repo
        .called_ticket(station.id)
        .await?
        .map(|t| (t.id, t.seq)))
}

/// `GET /stations/{id}/frames`: the panel alone, for the page's script to swap in.
pub(crate) async fn panel_fragment(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (station, _) = station_by_path(&state, &id).await?;
    let called = called_ticket(&state, &station).await?;
    let html = panel(
        &state,
        Tr::new(ctx.lang),
        &current.csrf_token,
        &station,
        called,
    )
    .await?;
    let mut response = axum::response::Html(html).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /stations/{id}/frames`: the page's upload form (without script).
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (station, _) = station_by_path(&state, &id).await?;
    let (csrf, arrival) = read_frame_upload(&state, &station, req).await?;
    current.check_form_csrf(csrf.as_deref().unwrap_or(""))?;
    ingest(&state.app, arrival, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&format!("/stations/{}", station.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    /// For binding: the student's credential (card, 学号) whose ticket of today takes it.
    #[serde(default)]
    credential: String,
    /// Where to go afterwards: the station, the tray or the frame's page.
    #[serde(default)]
    back: String,
}

/// Where a form sends the browser afterwards: its `back` field when that is a path of this
/// site, else `fallback`.
pub(crate) fn back_to(back: &str, fallback: String) -> String {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains("://") {
        back.to_owned()
    } else {
        fallback
    }
}

/// `POST /frames/{id}/decision`.
pub(crate) async fn decide_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &DESK_ROLES)?;
    let frame = frame_by_path(&state, &id).await?;
    let station = state
        .app
        .repo
        .station(frame.station_id)
        .await?
        .ok_or_else(|| WebError::Internal(format!("frame {} has no station", frame.id)))?;
    let ticket = if form.action == "bind" && !form.credential.trim().is_empty() {
        let venue = venue(&state, station.venue_id).await?;
        Some(ticket_of(&state.app, &venue, &form.credential).await?)
    } else {
        None
    };
    let d = decision(&form.action, &form.reason, ticket)?;
    let back = back_to(&form.back, format!("/frames/{}", frame.id));
    // Accepting at the station moves the queue on.
    let at_station = back == format!("/stations/{}", station.id);
    decide(
        &state.app,
        &frame,
        &d,
        at_station,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(Redirect::to(&back).into_response())
}
