//! The shapes the capture stations read and write: frames arriving, the operator's decisions
//! on them, and a student's photo history.

use chrono::{DateTime, Utc};
use gradphoto_domain::{Frame, FrameSource, FrameVerdict, Photo, StationId, TicketId};
use serde::Serialize;

/// A frame to record: already hashed, stored and judged; the store decides whom it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFrame {
    pub station_id: StationId,
    pub source: FrameSource,
    pub sha256: String,
    pub blob_key: String,
    pub thumb_key: String,
    pub preview_key: String,
    pub original_name: Option<String>,
    pub bytes: i64,
    pub width: u32,
    pub height: u32,
    /// When the file landed (hot folder) or the upload arrived. The frame is bound to the
    /// ticket the station had called at that moment, even if the operator has moved on since.
    pub arrived_at: DateTime<Utc>,
    /// For uploads from the station page: the ticket the operator saw called. The frame is
    /// refused (not bound elsewhere) when the station has called another since.
    pub expected_ticket: Option<TicketId>,
    /// The verdict and its full detail (JSON), when the engine judged it.
    pub verdict: Option<(FrameVerdict, serde_json::Value)>,
}

/// Where a recorded frame went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FrameOutcome {
    /// Bound to the ticket called at the station when it arrived.
    Bound { frame: Frame },
    /// No ticket was called: the frame waits in the orphan tray.
    Orphan { frame: Frame },
    /// The same bytes were already bound to that ticket (or waiting in the tray): nothing new.
    Duplicate { frame: Frame },
}

impl FrameOutcome {
    pub fn frame(&self) -> &Frame {
        match self {
            Self::Bound { frame } | Self::Orphan { frame } | Self::Duplicate { frame } => frame,
        }
    }
}

/// What an operator decides about a frame. Every decision is audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameDecision {
    /// Take it as the student's photo: it becomes current, the previous one is superseded with
    /// `reason` (or "retaken"), and a ticket still being shot is finished.
    Accept { reason: Option<String> },
    /// Ask for a retake: the frame stays in the history, marked rejected.
    Reject { reason: String },
    /// Bind an orphan (or rebind a frame bound by mistake) to a live ticket of the same venue.
    /// An accepted frame may be rebound too (a student said "not my photo"): it stops being
    /// the photo of the student it was accepted for and waits, bound, on the new ticket.
    Bind { ticket: TicketId, reason: String },
    /// Throw away an orphan; it stays in the history.
    Discard { reason: String },
}

/// A student's photos: every frame bound to them, and the accepted ones in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentPhotos {
    pub frames: Vec<Frame>,
    /// Newest first; the current one has no `superseded_at`.
    pub photos: Vec<Photo>,
}

impl StudentPhotos {
    pub fn current(&self) -> Option<&Photo> {
        self.photos.iter().find(|p| p.is_current())
    }
}

/// A verdict's full detail, for the station page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredVerdict {
    pub verdict: FrameVerdict,
    pub detail: serde_json::Value,
    pub judged_at: DateTime<Utc>,
}
