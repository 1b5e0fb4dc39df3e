//! `gradphoto import roster FILE [--dry-run]`: the same import as the page, from a terminal.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use gradphoto_app::roster::{ImportReport, import_roster};
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json};
use crate::cli::{Global, ImportCommand};

pub async fn run(global: &Global, cmd: ImportCommand) -> anyhow::Result<ExitCode> {
    let ImportCommand::Roster { file, dry_run } = cmd;
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
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
    for p in &report.problems {
        println!("{}", p.describe(lang));
    }
    if !report.is_ok() {
        println!(
            "{}",
            if en {
                format!("{} problems; nothing was written.", report.problems.len())
            } else {
                format!("共 {} 个问题，未写入任何数据。", report.problems.len())
            }
        );
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
