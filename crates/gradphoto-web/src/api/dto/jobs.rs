//! Jobs as the API and the job page's live feed show them.

use chrono::{DateTime, Utc};
use gradphoto_store::Job;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobDto {
    pub id: i64,
    /// What it does: `judge.batch`, …
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    pub progress_done: i64,
    pub progress_total: Option<i64>,
    /// Whole percent done, when the total is known.
    pub percent: Option<i64>,
    pub progress_note: Option<String>,
    /// What a done job made, in the shape of its kind.
    #[schema(value_type = Object)]
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    /// More than 1 when a worker died holding it and another took it over.
    pub attempts: i64,
    pub claimed_by: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<&Job> for JobDto {
    fn from(j: &Job) -> Self {
        let percent = j
            .progress_total
            .filter(|t| *t > 0)
            .map(|t| (j.progress_done.clamp(0, t) * 100) / t);
        Self {
            id: j.id.0,
            kind: j.kind.clone(),
            state: j.state.code().to_owned(),
            progress_done: j.progress_done,
            progress_total: j.progress_total,
            percent,
            progress_note: j.progress_note.clone(),
            result: j.result.clone(),
            error: j.error.clone(),
            attempts: j.attempts,
            claimed_by: j.claimed_by.clone(),
            created_by: j.created_by.clone(),
            created_at: j.created_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}
