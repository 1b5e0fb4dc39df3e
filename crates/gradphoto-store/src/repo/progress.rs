//! How far each class has come: per class, how many students it has, how many of them have
//! checked in, how many have a photo and how many have proofread it; and who of a set of
//! classes has not checked in at all, or not proofread. Read by the college leads' class page, live, and by its export of the students who
//! did not come.

use async_trait::async_trait;
use gradphoto_domain::{CampaignId, ClassId, CollegeId, StudentId};
use serde::Serialize;

use crate::error::Result;

/// One class's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    pub class_id: ClassId,
    pub code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
    /// Students of the class on the roster.
    pub students: i64,
    /// Students holding a ticket that was not voided, issued on any day: they came.
    pub checked_in: i64,
    /// Students with a current (accepted, not superseded) photo.
    pub photographed: i64,
    /// Students whose current proofreading answer is "正确" …
    pub confirmed: i64,
    /// … or "有误".
    pub disputed: i64,
}

/// A student who holds no ticket at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsentStudent {
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub class_id: ClassId,
    pub class_code: String,
    pub college_name: Option<String>,
}

#[async_trait]
pub trait ProgressRepo: Send + Sync {
    /// Every class of the campaign, in code order, with its counts; only the classes of the
    /// colleges in `scope` when it is given (none when it is empty).
    async fn class_counts(
        &self,
        campaign: CampaignId,
        scope: Option<&[CollegeId]>,
    ) -> Result<Vec<ClassCounts>>;
    /// The students of `classes` (of the campaign) who have never checked in — no ticket on
    /// any day, voided ones aside — by class code, then 学号.
    async fn students_without_ticket(
        &self,
        campaign: CampaignId,
        classes: &[ClassId],
    ) -> Result<Vec<AbsentStudent>>;
    /// The students of `classes` (of the campaign) who have given no proofreading answer, by
    /// class code, then 学号.
    async fn students_without_proof(
        &self,
        campaign: CampaignId,
        classes: &[ClassId],
    ) -> Result<Vec<AbsentStudent>>;
}
