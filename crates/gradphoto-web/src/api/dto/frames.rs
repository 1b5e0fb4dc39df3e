//! The capture stations' JSON shapes: frames with their verdicts, outcomes of an upload,
//! decisions, and a student's photos.

use chrono::{DateTime, Utc};
use gradphoto_domain::{Frame, Photo};
use gradphoto_store::{FrameOutcome, StudentPhotos};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct FrameDto {
    pub id: i64,
    pub station_id: i64,
    /// `hot_folder`, `upload` or `camera`.
    pub source: String,
    pub sha256: String,
    pub original_name: Option<String>,
    pub bytes: i64,
    pub width: u32,
    pub height: u32,
    pub ticket_id: Option<i64>,
    pub student_id: Option<i64>,
    /// `bound`, `orphan`, `accepted`, `rejected` or `discarded`.
    pub state: String,
    /// `pass`, `warn`, `fail`, or `error` when it could not be judged; absent when not judged.
    pub verdict: Option<String>,
    pub reason_zh: Option<String>,
    pub reason_en: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_reason: Option<String>,
    pub thumbnail_url: String,
    pub preview_url: String,
}

impl From<&Frame> for FrameDto {
    fn from(f: &Frame) -> Self {
        Self {
            id: f.id.0,
            station_id: f.station_id.0,
            source: f.source.code().to_owned(),
            sha256: f.sha256.clone(),
            original_name: f.original_name.clone(),
            bytes: f.bytes,
            width: f.width,
            height: f.height,
            ticket_id: f.ticket_id.map(|t| t.0),
            student_id: f.student_id.map(|s| s.0),
            state: f.state.code().to_owned(),
            verdict: f.verdict.as_ref().map(|v| v.overall.clone()),
            reason_zh: f.verdict.as_ref().map(|v| v.reason.zh.clone()),
            reason_en: f.verdict.as_ref().map(|v| v.reason.en.clone()),
            arrived_at: f.arrived_at,
            decided_at: f.decided_at,
            decided_reason: f.decided_reason.clone(),
            thumbnail_url: format!("/frames/{}/thumb.jpg", f.id),
            preview_url: format!("/frames/{}/preview.jpg", f.id),
        }
    }
}

/// Where an uploaded frame went.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameOutcomeDto {
    /// `bound` (to the called ticket), `orphan`, or `duplicate` (these bytes came before).
    pub outcome: String,
    pub frame: FrameDto,
}

impl From<&FrameOutcome> for FrameOutcomeDto {
    fn from(o: &FrameOutcome) -> Self {
        let outcome = match o {
            FrameOutcome::Bound { .. } => "bound",
            FrameOutcome::Orphan { .. } => "orphan",
            FrameOutcome::Duplicate { .. } => "duplicate",
        };
        Self {
            outcome: outcome.to_owned(),
            frame: FrameDto::from(o.frame()),
        }
    }
}

/// A decision on a frame.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FrameDecisionRequest {
    /// `accept`, `reject` (ask for a retake), `bind` (an orphan, or a rebind) or `discard` (an
    /// orphan).
    pub action: String,
    /// Why: required to bind; kept for every decision.
    #[serde(default)]
    pub reason: Option<String>,
    /// For `bind`: the ticket that takes the frame.
    #[serde(default)]
    pub ticket_id: Option<i64>,
    /// For `accept`: the station then calls the next number (as its page does).
    #[serde(default)]
    pub call_next: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoDto {
    pub id: i64,
    pub frame_id: i64,
    pub current: bool,
    pub accepted_by: String,
    pub accepted_at: DateTime<Utc>,
    pub superseded_at: Option<DateTime<Utc>>,
    pub superseded_reason: Option<String>,
}

impl From<&Photo> for PhotoDto {
    fn from(p: &Photo) -> Self {
        Self {
            id: p.id.0,
            frame_id: p.frame_id.0,
            current: p.is_current(),
            accepted_by: p.accepted_by_label.clone(),
            accepted_at: p.accepted_at,
            superseded_at: p.superseded_at,
            superseded_reason: p.superseded_reason.clone(),
        }
    }
}

/// A student's photos: the accepted ones (newest first, the current one marked) and every
/// frame bound to them.
#[derive(Debug, Serialize, ToSchema)]
pub struct StudentPhotosDto {
    pub current_frame_id: Option<i64>,
    pub photos: Vec<PhotoDto>,
    pub frames: Vec<FrameDto>,
}

impl From<&StudentPhotos> for StudentPhotosDto {
    fn from(s: &StudentPhotos) -> Self {
        Self {
            current_frame_id: s.current().map(|p| p.frame_id.0),
            photos: s.photos.iter().map(PhotoDto::from).collect(),
            frames: s.frames.iter().map(FrameDto::from).collect(),
        }
    }
}
