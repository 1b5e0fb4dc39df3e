//! `gradphoto export registry`: the registry package of the current campaign, written straight
//! to a file (streamed: one photo in memory at a time), stored and recorded as a batch as the
//! page's job does, with the students left out listed and why. `gradphoto export prints`: the
//! print sheets as a PDF.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use gradphoto_app::export::prints::{PrintParams, prints_to_file};
use gradphoto_app::export::{self, LeftOut, Params, Selection};
use gradphoto_app::{Capture, Cpu};
use gradphoto_domain::Msg;
use gradphoto_store::{Actor, open_blob_store};

use super::{app_error, open, print_json};
use crate::cli::{ExportCommand, Global};
use crate::config::redact_query;

pub async fn run(global: &Global, cmd: ExportCommand) -> anyhow::Result<ExitCode> {
    let (config, app) = open(global, Path::new("data")).await?;
    let lang = global.lang.as_str();
    let blobs = open_blob_store(&config.blob_url).await.with_context(|| {
        format!(
            "cannot open photo storage {}",
            redact_query(&config.blob_url)
        )
    })?;
    // This process takes no frames: the export may have every core.
    let app = app
        .with_capture(Capture::new(blobs, config.hot_folders.clone()))
        .with_cpu(Cpu::all_for_one_job());
    match cmd {
        ExportCommand::Registry {
            profile,
            out,
            since,
            without_proof,
            classes,
        } => {
            let params = Params {
                profile: export::profile(&profile).map_err(|e| app_error(e, lang))?,
                selection: Selection {
                    require_proof: !without_proof,
                    classes,
                },
                since,
            };
            let (summary, _) =
                export::registry::export_to_file(&app, &params, &out, &Actor::system("cli"), None)
                    .await
                    .map_err(|e| app_error(e, lang))?;
            if global.json {
                print_json(&summary)?;
            } else {
                let unchanged = summary.unchanged;
                let told = Msg::new(
                    format!(
                        "第 {} 批：{} 张照片写入 {}（{} 字节），{} 人未导出{}",
                        summary.batch_id,
                        summary.exported,
                        out.display(),
                        summary.bytes,
                        summary.left_out.len(),
                        if unchanged > 0 {
                            format!("，{unchanged} 人与上次相同")
                        } else {
                            String::new()
                        }
                    ),
                    format!(
                        "batch {}: {} photos written to {} ({} bytes), {} left out{}",
                        summary.batch_id,
                        summary.exported,
                        out.display(),
                        summary.bytes,
                        summary.left_out.len(),
                        if unchanged > 0 {
                            format!(", {unchanged} unchanged since the earlier batch")
                        } else {
                            String::new()
                        }
                    ),
                );
                println!("{}", told.get(lang));
                print_left_out(&summary.left_out, lang);
            }
            Ok(ExitCode::SUCCESS)
        }
        ExportCommand::Prints {
            out,
            sheet,
            size,
            copies,
            dpi,
            classes,
        } => {
            let params = PrintParams {
                sheet,
                size,
                copies,
                dpi,
                selection: Selection {
                    require_proof: false,
                    classes,
                },
            };
            let summary = prints_to_file(&app, &params, &out)
                .await
                .map_err(|e| app_error(e, lang))?;
            if global.json {
                print_json(&summary)?;
            } else {
                let told = Msg::new(
                    format!(
                        "{} 个班 {} 名学生的像片写入 {}（{} 页，{} 字节），{} 人未打印",
                        summary.classes,
                        summary.students,
                        out.display(),
                        summary.pages,
                        summary.bytes,
                        summary.left_out.len()
                    ),
                    format!(
                        "prints of {} students in {} classes written to {} ({} pages, {} bytes), {} left out",
                        summary.students,
                        summary.classes,
                        out.display(),
                        summary.pages,
                        summary.bytes,
                        summary.left_out.len()
                    ),
                );
                println!("{}", told.get(lang));
                print_left_out(&summary.left_out, lang);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The students left out, a line each with the reason.
fn print_left_out(left_out: &[LeftOut], lang: &str) {
    for l in left_out {
        println!(
            "  {} {} {}: {}",
            l.class_code,
            l.student_no,
            l.name,
            l.reason.get(lang)
        );
    }
}
