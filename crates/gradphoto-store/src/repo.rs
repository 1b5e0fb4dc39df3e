//! The storage trait and the shapes it reads and writes.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::{
    Campaign, CampaignId, ClassId, CollegeId, NewCampaign, Role, Student, StudentId, StudentNo,
    User, UserId,
};
use gradphoto_domain::{
    ChsiCode, Credential, Device, Frame, FrameId, Photo, Station, StationId, Ticket, TicketId,
    Venue, VenueId,
};
use serde::Serialize;

use crate::capture::{FrameDecision, FrameOutcome, NewFrame, StoredVerdict, StudentPhotos};
use crate::error::Result;
use crate::queue::{BoardSnapshot, IssueOutcome, IssueRequest, StationAction, TicketView};

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

/// Everything gradphoto stores besides photo bytes. Every write that changes state appends its
/// audit event in the same transaction.
#[async_trait]
pub trait Repo: Send + Sync + std::fmt::Debug {
    fn backend(&self) -> Backend;

    async fn create_campaign(
        &self,
        new: &NewCampaign,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Campaign>;
    async fn campaigns(&self) -> Result<Vec<Campaign>>;
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>>;
    /// The campaign the system works on: the newest one.
    async fn current_campaign(&self) -> Result<Option<Campaign>>;

    /// Every student of a campaign, for planning an import.
    async fn students(&self, campaign: CampaignId) -> Result<Vec<Student>>;
    /// Writes an import plan in one transaction: all of it or nothing. The plan must have no
    /// problems; it is refused otherwise.
    async fn apply_import(
        &self,
        campaign: CampaignId,
        plan: &ImportPlan,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary>;
    async fn colleges(&self, campaign: CampaignId) -> Result<Vec<College>>;
    async fn classes(&self, campaign: CampaignId) -> Result<Vec<ClassSummary>>;
    async fn search_students(
        &self,
        campaign: CampaignId,
        query: &StudentQuery,
    ) -> Result<StudentPage>;
    async fn student(&self, id: StudentId) -> Result<Option<StudentView>>;
    async fn student_by_no(
        &self,
        campaign: CampaignId,
        student_no: &StudentNo,
    ) -> Result<Option<StudentView>>;

    async fn create_user(&self, new: &NewUser, actor: &Actor, now: DateTime<Utc>) -> Result<User>;
    /// The user and their password hash.
    async fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>>;
    async fn users(&self) -> Result<Vec<User>>;
    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> Result<()>;
    /// A session that has not expired at `now`.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    async fn create_venue(
        &self,
        campaign: CampaignId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Venue>;
    async fn venues(&self, campaign: CampaignId) -> Result<Vec<Venue>>;
    async fn create_station(
        &self,
        venue: VenueId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Station>;
    async fn stations(&self, venue: VenueId) -> Result<Vec<Station>>;
    async fn station(&self, id: StationId) -> Result<Option<Station>>;
    /// Registers a desk device; `token_hash` is the SHA-256 (hex) of its bearer token.
    async fn create_device(
        &self,
        venue: VenueId,
        name: &str,
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Device>;
    async fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>>;

    /// The one student a credential names in a campaign, if any.
    async fn resolve_credential(
        &self,
        campaign: CampaignId,
        credential: &Credential,
    ) -> Result<Option<StudentView>>;
    /// Binds a 学信网 collection code to a student; refused when it is bound to another one.
    async fn link_chsi_code(
        &self,
        campaign: CampaignId,
        code: &ChsiCode,
        student: StudentId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;

    /// Issues the next sequence number of the venue and day to a student, in one transaction,
    /// or returns the ticket the student already holds today.
    async fn issue_ticket(
        &self,
        request: &IssueRequest,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<IssueOutcome>;
    async fn ticket(&self, id: TicketId) -> Result<Option<TicketView>>;
    /// The student's live ticket of a day, if any.
    async fn live_ticket(&self, student: StudentId, day: NaiveDate) -> Result<Option<Ticket>>;
    async fn chip_photo(&self, ticket: TicketId) -> Result<Option<(String, Vec<u8>)>>;
    /// The ticket a station has called now: at most one.
    async fn called_ticket(&self, station: StationId) -> Result<Option<Ticket>>;
    /// Changes the queue from a station; returns the ticket the station has called afterwards.
    async fn station_action(
        &self,
        station: StationId,
        action: &StationAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<Ticket>>;
    async fn board(&self, venue: VenueId, day: NaiveDate) -> Result<BoardSnapshot>;

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

    /// Records an event that changes no other table (a login, a refused attempt).
    async fn append_audit(
        &self,
        actor: &Actor,
        action: &str,
        subject: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The newest audit events first.
    async fn audit_events(&self, limit: i64) -> Result<Vec<AuditEvent>>;
}
