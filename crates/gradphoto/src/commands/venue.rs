//! `gradphoto venue add|add-station|add-device|list`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_domain::{CampaignId, Clock, Msg, SystemClock, Venue};
use gradphoto_store::{Actor, Repo};

use super::{current_campaign, open, print_json, refuse};
use crate::cli::{Global, VenueCommand};

/// A venue of the campaign by its name.
pub async fn venue_named(
    repo: &dyn Repo,
    campaign: CampaignId,
    name: &str,
) -> anyhow::Result<Result<Venue, Msg>> {
    let venues = repo.venues(campaign).await?;
    Ok(venues
        .into_iter()
        .find(|v| v.name == name.trim())
        .ok_or_else(|| {
            Msg::new(
                format!("没有名为“{name}”的场地：先运行 gradphoto venue add {name}"),
                format!("there is no venue \"{name}\": run gradphoto venue add {name} first"),
            )
        }))
}

/// Creates a venue with `stations` numbered capture stations.
pub async fn add_venue(
    repo: &dyn Repo,
    campaign: CampaignId,
    name: &str,
    stations: u32,
    actor: &Actor,
) -> Result<Venue, gradphoto_store::StoreError> {
    let now = SystemClock.now();
    let venue = repo.create_venue(campaign, name, actor, now).await?;
    for n in 1..=stations {
        repo.create_station(venue.id, &format!("{n}号机位"), actor, now)
            .await?;
    }
    Ok(venue)
}

fn store_refusal(e: gradphoto_store::StoreError, lang: &str) -> anyhow::Error {
    match e {
        gradphoto_store::StoreError::Rejected(m) => refuse(&m, lang),
        other => other.into(),
    }
}

pub async fn run(global: &Global, cmd: VenueCommand) -> anyhow::Result<ExitCode> {
    let (_config, repo) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(repo.as_ref()).await?;
    let lang = global.lang.as_str();
    let actor = Actor::system("cli");
    match cmd {
        VenueCommand::Add { name, stations } => {
            let venue = add_venue(repo.as_ref(), campaign.id, &name, stations, &actor)
                .await
                .map_err(|e| store_refusal(e, lang))?;
            if global.json {
                print_json(&venue)?;
            } else {
                println!("{} #{} ({stations})", venue.name, venue.id);
            }
        }
        VenueCommand::AddStation { venue, name } => {
            let venue = venue_named(repo.as_ref(), campaign.id, &venue)
                .await?
                .map_err(|m| refuse(&m, lang))?;
            let station = repo
                .create_station(venue.id, &name, &actor, SystemClock.now())
                .await
                .map_err(|e| store_refusal(e, lang))?;
            if global.json {
                print_json(&station)?;
            } else {
                println!("{} #{}", station.name, station.id);
            }
        }
        VenueCommand::AddDevice { venue, name } => {
            let venue = venue_named(repo.as_ref(), campaign.id, &venue)
                .await?
                .map_err(|m| refuse(&m, lang))?;
            let (token, hash) = gradphoto_web::auth::device::new_device_token();
            let device = repo
                .create_device(venue.id, &name, &hash, &actor, SystemClock.now())
                .await
                .map_err(|e| store_refusal(e, lang))?;
            if global.json {
                print_json(&serde_json::json!({ "device": device, "token": token }))?;
            } else {
                println!("{} #{} @ {}", device.name, device.id, venue.name);
                println!("token: {token}");
            }
        }
        VenueCommand::List => {
            let mut out = Vec::new();
            for venue in repo.venues(campaign.id).await? {
                let stations = repo.stations(venue.id).await?;
                out.push(serde_json::json!({ "venue": venue, "stations": stations }));
                if !global.json {
                    let names: Vec<&str> = stations.iter().map(|s| s.name.as_str()).collect();
                    println!("#{}\t{}\t{}", venue.id, venue.name, names.join(", "));
                }
            }
            if global.json {
                print_json(&out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
