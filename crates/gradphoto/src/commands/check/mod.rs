//! `gradphoto check PATH... [--rules chsi-2017] [--json] [--report report.html]`: judges photos
//! against a rule pack on every core, with progress on standard error, and exits non-zero when
//! any photo fails or cannot be read.

mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack, Status, Verdict, annotate};
use serde::Serialize;

use super::{print_json, refuse};
use crate::cli::{CheckArgs, Global};

/// One photo's outcome: a verdict (with its annotated preview for the report) or why it could
/// not be judged.
#[derive(Debug, Serialize)]
pub struct Checked {
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(skip)]
    pub preview: Option<Vec<u8>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Verdict(Box<Verdict>),
    Error(gradphoto_domain::Msg),
}

impl Checked {
    fn failed(&self) -> bool {
        match &self.outcome {
            Outcome::Verdict(v) => v.failed(),
            Outcome::Error(_) => true,
        }
    }
}

pub fn run(global: &Global, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let pack = RulePack::built_in(&args.rules).map_err(|e| refuse(&e.msg(), &global.lang))?;
    let mode = match (args.final_file, args.original) {
        (true, _) => ModeChoice::Final,
        (_, true) => ModeChoice::Original,
        _ => ModeChoice::Auto,
    };
    let judge = Judge::with_options(
        pack,
        JudgeOptions {
            mode,
            ..Default::default()
        },
    )
    .map_err(|e| refuse(&e.msg(), &global.lang))?;
    let files = collect(&args.paths)?;
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

/// Photos named directly are taken whatever their extension (a wrong file gets a clear
/// error); directories are searched recursively for .jpg, .jpeg and .png, in sorted order.
fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).with_context(|| format!("cannot read directory {}", p.display()))?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png"))
        {
            out.push(p);
        }
    }
    Ok(())
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

fn check_one(judge: &Judge, path: &Path, previews: bool) -> Checked {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Checked {
                path: path.to_owned(),
                outcome: Outcome::Error(gradphoto_domain::Msg::new(
                    format!("无法读取文件：{e}"),
                    format!("cannot read the file: {e}"),
                )),
                preview: None,
            };
        }
    };
    match judge.inspect(&bytes) {
        Ok(j) => {
            let preview = previews
                .then(|| {
                    annotate::encode_jpeg(&thumbnail(&annotate::preview(&j.image, &j.verdict)), 80)
                        .ok()
                })
                .flatten();
            Checked {
                path: path.to_owned(),
                outcome: Outcome::Verdict(Box::new(j.verdict)),
                preview,
            }
        }
        Err(e) => Checked {
            path: path.to_owned(),
            outcome: Outcome::Error(e.msg()),
            preview: None,
        },
    }
}

/// Previews in the report are at most 480 px tall, to keep the file small.
fn thumbnail(img: &image::RgbImage) -> image::RgbImage {
    let h = img.height().max(1);
    if h <= 480 {
        return img.clone();
    }
    let w = ((img.width() as u64 * 480 / h as u64) as u32).max(1);
    gradphoto_photo::decode::shrink(img, w, 480).unwrap_or_else(|_| img.clone())
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
