//! Review: the problems staff must look at (computed from the other areas' tables each time,
//! so an item goes as soon as its cause does), and what staff do about them that no other area
//! keeps — retakes asked for, replies to a student, overrides of a verdict.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::review::ReviewKind;
use gradphoto_domain::student_sign_in::StudentSignIn;
use gradphoto_domain::{
    CampaignId, ClassId, CollegeId, FrameId, StudentId, TicketId, UserId, VenueId,
};
use serde::Serialize;

use super::{Actor, AuditEvent};
use crate::error::Result;

/// One problem of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    pub kind: ReviewKind,
    /// Whom it is about; an orphan is about nobody yet.
    pub student: Option<ReviewStudent>,
    /// The frame it is about (the current photo's, the orphan).
    pub frame_id: Option<FrameId>,
    /// For an orphan: the venue whose tray holds it.
    pub venue_id: Option<VenueId>,
    /// When the problem arose: the answer, the acceptance, the arrival, the request.
    pub at: DateTime<Utc>,
    /// For a verdict item, the verdict's overall (`fail`, `warn`); for a retake, its reason.
    pub note: Option<String>,
}

/// The student an item is about, as the list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewStudent {
    pub id: StudentId,
    pub student_no: String,
    pub name: String,
    pub class_id: ClassId,
    pub class_code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
}

/// A retake asked for a student; `ticket_id` is the priority ticket that fulfilled it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetakeRequest {
    pub id: i64,
    pub student_id: StudentId,
    pub reason: String,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
    pub ticket_id: Option<TicketId>,
}

/// Something staff wrote to a student, shown on the student's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub id: i64,
    pub student_id: StudentId,
    pub body: String,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

/// An operator's decision that a frame's verdict does not stand, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerdictOverride {
    pub id: i64,
    pub frame_id: FrameId,
    pub reason: String,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait ReviewRepo: Send + Sync {
    /// Every open problem of the campaign, oldest first.
    async fn review_items(&self, campaign: CampaignId) -> Result<Vec<ReviewItem>>;
    /// Asks for a retake (audited): the student's next check-in gets a priority ticket.
    /// Refused (`Rejected`) when one is already waiting for a ticket.
    async fn request_retake(
        &self,
        student: StudentId,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<RetakeRequest>;
    /// The student's retake requests, newest first.
    async fn retake_requests(&self, student: StudentId) -> Result<Vec<RetakeRequest>>;
    /// Sends the student a reply (audited).
    async fn reply(
        &self,
        student: StudentId,
        body: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Reply>;
    /// The replies a student was sent, newest first.
    async fn replies(&self, student: StudentId) -> Result<Vec<Reply>>;
    /// Overrides a frame's verdict (audited); the verdict stays as it was.
    async fn override_verdict(
        &self,
        frame: FrameId,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<VerdictOverride>;
    /// A frame's overrides, newest first.
    async fn verdict_overrides(&self, frame: FrameId) -> Result<Vec<VerdictOverride>>;
    /// The audit events about any of these subjects (`student:7`, `frame:3`), oldest first.
    async fn audit_about(&self, subjects: &[String]) -> Result<Vec<AuditEvent>>;
    /// How the campaign's students sign in.
    async fn student_sign_in(&self, campaign: CampaignId) -> Result<StudentSignIn>;
    /// Sets how the campaign's students sign in (audited).
    async fn set_student_sign_in(
        &self,
        campaign: CampaignId,
        method: StudentSignIn,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
}
