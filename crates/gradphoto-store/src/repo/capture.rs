//! Capture: the frames stations receive, the operator's decisions on them, and the photos those
//! decisions make.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{Frame, FrameId, Photo, StudentId, TicketId, VenueId};

use super::Actor;
use crate::capture::{FrameDecision, FrameOutcome, NewFrame, StoredVerdict, StudentPhotos};
use crate::error::Result;

#[async_trait]
pub trait CaptureRepo: Send + Sync {
    /// Records a frame a station received: bound to the ticket the station had called when it
    /// arrived, an orphan when none was, or the existing frame when these bytes came before.
    async fn record_frame(
        &self,
        frame: &NewFrame,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<FrameOutcome>;
    async fn frame(&self, id: FrameId) -> Result<Option<Frame>>;
    /// The frame already holding these bytes (SHA-256, hex), unless it was discarded.
    async fn frame_with_content(&self, sha256: &str) -> Result<Option<Frame>>;
    /// The newest verdict on a frame, with its full detail.
    async fn frame_verdict(&self, id: FrameId) -> Result<Option<StoredVerdict>>;
    async fn ticket_frames(&self, ticket: TicketId) -> Result<Vec<Frame>>;
    /// The venue's orphan tray: frames that arrived with no ticket called, oldest first.
    async fn orphan_frames(&self, venue: VenueId) -> Result<Vec<Frame>>;
    /// Accepts, rejects, binds or discards a frame, with its audit events, in one transaction.
    async fn decide_frame(
        &self,
        id: FrameId,
        decision: &FrameDecision,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Frame>;
    async fn student_photos(&self, student: StudentId) -> Result<StudentPhotos>;
    async fn current_photo(&self, student: StudentId) -> Result<Option<Photo>>;
}
