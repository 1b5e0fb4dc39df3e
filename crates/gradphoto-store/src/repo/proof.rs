//! Proofreading: the campaign's proof window and the students' answers, every one kept.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::proof::{ProofIssue, ProofState, ProofWindow};
use gradphoto_domain::{CampaignId, PhotoId, StudentId, UserId};
use serde::Serialize;

use super::Actor;
use crate::error::Result;

/// An answer a student gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proof {
    pub id: i64,
    pub student_id: StudentId,
    pub state: ProofState,
    pub locked: bool,
    /// The photo the answer was given on (none: there was no photo yet).
    pub photo_id: Option<PhotoId>,
    pub issues: Vec<ProofIssue>,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

/// An answer to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProof {
    pub student_id: StudentId,
    pub state: ProofState,
    pub locked: bool,
    pub photo_id: Option<PhotoId>,
    pub issues: Vec<ProofIssue>,
}

#[async_trait]
pub trait ProofRepo: Send + Sync {
    async fn proof_window(&self, campaign: CampaignId) -> Result<Option<ProofWindow>>;
    /// Sets (or, with `None`, removes) the window; audited.
    async fn set_proof_window(
        &self,
        campaign: CampaignId,
        window: Option<ProofWindow>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Records an answer, audited in the same transaction. Refused (`Rejected`) when the
    /// student's current answer is locked.
    async fn record_proof(
        &self,
        proof: &NewProof,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Proof>;
    /// Every answer of the student, the newest (the current one) first.
    async fn proofs(&self, student: StudentId) -> Result<Vec<Proof>>;
}
