//! `gradphoto simulate` and `gradphoto plan`: the queue of each shooting day as the working
//! timetable would make it, and a proposal that lowers the worst wait.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_app::App;
use gradphoto_app::planning::{apply, default_params, propose, simulate as run_simulation};
use gradphoto_app::timetable::venue_or_only;
use gradphoto_domain::{Msg, Venue};
use gradphoto_plan::{Constraints, SimParams, SimReport};
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json};
use crate::cli::{Global, PlanArgs, SimOptions, SimulateArgs};

async fn setup(global: &Global, sim: &SimOptions) -> anyhow::Result<(App, Venue, SimParams)> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let venue = venue_or_only(&app, campaign.id, sim.venue.as_deref())
        .await
        .map_err(|e| app_error(e, &global.lang))?;
    let defaults = default_params(&app, &venue)
        .await
        .map_err(|e| app_error(e, &global.lang))?;
    let params = SimParams {
        stations: sim.stations.unwrap_or(defaults.stations),
        desks: sim.desks,
        arrival_spread_min: sim.spread,
        desk_service_s: sim.desk_seconds,
        service_mean_s: sim.service_mean,
        service_p90_s: sim.service_p90,
        retake_rate: sim.retakes,
        no_show_rate: sim.no_shows,
        seed: sim.seed,
        ..defaults
    };
    Ok((app, venue, params))
}

pub async fn simulate(global: &Global, args: SimulateArgs) -> anyhow::Result<ExitCode> {
    let (app, venue, params) = setup(global, &args.sim).await?;
    let (_, report) = run_simulation(&app, &venue, &params, args.sim.runs)
        .await
        .map_err(|e| app_error(e, &global.lang))?;
    if global.json {
        print_json(
            &serde_json::json!({ "venue": venue.name, "params": params, "report": report }),
        )?;
    } else {
        print_report(&report, &venue, &params, &global.lang);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn plan(global: &Global, args: PlanArgs) -> anyhow::Result<ExitCode> {
    let (app, venue, params) = setup(global, &args.sim).await?;
    let constraints = Constraints {
        max_p90_wait_s: args.max_p90_wait,
        keep_colleges_adjacent: !args.split_colleges,
    };
    let lang = global.lang.as_str();
    let (given, outcome) = propose(&app, &venue, &params, &constraints, args.sim.runs)
        .await
        .map_err(|e| app_error(e, lang))?;
    if args.apply && !outcome.moves.is_empty() {
        apply(
            &app,
            &venue,
            &given,
            &outcome.proposed,
            &Actor::system("cli"),
        )
        .await
        .map_err(|e| app_error(e, lang))?;
    }
    if global.json {
        print_json(&outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    let en = lang == "en";
    println!(
        "{}",
        if en {
            "Current timetable:"
        } else {
            "当前时间安排："
        }
    );
    print_report(&outcome.before, &venue, &params, lang);
    println!();
    println!("{}", if en { "Proposed:" } else { "建议方案：" });
    print_report(&outcome.after, &venue, &params, lang);
    println!();
    for m in &outcome.moves {
        let slot = |key: i64| {
            outcome
                .before
                .slots
                .iter()
                .find(|s| s.key == key)
                .map(|s| format!("{} {}", s.date.format("%m-%d"), clock(s.start_min)))
                .unwrap_or_default()
        };
        println!(
            "  {} ({}, {}): {} → {}",
            m.code,
            m.college,
            m.students,
            slot(m.from),
            slot(m.to)
        );
    }
    let tail = match (outcome.moves.is_empty(), args.apply, en) {
        (true, _, true) => "No better timetable found; the current one stays.".to_owned(),
        (true, _, false) => "没有找到更好的安排，维持当前时间安排。".to_owned(),
        (false, true, true) => format!(
            "{} classes moved in the working timetable; publish it with gradphoto timetable publish.",
            outcome.moves.len()
        ),
        (false, true, false) => format!(
            "已在工作时间表中调整 {} 个班级；用 gradphoto timetable publish 发布。",
            outcome.moves.len()
        ),
        (false, false, true) => format!(
            "{} classes would move; run again with --apply to write it.",
            outcome.moves.len()
        ),
        (false, false, false) => format!(
            "需调整 {} 个班级；加 --apply 写入工作时间表。",
            outcome.moves.len()
        ),
    };
    println!("{tail}");
    if let Some(max) = args.max_p90_wait
        && !outcome.meets_max_wait
    {
        println!(
            "{}",
            Msg::new(
                format!("注意：仍有时段的 P90 等待超过 {max:.0} 秒"),
                format!("Note: some slot's p90 wait is still over {max:.0} s"),
            )
            .get(lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn clock(minute: u32) -> String {
    format!("{}:{:02}", minute / 60, minute % 60)
}

fn print_report(report: &SimReport, venue: &Venue, params: &SimParams, lang: &str) {
    let en = lang == "en";
    println!(
        "{}",
        if en {
            format!(
                "{}: {} stations, {} desks, {} runs, shot mean {:.0} s / p90 {:.0} s",
                venue.name,
                params.stations,
                params.desks,
                report.runs,
                params.service_mean_s,
                params.service_p90_s
            )
        } else {
            format!(
                "{}：{} 个机位，{} 个签到台，模拟 {} 次，每人拍摄平均 {:.0} 秒 / P90 {:.0} 秒",
                venue.name,
                params.stations,
                params.desks,
                report.runs,
                params.service_mean_s,
                params.service_p90_s
            )
        }
    );
    println!(
        "{}",
        if en {
            "date\tslot\t\tstudents\tpeak queue\twait p50\twait p90\toverrun"
        } else {
            "日期\t时段\t\t人数\t最长队列\t等待P50\t等待P90\t超时"
        }
    );
    for s in &report.slots {
        println!(
            "{}\t{}-{}\t{}\t{:.1}\t\t{:.0} s\t{:.0} s\t{:.1} min{}",
            s.date,
            clock(s.start_min),
            clock(s.end_min),
            s.students,
            s.peak_queue,
            s.wait_p50_s,
            s.wait_p90_s,
            s.overrun_min,
            if s.overrun_min > 0.5 { " ⚠" } else { "" }
        );
    }
    println!(
        "{}",
        Msg::new(
            format!("最差时段等待 P90：{:.0} 秒", report.worst_p90_wait_s),
            format!("worst slot's p90 wait: {:.0} s", report.worst_p90_wait_s),
        )
        .get(lang)
    );
}
