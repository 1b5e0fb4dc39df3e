//! Frames and photos: every image a capture station receives is a frame; the frame an operator
//! accepts becomes the student's current photo.
//!
//! A frame is bound to the ticket that its station had called when the frame arrived — never to
//! a position in the line — or, when no ticket was called, it is an orphan that waits in the
//! tray until an operator binds or discards it. Exactly one photo per student is current;
//! accepting another supersedes it, with the reason kept.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{FrameId, Msg, PhotoId, StationId, StudentId, TicketId, UserId};

/// How a frame reached the station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameSource {
    /// The station's hot folder, written by tethered-camera software.
    HotFolder,
    /// Uploaded or dropped into the station page.
    Upload,
    /// The browser's camera, for make-up shots.
    Camera,
}

impl FrameSource {
    pub const ALL: [FrameSource; 3] = [Self::HotFolder, Self::Upload, Self::Camera];

    pub fn code(self) -> &'static str {
        match self {
            Self::HotFolder => "hot_folder",
            Self::Upload => "upload",
            Self::Camera => "camera",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::HotFolder => Msg::new("相机热文件夹", "camera hot folder"),
            Self::Upload => Msg::new("上传", "upload"),
            Self::Camera => Msg::new("网页摄像头", "browser camera"),
        }
    }
}

/// Where a frame stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameState {
    /// Bound to a ticket, not decided yet.
    Bound,
    /// Arrived with no ticket called: in the tray, bound to nobody.
    Orphan,
    /// Accepted as the student's photo (current, or superseded since: see [`Photo`]).
    Accepted,
    /// The operator asked for a retake instead.
    Rejected,
    /// An orphan thrown away.
    Discarded,
}

impl FrameState {
    pub const ALL: [FrameState; 5] = [
        Self::Bound,
        Self::Orphan,
        Self::Accepted,
        Self::Rejected,
        Self::Discarded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Bound => "bound",
            Self::Orphan => "orphan",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Discarded => "discarded",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Bound => Msg::new("待确认", "to decide"),
            Self::Orphan => Msg::new("无主照片", "orphan"),
            Self::Accepted => Msg::new("已采用", "accepted"),
            Self::Rejected => Msg::new("已要求重拍", "retake asked"),
            Self::Discarded => Msg::new("已丢弃", "discarded"),
        }
    }
}

/// Why an upload for the ticket the operator saw was not kept: the station has called number
/// `now_called` since, or nothing is called.
pub fn not_called_any_more(now_called: Option<i64>) -> Msg {
    match now_called {
        Some(seq) => Msg::new(
            format!("本机位已改叫 {seq} 号：照片未保存，请核对后重新上传"),
            format!(
                "this station has called number {seq} since: the photo was not kept; check the \
                 person and upload again"
            ),
        ),
        None => Msg::new(
            "本机位当前没有叫号：照片未保存，请先叫号",
            "this station has no ticket called now: the photo was not kept; call a number first",
        ),
    }
}

/// The judging engine's overall verdict on a frame, as stored beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameVerdict {
    /// The rule pack, e.g. `chsi-2017`.
    pub pack: String,
    /// `pass`, `warn` or `fail`; `error` when the engine could not judge the file.
    pub overall: String,
    /// The one line for the photographer.
    pub reason: Msg,
}

/// An image a capture station received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Frame {
    pub id: FrameId,
    pub station_id: StationId,
    pub source: FrameSource,
    /// SHA-256 of the original file (hex): the original's address in the blob store.
    pub sha256: String,
    pub blob_key: String,
    pub thumb_key: String,
    pub preview_key: String,
    /// The file's name as it arrived (hot folder, upload), when it had one.
    pub original_name: Option<String>,
    pub bytes: i64,
    /// Upright size in pixels, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub ticket_id: Option<TicketId>,
    pub student_id: Option<StudentId>,
    pub state: FrameState,
    pub verdict: Option<FrameVerdict>,
    pub arrived_at: DateTime<Utc>,
    /// When it was accepted, rejected, discarded or last bound by hand, and why.
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_reason: Option<String>,
}

/// An accepted frame as a student's photo. Exactly one per student is current
/// (`superseded_at` empty); earlier ones keep when and why they were superseded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub id: PhotoId,
    pub student_id: StudentId,
    pub frame_id: FrameId,
    pub accepted_by: Option<UserId>,
    pub accepted_by_label: String,
    pub accepted_at: DateTime<Utc>,
    pub superseded_at: Option<DateTime<Utc>>,
    pub superseded_reason: Option<String>,
}

impl Photo {
    pub fn is_current(&self) -> bool {
        self.superseded_at.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in FrameSource::ALL {
            assert_eq!(FrameSource::from_code(s.code()), Some(s));
        }
        for s in FrameState::ALL {
            assert_eq!(FrameState::from_code(s.code()), Some(s));
        }
        assert_eq!(FrameState::from_code("bogus"), None);
    }
}
