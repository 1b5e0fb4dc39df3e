//! `judge.batch`: the photos of folders on the server judged against a rule pack, as
//! `gradphoto check` does in a terminal, but as a job: one photo at a time per CPU permit, so
//! the capture stations always go first, with progress on the job and the verdicts kept as its
//! result (overall and the photographer's line per file, and the counts).

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use gradphoto_domain::Msg;
use serde::{Deserialize, Serialize};

use super::{JobContext, JobHandler};
use crate::error::{AppError, Result};
use crate::judging::{BatchRules, check_one, collect};

pub const KIND: &str = "judge.batch";

/// What to judge, as stored on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// Photos and folders on the machine that runs the job.
    pub paths: Vec<PathBuf>,
    pub rules: BatchRules,
}

/// One photo of the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileVerdict {
    pub path: PathBuf,
    /// `pass`, `warn`, `fail` or `error`.
    pub overall: String,
    pub reason_zh: String,
    pub reason_en: String,
}

/// What a done `judge.batch` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub photos: usize,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub error: usize,
    pub files: Vec<FileVerdict>,
}

#[derive(Debug)]
pub struct JudgeBatch;

#[async_trait]
impl JobHandler for JudgeBatch {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, ctx: &JobContext) -> Result<serde_json::Value> {
        let params: Params = super::params(&ctx.job, "批量检查", "the batch judging")?;
        let paths = params.paths.clone();
        let files = tokio::task::spawn_blocking(move || collect(&paths))
            .await?
            .map_err(|m| AppError::invalid("paths", m))?;
        if files.is_empty() {
            return Err(AppError::invalid(
                "paths",
                Msg::new(
                    "没有找到照片（.jpg、.jpeg、.png）",
                    "no photos (.jpg, .jpeg, .png) found",
                ),
            ));
        }
        let total = i64::try_from(files.len()).unwrap_or(i64::MAX);
        ctx.progress(0, Some(total), None).await?;
        let rules = params.rules.clone();
        let judge = {
            let _cpu = ctx.app.cpu.job().await;
            tokio::task::spawn_blocking(move || rules.judge()).await?
        }
        .map(Arc::new)
        .map_err(|m| AppError::invalid("rules", m))?;
        let mut summary = Summary::default();
        for (i, path) in files.into_iter().enumerate() {
            let checked = {
                let _cpu = ctx.app.cpu.job().await;
                let judge = judge.clone();
                tokio::task::spawn_blocking(move || check_one(&judge, &path, false)).await?
            };
            match checked.overall() {
                "pass" => summary.pass += 1,
                "warn" => summary.warn += 1,
                "fail" => summary.fail += 1,
                _ => summary.error += 1,
            }
            let reason = checked.reason();
            summary.files.push(FileVerdict {
                path: checked.path.clone(),
                overall: checked.overall().to_owned(),
                reason_zh: reason.zh.clone(),
                reason_en: reason.en.clone(),
            });
            let done = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let note = checked.path.display().to_string();
            ctx.progress(done, Some(total), Some(&note)).await?;
        }
        summary.photos = summary.files.len();
        serde_json::to_value(&summary).map_err(|e| AppError::Internal(e.to_string()))
    }
}
