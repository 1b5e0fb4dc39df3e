//! Exports: what a registry package or a print run is made from (every student of the
//! campaign with their current photo, proofreading answer and ticket), and the registry
//! packages made, each with the students it holds.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::proof::ProofState;
use gradphoto_domain::{CampaignId, FrameId, PhotoId, StudentId, UserId};
use serde::Serialize;

use super::{Actor, JobId};
use crate::error::Result;

/// One student as an export sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportCandidate {
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub id_number: Option<String>,
    pub class_code: String,
    pub college_name: Option<String>,
    /// The current photo, when there is one.
    pub photo: Option<CurrentPhoto>,
    /// The newest proofreading answer, and the photo it was given on.
    pub proof: Option<(ProofState, Option<PhotoId>)>,
}

/// A student's current photo: the accepted frame and where its original is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrentPhoto {
    pub photo_id: PhotoId,
    pub frame_id: FrameId,
    pub blob_key: String,
    /// The day's shooting sequence number of the ticket the frame was taken on.
    pub ticket_seq: Option<i64>,
    /// Whether an operator overrode the engine's verdict on the frame.
    pub overridden: bool,
}

/// A registry package to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExportBatch {
    pub campaign_id: CampaignId,
    pub job_id: Option<JobId>,
    pub profile: String,
    pub selection: serde_json::Value,
    pub since_batch_id: Option<i64>,
    pub left_out: i64,
    pub bytes: i64,
    pub blob_key: String,
    pub manifest_sha256: String,
}

/// A registry package made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportBatch {
    pub id: i64,
    pub campaign_id: CampaignId,
    pub job_id: Option<JobId>,
    pub profile: String,
    pub selection: serde_json::Value,
    pub since_batch_id: Option<i64>,
    pub students: i64,
    pub left_out: i64,
    pub bytes: i64,
    pub blob_key: String,
    pub manifest_sha256: String,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

/// A student a package holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportItem {
    pub student_id: StudentId,
    pub photo_id: PhotoId,
    /// SHA-256 (hex) of the data written for the student (names, numbers, class).
    pub data_sha256: String,
    /// The file's path in the zip.
    pub entry: String,
}

#[async_trait]
pub trait ExportRepo: Send + Sync {
    /// Every student of the campaign, by class code, then 学号.
    async fn export_candidates(&self, campaign: CampaignId) -> Result<Vec<ExportCandidate>>;
    /// Records a package with its students, audited, in one transaction.
    async fn record_export_batch(
        &self,
        batch: &NewExportBatch,
        items: &[ExportItem],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ExportBatch>;
    /// The campaign's packages, newest first.
    async fn export_batches(&self, campaign: CampaignId) -> Result<Vec<ExportBatch>>;
    async fn export_batch(&self, id: i64) -> Result<Option<ExportBatch>>;
    /// The students a package holds, by student id.
    async fn export_items(&self, batch: i64) -> Result<Vec<ExportItem>>;
}
