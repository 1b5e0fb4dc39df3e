//! `gradphoto check PATH... [--rules chsi-2017] [--json] [--report report.html]`: judges photos
//! against a rule pack on every core, with progress on standard error, and exits non-zero when
//! any photo fails or cannot be read.

mod report;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use gradphoto_app::judging::{BatchRules, Checked, Outcome, check_one, collect};
use gradphoto_photo::{Judge, Status};

use gradphoto_app::jobs::judge_batch::{self, Summary};
use gradphoto_store::{Actor, JobState};

use super::{app_error, open, print_json, refuse};
use crate::cli::{CheckArgs, Global};

fn rules_of(args: &CheckArgs) -> BatchRules {
    BatchRules {
        pack: args.rules.clone(),
        mode: match (args.final_file, args.original) {
            (true, _) => "final",
            (_, true) => "original",
            _ => "auto",
        }
        .to_owned(),
    }
}

/// `--queue`: the same check as a `judge.batch` job that a worker runs, followed with a
/// progress bar; the paths are made absolute, for a worker started elsewhere.
pub async fn queue(global: &Global, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let lang = global.lang.as_str();
    let (_config, app) = open(global, std::path::Path::new("data")).await?;
    let mut paths = Vec::new();
    for p in &args.paths {
        paths.push(
            std::fs::canonicalize(p).with_context(|| format!("cannot find {}", p.display()))?,
        );
    }
    let params = judge_batch::Params {
        paths,
        rules: rules_of(&args),
    };
    let job = gradphoto_app::jobs::enqueue(
        &app,
        judge_batch::KIND,
        serde_json::to_value(&params)?,
        &Actor::system("cli"),
    )
    .await
    .map_err(|e| app_error(e, lang))?;
    eprintln!(
        "{}",
        if lang == "en" {
            format!(
                "queued as job #{}; a worker (gradphoto serve or gradphoto worker) runs it",
                job.id
            )
        } else {
            format!(
                "已排队为任务 #{}，由工作进程（gradphoto serve 或 gradphoto worker）执行",
                job.id
            )
        }
    );
    let job = super::jobs::follow(&app, job.id, lang).await?;
    if global.json {
        print_json(&job)?;
    }
    if job.state == JobState::Failed {
        let error = job.error.clone().unwrap_or_default();
        anyhow::bail!("job #{} failed: {error}", job.id);
    }
    let summary: Summary = job
        .result
        .clone()
        .map(serde_json::from_value)
        .transpose()?
        .unwrap_or_default();
    if !global.json {
        for f in &summary.files {
            let mark = match f.overall.as_str() {
                "pass" => "✓",
                "warn" => "!",
                _ => "✗",
            };
            let reason = if lang == "en" {
                &f.reason_en
            } else {
                &f.reason_zh
            };
            println!("{mark} {}  {reason}", f.path.display());
        }
        if lang == "en" {
            println!(
                "{} photos: {} pass, {} with warnings, {} fail, {} unreadable",
                summary.photos, summary.pass, summary.warn, summary.fail, summary.error
            );
        } else {
            println!(
                "共 {} 张：合格 {}，需注意 {}，不合格 {}，无法读取 {}",
                summary.photos, summary.pass, summary.warn, summary.fail, summary.error
            );
        }
    }
    Ok(if summary.fail + summary.error > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run(global: &Global, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let judge = rules_of(&args)
        .judge()
        .map_err(|m| refuse(&m, &global.lang))?;
    let files = collect(&args.paths).map_err(|m| refuse(&m, &global.lang))?;
    if files.is_empty() {
        return Err(refuse(
            &gradphoto_domain::Msg::new(
                "没有找到照片（.jpg、.jpeg、.png）",
                "no photos (.jpg, .jpeg, .png) found",
            ),
            &global.lang,
        ));
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    let results = judge_all(&judge, &files, jobs, args.report.is_some());
    if global.json {
        print_json(&results)?;
    } else {
        print_text(&results, &global.lang);
    }
    if let Some(path) = &args.report {
        let html = report::render(judge.pack(), &results);
        std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(if results.iter().any(Checked::failed) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Judges the files on `jobs` threads, each taking the next file, printing progress.
fn judge_all(judge: &Judge, files: &[PathBuf], jobs: usize, previews: bool) -> Vec<Checked> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Checked>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let total = files.len();
    std::thread::scope(|s| {
        for _ in 0..jobs.min(total) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let checked = check_one(judge, path, previews);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(checked);
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    eprint!("\r检查 / checking {n}/{total}");
                }
            });
        }
    });
    eprintln!();
    slots
        .into_iter()
        .zip(files)
        .map(|(m, path)| {
            m.into_inner().ok().flatten().unwrap_or_else(|| Checked {
                path: path.clone(),
                outcome: Outcome::Error(gradphoto_domain::Msg::new(
                    "检查中断",
                    "the check was interrupted",
                )),
                preview: None,
            })
        })
        .collect()
}

fn print_text(results: &[Checked], lang: &str) {
    let en = lang == "en";
    let (mut pass, mut warn, mut fail) = (0, 0, 0);
    for c in results {
        match &c.outcome {
            Outcome::Verdict(v) => {
                let mark = match v.overall {
                    Status::Fail => {
                        fail += 1;
                        "✗"
                    }
                    Status::Warn => {
                        warn += 1;
                        "!"
                    }
                    _ => {
                        pass += 1;
                        "✓"
                    }
                };
                println!("{mark} {}  {}", c.path.display(), v.reason.get(lang));
                for r in v
                    .results
                    .iter()
                    .filter(|r| matches!(r.status, Status::Fail | Status::Warn))
                {
                    println!(
                        "    {} {:<20} {} ({}: {})",
                        if en { r.status.en() } else { r.status.zh() },
                        r.id,
                        r.shown,
                        if en { "allowed" } else { "要求" },
                        r.range
                    );
                }
            }
            Outcome::Error(m) => {
                fail += 1;
                println!("✗ {}  {}", c.path.display(), m.get(lang));
            }
        }
    }
    if en {
        println!(
            "{} photos: {pass} pass, {warn} with warnings, {fail} fail",
            results.len()
        );
    } else {
        println!(
            "共 {} 张：合格 {pass}，需注意 {warn}，不合格 {fail}",
            results.len()
        );
    }
}
