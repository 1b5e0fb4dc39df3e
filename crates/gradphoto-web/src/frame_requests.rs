//! Frames as requests name and send them: a frame's id in a path, and a photo uploaded for a
//! station with the ticket the operator saw called. Shared by the station's page and the API.

use axum::extract::Request;
use bytes::Bytes;
use gradphoto_app::capture::Arrival;
use gradphoto_domain::{Frame, FrameId, FrameSource, Msg, Station, TicketId};

use crate::AppState;
use crate::error::WebError;
use crate::multipart::read_upload;

/// A frame visible to the station crew.
pub(crate) async fn frame_by_path(state: &AppState, raw: &str) -> Result<Frame, WebError> {
    let missing = || {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的照片"),
            format!("there is no frame {raw}"),
        ))
    };
    let id = raw.trim().parse().map_err(|_| missing())?;
    state.app.repo.frame(FrameId(id)).await?.ok_or_else(missing)
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
        key: None,
        arrived_at: state.app.clock.now(),
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
