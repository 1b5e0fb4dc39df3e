//! `gradphoto campaign create|list|days|proof-window|student-sign-in`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_app::accounts::student_access;
use gradphoto_app::proofreading::set_window;
use gradphoto_app::timetable::set_days;
use gradphoto_domain::student_sign_in::StudentSignIn;
use gradphoto_domain::timetable::time_text::parse_day;
use gradphoto_domain::{Fen, Msg, NewCampaign};
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json, refuse};
use crate::cli::{CampaignCommand, Global};

pub async fn run(global: &Global, cmd: CampaignCommand) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let repo = &app.repo;
    let lang = global.lang.as_str();
    match cmd {
        CampaignCommand::Create {
            cohort,
            title,
            fee_yuan,
            prints,
        } => {
            let fee = fee_yuan
                .as_deref()
                .map(Fen::parse)
                .transpose()
                .map_err(|m| refuse(&m, lang))?;
            let new = NewCampaign::parse(cohort, title.as_deref(), fee, prints)
                .map_err(|m| refuse(&m, lang))?;
            let campaign = repo
                .create_campaign(&new, &Actor::system("cli"), app.now())
                .await?;
            if global.json {
                print_json(&campaign)?;
            } else {
                println!(
                    "{} #{}: {} (¥{}, {} prints)",
                    if lang == "en" {
                        "created campaign"
                    } else {
                        "已创建采集活动"
                    },
                    campaign.id,
                    campaign.title,
                    campaign.fee_fen,
                    campaign.prints_per_student
                );
            }
        }
        CampaignCommand::List => {
            let campaigns = repo.campaigns().await?;
            if global.json {
                print_json(&campaigns)?;
            } else {
                for c in campaigns {
                    println!(
                        "#{}\t{}届\t{}\t¥{}\t{}",
                        c.id, c.cohort, c.title, c.fee_fen, c.prints_per_student
                    );
                }
            }
        }
        CampaignCommand::Days { days } => {
            let campaign = current_campaign(repo.as_ref()).await?;
            let days = if days.is_empty() {
                repo.campaign_days(campaign.id).await?
            } else {
                let parsed = days
                    .iter()
                    .map(|d| {
                        parse_day(d).ok_or_else(|| {
                            refuse(
                                &Msg::new(
                                    format!("日期“{d}”无法识别，请写作 2022-10-20"),
                                    format!(
                                        "date \"{d}\" is not recognised; write it as 2022-10-20"
                                    ),
                                ),
                                lang,
                            )
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                set_days(&app, campaign.id, &parsed, &Actor::system("cli"))
                    .await
                    .map_err(|e| app_error(e, lang))?
            };
            if global.json {
                print_json(&days)?;
            } else {
                let list: Vec<String> = days.iter().map(|d| d.to_string()).collect();
                println!("{}", list.join(" "));
            }
        }
        CampaignCommand::ProofWindow {
            opens,
            closes,
            close,
        } => {
            let campaign = current_campaign(repo.as_ref()).await?;
            let day = |d: &str| {
                parse_day(d).ok_or_else(|| {
                    refuse(
                        &Msg::new(
                            format!("日期“{d}”无法识别，请写作 2022-11-01"),
                            format!("date \"{d}\" is not recognised; write it as 2022-11-01"),
                        ),
                        lang,
                    )
                })
            };
            let window = match (opens.as_deref(), closes.as_deref(), close) {
                (None, None, false) => repo.proof_window(campaign.id).await?,
                (Some(o), Some(c), false) => set_window(
                    &app,
                    campaign.id,
                    Some((day(o)?, day(c)?)),
                    &Actor::system("cli"),
                )
                .await
                .map_err(|e| app_error(e, lang))?,
                (None, None, true) => set_window(&app, campaign.id, None, &Actor::system("cli"))
                    .await
                    .map_err(|e| app_error(e, lang))?,
                _ => {
                    return Err(refuse(
                        &Msg::new(
                            "请同时给出开始和截止日期，或用 --close 结束校对",
                            "give both the opening and the closing day, or --close",
                        ),
                        lang,
                    ));
                }
            };
            if global.json {
                print_json(&window)?;
            } else {
                match window {
                    Some(w) => println!("{} {}", w.opens_on, w.closes_on),
                    None => println!(
                        "{}",
                        Msg::new("校对未开放", "proofreading is closed").get(lang)
                    ),
                }
            }
        }
        CampaignCommand::StudentSignIn { method } => {
            let campaign = current_campaign(repo.as_ref()).await?;
            let now = match method {
                Some(raw) => {
                    let chosen = StudentSignIn::parse(&raw).map_err(|m| refuse(&m, lang))?;
                    student_access::set_method(&app, campaign.id, chosen, &Actor::system("cli"))
                        .await
                        .map_err(|e| app_error(e, lang))?;
                    chosen
                }
                None => student_access::method(&app, campaign.id)
                    .await
                    .map_err(|e| app_error(e, lang))?,
            };
            if global.json {
                print_json(&now)?;
            } else {
                println!("{}", now.code());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
