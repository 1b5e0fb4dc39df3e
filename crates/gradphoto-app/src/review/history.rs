//! A student's whole history, as the review page shows it beside the actions: the roster
//! entry, every frame bound to them with its verdict and overrides, every photo, every answer,
//! the retakes asked for, the replies sent, and the audit events about the student, their
//! tickets and their frames, oldest first.

use gradphoto_domain::{Campaign, Frame, FrameId, StudentId};
use gradphoto_store::{
    AuditEvent, Proof, Reply, RetakeRequest, StoredVerdict, StudentPhotos, StudentView,
    VerdictOverride,
};

use crate::App;
use crate::error::Result;

/// A frame with what was decided about its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameHistory {
    pub frame: Frame,
    pub verdict: Option<StoredVerdict>,
    pub overrides: Vec<VerdictOverride>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudentHistory {
    pub student: StudentView,
    pub campaign: Option<Campaign>,
    pub frames: Vec<FrameHistory>,
    pub photos: StudentPhotos,
    /// Newest first.
    pub answers: Vec<Proof>,
    pub retakes: Vec<RetakeRequest>,
    pub replies: Vec<Reply>,
    pub events: Vec<AuditEvent>,
}

/// The history of the student on the roster as `student`; `None` when there is none.
pub async fn history(app: &App, student: StudentId) -> Result<Option<StudentHistory>> {
    let Some(view) = app.repo.student(student).await? else {
        return Ok(None);
    };
    let photos = app.repo.student_photos(student).await?;
    let mut frames = Vec::with_capacity(photos.frames.len());
    for frame in &photos.frames {
        frames.push(FrameHistory {
            verdict: app.repo.frame_verdict(frame.id).await?,
            overrides: app.repo.verdict_overrides(frame.id).await?,
            frame: frame.clone(),
        });
    }
    // The frames once accepted for the student and since rebound to someone else are no
    // longer among theirs; their photos (and so their audit subjects) still are.
    let mut subjects = vec![format!("student:{student}")];
    let frame_ids = photos
        .frames
        .iter()
        .map(|f| f.id)
        .chain(photos.photos.iter().map(|p| p.frame_id));
    for id in frame_ids {
        let subject = format!("frame:{id}");
        if !subjects.contains(&subject) {
            subjects.push(subject);
        }
    }
    let tickets = photos.frames.iter().filter_map(|f| f.ticket_id);
    for id in tickets {
        let subject = format!("ticket:{id}");
        if !subjects.contains(&subject) {
            subjects.push(subject);
        }
    }
    Ok(Some(StudentHistory {
        campaign: app.repo.campaign(view.student.campaign_id).await?,
        events: app.repo.audit_about(&subjects).await?,
        answers: app.repo.proofs(student).await?,
        retakes: app.repo.retake_requests(student).await?,
        replies: app.repo.replies(student).await?,
        student: view,
        frames,
        photos,
    }))
}

/// The operators' overrides of a frame's verdict, newest first, for the frame's page.
pub async fn verdict_overrides(app: &App, frame: FrameId) -> Result<Vec<VerdictOverride>> {
    Ok(app.repo.verdict_overrides(frame).await?)
}
