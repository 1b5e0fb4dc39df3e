//! `gradphoto venue add|add-station|add-device|list`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_app::venues::{add_device, add_station, add_venue, venue_named};
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json};
use crate::cli::{Global, VenueCommand};

pub async fn run(global: &Global, cmd: VenueCommand) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
    let campaign = current_campaign(app.repo.as_ref()).await?;
    let lang = global.lang.as_str();
    let actor = Actor::system("cli");
    match cmd {
        VenueCommand::Add { name, stations } => {
            let venue = add_venue(&app, campaign.id, &name, stations, &actor)
                .await
                .map_err(|e| app_error(e, lang))?;
            if global.json {
                print_json(&venue)?;
            } else {
                println!("{} #{} ({stations})", venue.name, venue.id);
            }
        }
        VenueCommand::AddStation { venue, name } => {
            let venue = venue_named(&app, campaign.id, &venue)
                .await
                .map_err(|e| app_error(e, lang))?;
            let station = add_station(&app, venue.id, &name, &actor)
                .await
                .map_err(|e| app_error(e, lang))?;
            if global.json {
                print_json(&station)?;
            } else {
                println!("{} #{}", station.name, station.id);
            }
        }
        VenueCommand::AddDevice { venue, name } => {
            let venue = venue_named(&app, campaign.id, &venue)
                .await
                .map_err(|e| app_error(e, lang))?;
            let (device, token) = add_device(&app, venue.id, &name, &actor)
                .await
                .map_err(|e| app_error(e, lang))?;
            if global.json {
                print_json(&serde_json::json!({ "device": device, "token": token }))?;
            } else {
                println!("{} #{} @ {}", device.name, device.id, venue.name);
                println!("token: {token}");
            }
        }
        VenueCommand::List => {
            let mut out = Vec::new();
            for venue in app.repo.venues(campaign.id).await? {
                let stations = app.repo.stations(venue.id).await?;
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
