//! Frames at the capture station: the panel under the called student (the frames bound to the
//! ticket, with their verdicts, accept / ask for a retake; upload, drag-and-drop, the browser's
//! camera), the upload itself and the operator's decisions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::Bytes;
use gradphoto_domain::{Frame, FrameId, FrameSource, Msg, Station, TicketId};
use gradphoto_store::{FrameDecision, StationAction, StoreError};
use serde::Deserialize;

use super::frame_card::FrameCard;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::capture::{Arrival, ingest};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::multipart::read_upload;
use crate::station_actions::ticket_of;
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
        Some((ticket, _)) => state.repo.ticket_frames(ticket).await?,
        None => Vec::new(),
    };
    let orphans = state.repo.orphan_frames(station.venue_id).await?.len();
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
            .capture
            .as_ref()
            .map(|c| c.hot_folder(station.id).display().to_string()),
        capture_on: state.capture.is_some(),
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

fn photo_missing() -> Msg {
    Msg::new(
        "没有收到照片。请选择 JPEG 或 PNG 照片后再上传",
        "No photo arrived. Choose a JPEG or PNG photo and upload it",
    )
}

/// Reads an upload for a station: the file, the ticket the operator saw called, the source.
pub(crate) async fn read_frame_upload(
    state: &AppState,
    station: &Station,
    req: Request,
) -> Result<(Option<String>, Arrival), WebError> {
    let limit = state.config.max_upload_bytes;
    let upload = read_upload(req, limit, "photo.jpg", photo_missing()).await?;
    let expected = match upload.field("ticket_id") {
        "" => None,
        raw => Some(TicketId(raw.parse().map_err(|_| WebError::Invalid {
            field: "ticket_id",
            msg: Msg::new(
                format!("号码“{raw}”无效"),
                format!("\"{raw}\" is no ticket"),
            ),
        })?)),
    };
    let source = match upload.field("source") {
        "camera" => FrameSource::Camera,
        _ => FrameSource::Upload,
    };
    let arrival = Arrival {
        station: station.id,
        source,
        name: Some(upload.file_name.clone()),
        bytes: Bytes::from(upload.bytes),
        arrived_at: state.clock.now(),
        // An upload is always for the student the operator sees; without a called ticket it
        // is refused rather than left as an orphan.
        expected_ticket: Some(expected.ok_or_else(|| WebError::Invalid {
            field: "ticket_id",
            msg: Msg::new(
                "本机位当前没有叫号：请先叫号再上传照片",
                "this station has no ticket called: call a number before uploading",
            ),
        })?),
    };
    Ok((upload.csrf, arrival))
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
    ingest(&state, arrival, &actor(&current.user, &ctx)).await?;
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

/// A decision named by a form or an API call.
pub(crate) fn decision(
    action: &str,
    reason: &str,
    ticket: Option<TicketId>,
) -> Result<FrameDecision, WebError> {
    let reason = reason.trim().to_owned();
    Ok(match action {
        "accept" => FrameDecision::Accept {
            reason: Some(reason).filter(|r| !r.is_empty()),
        },
        "reject" => FrameDecision::Reject {
            reason: if reason.is_empty() {
                "要求重拍 / retake asked".to_owned()
            } else {
                reason
            },
        },
        "discard" => FrameDecision::Discard { reason },
        "bind" => FrameDecision::Bind {
            ticket: ticket.ok_or_else(|| WebError::Invalid {
                field: "credential",
                msg: Msg::new(
                    "请刷该生证件或输入学号，以找到其今天的号码",
                    "swipe the student's card or type the student number to find today's ticket",
                ),
            })?,
            reason,
        },
        other => {
            return Err(WebError::Invalid {
                field: "action",
                msg: Msg::new(
                    format!("未知操作“{other}”"),
                    format!("unknown action \"{other}\""),
                ),
            });
        }
    })
}

/// Applies a decision; an accepted photo finishes its ticket, and the station that shot it
/// then calls the next number when it has nobody else called.
pub(crate) async fn decide(
    state: &AppState,
    frame: &Frame,
    decision: &FrameDecision,
    call_next: bool,
    actor: &gradphoto_store::Actor,
) -> Result<Frame, WebError> {
    let now = state.clock.now();
    let decided = state
        .repo
        .decide_frame(frame.id, decision, actor, now)
        .await?;
    if call_next && matches!(decision, FrameDecision::Accept { .. }) {
        match state
            .repo
            .station_action(frame.station_id, &StationAction::CallNext, actor, now)
            .await
        {
            // Busy (it called someone meanwhile) is fine: the accepted photo stands.
            Ok(_) | Err(StoreError::Rejected(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(station) = state.repo.station(frame.station_id).await? {
        state.queue_events.notify(station.venue_id);
    }
    Ok(decided)
}

/// A frame visible to the station crew.
pub(crate) async fn frame_by_path(state: &AppState, raw: &str) -> Result<Frame, WebError> {
    let missing = || {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的照片"),
            format!("there is no frame {raw}"),
        ))
    };
    let id = raw.trim().parse().map_err(|_| missing())?;
    state.repo.frame(FrameId(id)).await?.ok_or_else(missing)
}

/// Where to return after a form: a path of this site only.
fn back_to(back: &str, fallback: String) -> String {
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
        .repo
        .station(frame.station_id)
        .await?
        .ok_or_else(|| WebError::Internal(format!("frame {} has no station", frame.id)))?;
    let ticket = if form.action == "bind" && !form.credential.trim().is_empty() {
        let venue = venue(&state, station.venue_id).await?;
        Some(ticket_of(&state, &venue, &form.credential).await?)
    } else {
        None
    };
    let d = decision(&form.action, &form.reason, ticket)?;
    let back = back_to(&form.back, format!("/frames/{}", frame.id));
    // Accepting at the station moves the queue on.
    let at_station = back == format!("/stations/{}", station.id);
    decide(&state, &frame, &d, at_station, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&back).into_response())
}
