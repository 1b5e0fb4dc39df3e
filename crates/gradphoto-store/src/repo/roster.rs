//! The roster: a campaign's students with their colleges and classes, written by imports and
//! read by every page that lists or finds a student.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::{CampaignId, Student, StudentId, StudentNo};

use super::{Actor, ClassSummary, College, ImportSummary, StudentPage, StudentQuery, StudentView};
use crate::error::Result;

#[async_trait]
pub trait RosterRepo: Send + Sync {
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
}
