//! Proofreading (校对): a graduate checks their photo and their data before anything is sent
//! to the registry, and answers "正确" or "有误" with what is wrong
//! ([`gradphoto_domain::proof`]). Answers are taken only within the campaign's proof window
//! (China's date), never on a locked record, and a photo must exist for an answer about it.

use bytes::Bytes;
use chrono::NaiveDate;
use gradphoto_domain::proof::{IssueKind, ProofIssue, ProofState, ProofWindow, check_issues};
use gradphoto_domain::venue::china_time;
use gradphoto_domain::{CampaignId, Frame, FrameId, FrameState, Msg, Photo, StudentId};
use gradphoto_store::{Actor, BlobKey, NewProof, Proof};

use crate::App;
use crate::error::{AppError, Result};

/// What a student's proofreading shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentProof {
    pub window: Option<ProofWindow>,
    /// Whether answers are taken today.
    pub open: bool,
    /// The current photo, when there is one.
    pub photo: Option<Photo>,
    /// Every frame the stations bound to the student, newest first (discarded ones left out).
    pub frames: Vec<Frame>,
    /// Every answer, the newest (current) first.
    pub answers: Vec<Proof>,
}

impl StudentProof {
    pub fn current(&self) -> Option<&Proof> {
        self.answers.first()
    }

    /// Whether the student may still answer: the window is open and nothing is locked.
    pub fn may_answer(&self) -> bool {
        self.open && !self.current().is_some_and(|p| p.locked)
    }
}

/// The student's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 正确; `lock`: 确认不再更改.
    Correct { lock: bool },
    /// 有误, with what is wrong.
    Wrong { issues: Vec<ProofIssue> },
}

fn today(app: &App) -> NaiveDate {
    app.now().with_timezone(&china_time()).date_naive()
}

pub async fn view(app: &App, campaign: CampaignId, student: StudentId) -> Result<StudentProof> {
    let window = app.repo.proof_window(campaign).await?;
    let mut frames = app.repo.student_photos(student).await?.frames;
    frames.retain(|f| f.state != FrameState::Discarded);
    frames.sort_by_key(|f| std::cmp::Reverse((f.arrived_at, f.id)));
    Ok(StudentProof {
        open: window.is_some_and(|w| w.contains(today(app))),
        window,
        photo: app.repo.current_photo(student).await?,
        frames,
        answers: app.repo.proofs(student).await?,
    })
}

/// Records the student's answer (audited), within their campaign's window and the rules
/// above.
pub async fn answer(app: &App, student: StudentId, answer: Answer, actor: &Actor) -> Result<Proof> {
    let campaign = app
        .repo
        .student(student)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(Msg::new(
                "花名册中没有您的记录",
                "you are not on the roster",
            ))
        })?
        .student
        .campaign_id;
    let window = app.repo.proof_window(campaign).await?.ok_or_else(|| {
        AppError::invalid(
            "window",
            Msg::new(
                "校对尚未开放，请留意学院通知",
                "proofreading is not open yet: watch for your college's notice",
            ),
        )
    })?;
    if !window.contains(today(app)) {
        return Err(AppError::invalid(
            "window",
            Msg::new(
                format!(
                    "校对时间为 {} 至 {}，现在不能提交",
                    window.opens_on, window.closes_on
                ),
                format!(
                    "proofreading is open from {} to {}: answers are not taken now",
                    window.opens_on, window.closes_on
                ),
            ),
        ));
    }
    let photo = app.repo.current_photo(student).await?;
    let (state, locked, issues) = match answer {
        Answer::Correct { lock } => (ProofState::Confirmed, lock, Vec::new()),
        Answer::Wrong { issues } => {
            check_issues(&issues).map_err(|(field, msg)| AppError::invalid(field, msg))?;
            (ProofState::Disputed, false, issues)
        }
    };
    let about_photo =
        state == ProofState::Confirmed || issues.iter().any(|i| i.kind != IssueKind::Field);
    if about_photo && photo.is_none() {
        return Err(AppError::invalid(
            "photo",
            Msg::new(
                "还没有你的照片，拍摄后才能确认或对照片提出问题",
                "there is no photo of you yet: confirm, or report a problem with the photo, once it is taken",
            ),
        ));
    }
    let new = NewProof {
        student_id: student,
        state,
        locked,
        photo_id: photo.map(|p| p.id),
        issues,
    };
    Ok(app.repo.record_proof(&new, actor, app.now()).await?)
}

/// The preview of the student's current photo; `None` when there is none.
pub async fn photo_preview(app: &App, student: StudentId) -> Result<Option<Bytes>> {
    let Some(photo) = app.repo.current_photo(student).await? else {
        return Ok(None);
    };
    let Some(frame) = app.repo.frame(photo.frame_id).await? else {
        return Ok(None);
    };
    let key = BlobKey::parse(&frame.preview_key)?;
    Ok(Some(app.capture()?.blobs.get(&key).await?))
}

/// One of the student's frames, asked for by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FramePreview {
    /// The student's own frame: its preview.
    Mine(Bytes),
    /// A frame bound to someone else, or to nobody: not theirs to see.
    NotMine,
    /// No such frame.
    Missing,
}

/// The preview of frame `id` when it is one of the student's own.
pub async fn frame_preview(app: &App, student: StudentId, id: FrameId) -> Result<FramePreview> {
    let Some(frame) = app.repo.frame(id).await? else {
        return Ok(FramePreview::Missing);
    };
    if frame.student_id != Some(student) || frame.state == FrameState::Discarded {
        return Ok(FramePreview::NotMine);
    }
    let key = BlobKey::parse(&frame.preview_key)?;
    Ok(FramePreview::Mine(app.capture()?.blobs.get(&key).await?))
}

/// Opens proofreading from `opens_on` to `closes_on` (China), or closes it (`None`).
pub async fn set_window(
    app: &App,
    campaign: CampaignId,
    window: Option<(NaiveDate, NaiveDate)>,
    actor: &Actor,
) -> Result<Option<ProofWindow>> {
    let window = window
        .map(|(o, c)| ProofWindow::new(o, c))
        .transpose()
        .map_err(|m| AppError::invalid("window", m))?;
    app.repo
        .set_proof_window(campaign, window, actor, app.now())
        .await?;
    Ok(window)
}
