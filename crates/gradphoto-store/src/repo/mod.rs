//! The storage traits and the shapes they read and write.
//!
//! The repository is built from small traits, one per area — campaigns, the roster, accounts,
//! venues, the queue, capture, proofreading and review, jobs and leases, the audit log — each in its own file here, so a
//! reader (or an implementation) meets one area at a time. [`Repo`] is all of them together: what
//! the rest of the system holds, as `Arc<dyn Repo>`, and calls every method on without naming the
//! areas.

mod account;
mod audit;
mod campaign;
mod capture;
mod export;
mod fees;
mod jobs;
mod login;
mod progress;
mod proof;
mod queue;
mod review;
mod roster;
mod timetable;
mod venue;

use chrono::{DateTime, Utc};
use gradphoto_domain::{ClassId, CollegeId, Role, Student, StudentId, User, UserId};
use serde::Serialize;

pub use account::AccountRepo;
pub use audit::AuditRepo;
pub use campaign::CampaignRepo;
pub use capture::CaptureRepo;
pub use export::{
    CurrentPhoto, ExportBatch, ExportCandidate, ExportItem, ExportRepo, NewExportBatch,
};
pub use fees::{FeeRepo, LedgerRow, NewFeeEntry};
pub use jobs::{Job, JobId, JobOutcome, JobRepo, JobState, LeaseRepo, NewJob};
pub use login::LoginRepo;
pub use progress::{AbsentStudent, ClassCounts, ProgressRepo};
pub use proof::{NewProof, Proof, ProofRepo};
pub use queue::QueueRepo;
pub use review::{Reply, RetakeRequest, ReviewItem, ReviewRepo, ReviewStudent, VerdictOverride};
pub use roster::RosterRepo;
pub use timetable::{
    NewSlot, PublishedSlot, Slot, SlotClass, TimetableRepo, TimetableVersion, VersionClass,
    VersionInfo, VersionSlot,
};
pub use venue::VenueRepo;

/// Who did something, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// A login, or `cli` / `demo` for actions outside the web.
    pub label: String,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
            request_id: None,
        }
    }

    pub fn user(user: &User, request_id: Option<String>) -> Self {
        Self {
            user_id: Some(user.id),
            label: user.login.clone(),
            request_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct College {
    pub id: CollegeId,
    pub name: String,
}

/// A class with its college and how many students it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSummary {
    pub id: ClassId,
    pub code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
    pub students: i64,
}

/// A student with the college their class belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentView {
    #[serde(flatten)]
    pub student: Student,
    pub college_id: Option<CollegeId>,
}

/// Filters of the roster list. `colleges` is the viewer's scope: `Some` limits to those colleges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentQuery {
    /// Matches 学号, 姓名 or 身份证号 by substring.
    pub text: Option<String>,
    pub college_id: Option<CollegeId>,
    pub class_code: Option<String>,
    pub scope: Option<Vec<CollegeId>>,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentPage {
    pub total: i64,
    pub items: Vec<StudentView>,
}

/// What an applied import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub colleges_created: usize,
    pub classes_created: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub login: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub colleges: Vec<CollegeId>,
    pub student_id: Option<StudentId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the cookie's token, hex: a stolen database holds no usable session.
    pub token_hash: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
}

/// Which database a repository runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Which database a repository runs on: a question about the whole repository, not about one
/// area, so a trait of its own rather than a method of one area's trait (say [`AuditRepo`]),
/// where it would be asked of anything that implements only that area.
pub trait RepoBackend: Send + Sync {
    fn backend(&self) -> Backend;
}

/// Everything gradphoto stores besides photo bytes. Every write that changes state appends its
/// audit event in the same transaction.
///
/// Nothing to implement: any type with every area is a `Repo`. Code holding a `dyn Repo` (or an
/// `R: Repo`) imports only this trait and calls every area's methods on it; code holding a
/// concrete [`SqlRepo`](crate::SqlRepo), or calling a method by path, names the area's trait
/// (`CampaignRepo::campaigns`).
pub trait Repo:
    RepoBackend
    + CampaignRepo
    + RosterRepo
    + AccountRepo
    + LoginRepo
    + VenueRepo
    + QueueRepo
    + CaptureRepo
    + ExportRepo
    + FeeRepo
    + TimetableRepo
    + ProgressRepo
    + ProofRepo
    + ReviewRepo
    + JobRepo
    + LeaseRepo
    + AuditRepo
    + std::fmt::Debug
{
}

impl<T> Repo for T where
    T: RepoBackend
        + CampaignRepo
        + RosterRepo
        + AccountRepo
        + LoginRepo
        + VenueRepo
        + QueueRepo
        + CaptureRepo
        + ExportRepo
        + FeeRepo
        + TimetableRepo
        + ProgressRepo
        + ProofRepo
        + ReviewRepo
        + JobRepo
        + LeaseRepo
        + AuditRepo
        + std::fmt::Debug
{
}
