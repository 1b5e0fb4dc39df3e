//! `gradphoto timetable show|publish|versions|move-class|move-slot|pin|policy`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_app::App;
use gradphoto_app::timetable::moves::{move_class, move_slot, pin};
use gradphoto_app::timetable::{publish, set_policy, venue_or_only};
use gradphoto_domain::timetable::time_text::{parse_day, parse_time, parse_time_range};
use gradphoto_domain::timetable::{Policy, SlotTime};
use gradphoto_domain::{Campaign, Msg};
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json, refuse};
use crate::cli::{Global, TimetableCommand};

pub async fn run(global: &Global, cmd: TimetableCommand) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let lang = global.lang.as_str();
    let actor = Actor::system("cli");
    let fail = |e| app_error(e, lang);
    match cmd {
        TimetableCommand::Show { version } => show(global, &app, &campaign, version).await?,
        TimetableCommand::Publish => {
            let published = publish(&app, campaign.id, &actor).await.map_err(fail)?;
            if global.json {
                print_json(&published)?;
            } else {
                println!(
                    "{}",
                    Msg::new(
                        format!("已发布第 {} 版", published.info.number),
                        format!("published version {}", published.info.number)
                    )
                    .get(lang)
                );
                for college in &published.changes {
                    println!("{}", college.college);
                    for change in &college.changes {
                        println!("  {}", change.line);
                    }
                }
            }
        }
        TimetableCommand::Versions => {
            let versions = app.repo.timetable_versions(campaign.id).await?;
            if global.json {
                print_json(&versions)?;
            } else {
                for v in versions {
                    println!(
                        "{}\t{}\t{}",
                        v.number,
                        v.published_at.to_rfc3339(),
                        v.published_by
                    );
                }
            }
        }
        TimetableCommand::MoveClass {
            class,
            date,
            time,
            venue,
        } => {
            let venue = venue_or_only(&app, campaign.id, venue.as_deref())
                .await
                .map_err(fail)?;
            let (date, start) = (day(&date, lang)?, clock(&time, lang)?);
            move_class(&app, &venue, &class, date, start, &actor)
                .await
                .map_err(fail)?;
        }
        TimetableCommand::MoveSlot {
            date,
            time,
            new_date,
            new_time,
            venue,
        } => {
            let venue = venue_or_only(&app, campaign.id, venue.as_deref())
                .await
                .map_err(fail)?;
            let (date, start) = (day(&date, lang)?, clock(&time, lang)?);
            let (new_start, new_end) = parse_time_range(&new_time).map_err(|m| refuse(&m, lang))?;
            let to = SlotTime::new(day(&new_date, lang)?, new_start, new_end)
                .map_err(|m| refuse(&m, lang))?;
            move_slot(&app, &venue, date, start, to, &actor)
                .await
                .map_err(fail)?;
        }
        TimetableCommand::Pin { class, unpin } => {
            pin(&app, campaign.id, &class, !unpin, &actor)
                .await
                .map_err(fail)?;
        }
        TimetableCommand::Policy {
            arrive_early,
            early,
            late,
            outside,
        } => {
            let policy =
                Policy::parse(arrive_early, early, late, &outside).map_err(|m| refuse(&m, lang))?;
            set_policy(&app, campaign.id, &policy, &actor)
                .await
                .map_err(fail)?;
            if global.json {
                print_json(&policy)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn day(raw: &str, lang: &str) -> anyhow::Result<chrono::NaiveDate> {
    parse_day(raw).ok_or_else(|| {
        refuse(
            &Msg::new(
                format!("日期“{raw}”无法识别，请写作 2022-10-20"),
                format!("date \"{raw}\" is not recognised; write it as 2022-10-20"),
            ),
            lang,
        )
    })
}

fn clock(raw: &str, lang: &str) -> anyhow::Result<chrono::NaiveTime> {
    parse_time(raw).ok_or_else(|| {
        refuse(
            &Msg::new(
                format!("时间“{raw}”无法识别，请写作 9:00"),
                format!("time \"{raw}\" is not recognised; write it as 9:00"),
            ),
            lang,
        )
    })
}

async fn show(
    global: &Global,
    app: &App,
    campaign: &Campaign,
    version: Option<i64>,
) -> anyhow::Result<()> {
    let lang = global.lang.as_str();
    if let Some(number) = version {
        let Some(v) = app.repo.timetable_version(campaign.id, number).await? else {
            return Err(refuse(
                &Msg::new(
                    format!("没有第 {number} 版"),
                    format!("there is no version {number}"),
                ),
                lang,
            ));
        };
        if global.json {
            return print_json(&v);
        }
        for s in &v.slots {
            let codes: Vec<&str> = s.classes.iter().map(|c| c.code.as_str()).collect();
            println!(
                "{}\t{}\t{}",
                s.venue_name,
                s.time.label().get(lang),
                codes.join("、")
            );
        }
        return Ok(());
    }
    let mut all = Vec::new();
    for venue in app.repo.venues(campaign.id).await? {
        let slots = app.repo.slots(venue.id).await?;
        all.push((venue, slots));
    }
    if global.json {
        let value: Vec<_> = all
            .iter()
            .map(|(v, s)| serde_json::json!({ "venue": v.name, "slots": s }))
            .collect();
        return print_json(&value);
    }
    for (venue, slots) in &all {
        for s in slots {
            let codes: Vec<String> = s
                .classes
                .iter()
                .map(|c| {
                    if c.pinned {
                        format!("{}*", c.code)
                    } else {
                        c.code.clone()
                    }
                })
                .collect();
            let students: i64 = s.classes.iter().map(|c| c.students).sum();
            println!(
                "{}\t{}\t{students}\t{}",
                venue.name,
                s.time.label().get(lang),
                codes.join("、")
            );
        }
    }
    Ok(())
}
