//! `gradphoto jobs list|show [--follow]`: the jobs workers run, and a progress bar for one.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use gradphoto_app::App;
use gradphoto_domain::Msg;
use gradphoto_store::{Job, JobId, JobState};

use super::{open, print_json, refuse};
use crate::cli::{Global, JobsCommand};

/// How often a followed job's row is read again.
const FOLLOW_EVERY: Duration = Duration::from_millis(200);
/// Width of the progress bar, in characters.
const BAR: usize = 30;

pub async fn run(global: &Global, cmd: JobsCommand) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let lang = global.lang.as_str();
    match cmd {
        JobsCommand::List { limit } => {
            let jobs = app.repo.jobs(limit.clamp(1, 1000)).await?;
            if global.json {
                print_json(&jobs)?;
            } else {
                for job in &jobs {
                    println!("{}", line(job, lang));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        JobsCommand::Show { id, follow } => {
            let job = if follow {
                self::follow(&app, JobId(id), lang).await?
            } else {
                find(&app, JobId(id), lang).await?
            };
            if global.json {
                print_json(&job)?;
            } else {
                println!("{}", line(&job, lang));
                if let Some(error) = &job.error {
                    println!("{error}");
                }
            }
            Ok(exit_code(&job))
        }
    }
}

pub fn exit_code(job: &Job) -> ExitCode {
    if job.state == JobState::Failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn find(app: &App, id: JobId, lang: &str) -> anyhow::Result<Job> {
    app.repo.job(id).await?.ok_or_else(|| {
        refuse(
            &Msg::new(
                format!("没有编号为 {id} 的任务"),
                format!("there is no job {id}"),
            ),
            lang,
        )
    })
}

/// Shows a progress bar on standard error until the job ends; returns it ended.
pub async fn follow(app: &App, id: JobId, lang: &str) -> anyhow::Result<Job> {
    let mut err = std::io::stderr();
    loop {
        let job = find(app, id, lang).await?;
        let _ = write!(err, "\r{}\x1b[K", bar(&job, lang));
        let _ = err.flush();
        if job.state.is_finished() {
            let _ = writeln!(err);
            return Ok(job);
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}

fn state_label(state: JobState, lang: &str) -> &'static str {
    let en = lang == "en";
    match (state, en) {
        (JobState::Queued, false) => "排队中",
        (JobState::Running, false) => "进行中",
        (JobState::Done, false) => "已完成",
        (JobState::Failed, false) => "失败",
        (JobState::Queued, true) => "queued",
        (JobState::Running, true) => "running",
        (JobState::Done, true) => "done",
        (JobState::Failed, true) => "failed",
    }
}

/// `[#########.....]  12/40  running  photos/IMG_0012.JPG`
pub fn bar(job: &Job, lang: &str) -> String {
    let filled = match job.progress_total {
        Some(total) if total > 0 => {
            let done = job.progress_done.clamp(0, total);
            usize::try_from(done * BAR as i64 / total).unwrap_or(0)
        }
        _ if job.state == JobState::Done => BAR,
        _ => 0,
    };
    let count = match job.progress_total {
        Some(total) => format!("{}/{total}", job.progress_done),
        None => job.progress_done.to_string(),
    };
    format!(
        "[{}{}] {count:>9}  {}  {}",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        state_label(job.state, lang),
        job.progress_note.as_deref().unwrap_or("")
    )
}

fn line(job: &Job, lang: &str) -> String {
    let attempts = if job.attempts > 1 {
        format!(
            " ({} {})",
            if lang == "en" {
                "attempts"
            } else {
                "次尝试"
            },
            job.attempts
        )
    } else {
        String::new()
    };
    format!(
        "#{}\t{}\t{}\t{}{attempts}",
        job.id,
        job.kind,
        job.created_by,
        bar(job, lang)
    )
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    fn job(done: i64, total: Option<i64>, state: JobState) -> Job {
        Job {
            id: JobId(1),
            kind: "judge.batch".into(),
            params: serde_json::Value::Null,
            state,
            progress_done: done,
            progress_total: total,
            progress_note: Some("a.jpg".into()),
            result: None,
            error: None,
            attempts: 1,
            claimed_by: None,
            heartbeat_at: None,
            created_by: "cli".into(),
            created_at: DateTime::UNIX_EPOCH,
            started_at: None,
            finished_at: None,
        }
    }

    #[test]
    fn the_bar_fills_with_the_work_done() {
        let half = bar(&job(5, Some(10), JobState::Running), "en");
        assert!(half.starts_with(&format!("[{}{}]", "#".repeat(15), ".".repeat(15))));
        assert!(half.contains("5/10") && half.contains("running") && half.contains("a.jpg"));
        let none = bar(&job(0, None, JobState::Queued), "zh");
        assert!(none.starts_with(&format!("[{}]", ".".repeat(BAR))) && none.contains("排队中"));
        let full = bar(&job(99, Some(10), JobState::Done), "en");
        assert!(full.starts_with(&format!("[{}]", "#".repeat(BAR))));
    }
}
