//! `gradphoto campaign create|list`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_domain::NewCampaign;
use gradphoto_domain::campaign::{format_yuan, parse_yuan};
use gradphoto_store::Actor;

use super::{open, print_json, refuse};
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
                .map(parse_yuan)
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
                    format_yuan(campaign.fee_fen),
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
                        c.id,
                        c.cohort,
                        c.title,
                        format_yuan(c.fee_fen),
                        c.prints_per_student
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
