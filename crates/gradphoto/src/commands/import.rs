//! `gradphoto import roster FILE [--dry-run]` and `gradphoto import timetable FILE [--dry-run]`:
//! the same imports as the pages, from a terminal.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use gradphoto_app::roster::{ImportReport, import_roster};
use gradphoto_app::timetable::{TimetableImport, import_timetable, venue_or_only};
use gradphoto_domain::roster::Problem;
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json};
use crate::cli::{Global, ImportCommand};

pub async fn run(global: &Global, cmd: ImportCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ImportCommand::Roster { file, dry_run } => roster(global, &file, dry_run).await,
        ImportCommand::Timetable {
            file,
            dry_run,
            venue,
        } => timetable(global, &file, dry_run, venue.as_deref()).await,
    }
}

fn read(file: &Path) -> anyhow::Result<(Vec<u8>, String)> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, name))
}

async fn timetable(
    global: &Global,
    file: &Path,
    dry_run: bool,
    venue: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let (bytes, name) = read(file)?;
    let lang = global.lang.as_str();
    let venue = venue_or_only(&app, campaign.id, venue)
        .await
        .map_err(|e| app_error(e, lang))?;
    let report = import_timetable(
        &app,
        campaign.id,
        &venue,
        &bytes,
        &name,
        dry_run,
        &Actor::system("cli"),
    )
    .await
    .map_err(|e| app_error(e, lang))?;
    if global.json {
        print_json(&report)?;
    } else {
        print_timetable(&report, lang);
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints every problem and, when there are any, that nothing was written. True when there were.
fn print_problems(problems: &[Problem], lang: &str) -> bool {
    for p in problems {
        println!("{}", p.describe(lang));
    }
    if !problems.is_empty() {
        let n = problems.len();
        println!(
            "{}",
            if lang == "en" {
                format!("{n} problems; nothing was written.")
            } else {
                format!("共 {n} 个问题，未写入任何数据。")
            }
        );
    }
    !problems.is_empty()
}

fn print_timetable(report: &TimetableImport, lang: &str) {
    let en = lang == "en";
    if print_problems(&report.problems, lang) {
        return;
    }
    for s in &report.slots {
        println!(
            "{}\t{} {}\t{} {}",
            s.slot.get(lang),
            s.classes.len(),
            if en { "classes" } else { "个班" },
            s.students,
            if en { "students" } else { "人" },
        );
    }
    let counts = if en {
        format!(
            "{}: {} slots, {} classes",
            report.venue,
            report.slots.len(),
            report.class_count()
        )
    } else {
        format!(
            "{}：{} 个时段，{} 个班级",
            report.venue,
            report.slots.len(),
            report.class_count()
        )
    };
    let tail = match (report.dry_run, en) {
        (true, true) => "dry run: nothing was written.",
        (true, false) => "试运行：未写入任何数据。",
        (false, true) => {
            "imported into the working timetable; publish it with gradphoto timetable publish."
        }
        (false, false) => "已导入工作时间表；用 gradphoto timetable publish 发布。",
    };
    println!("{counts}; {tail}");
}

async fn roster(global: &Global, file: &Path, dry_run: bool) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let (bytes, name) = read(file)?;
    let report = import_roster(
        &app,
        campaign.id,
        &bytes,
        &name,
        dry_run,
        &Actor::system("cli"),
    )
    .await
    .map_err(|e| app_error(e, &global.lang))?;
    if global.json {
        print_json(&report)?;
    } else {
        print_report(&report, &global.lang);
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_report(report: &ImportReport, lang: &str) {
    let en = lang == "en";
    if print_problems(&report.problems, lang) {
        return;
    }
    for u in &report.updates {
        let changes: Vec<String> = u
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.field,
                    c.before.as_deref().unwrap_or("∅"),
                    c.after.as_deref().unwrap_or("∅")
                )
            })
            .collect();
        println!("{} {}: {}", u.student_no, u.name, changes.join("; "));
    }
    let counts = if en {
        format!(
            "{} rows: {} new, {} updated, {} unchanged",
            report.rows,
            report.creates,
            report.updates.len(),
            report.unchanged
        )
    } else {
        format!(
            "共 {} 行：新增 {}，更新 {}，无变化 {}",
            report.rows,
            report.creates,
            report.updates.len(),
            report.unchanged
        )
    };
    let tail = match (report.dry_run, en) {
        (true, true) => "dry run: nothing was written.",
        (true, false) => "试运行：未写入任何数据。",
        (false, true) => "imported.",
        (false, false) => "已导入。",
    };
    println!("{counts}; {tail}");
}
