//! Venues, their capture stations and their desk devices (card readers, scanners with a small
//! bridge program), as an administrator sets them up before the day.

use gradphoto_domain::{CampaignId, Device, Msg, Station, Venue, VenueId};
use gradphoto_store::Actor;

use crate::App;
use crate::accounts::new_device_token;
use crate::error::{AppError, Result};

/// A venue of the campaign by its name.
pub async fn venue_named(app: &App, campaign: CampaignId, name: &str) -> Result<Venue> {
    let venues = app.repo.venues(campaign).await?;
    venues
        .into_iter()
        .find(|v| v.name == name.trim())
        .ok_or_else(|| {
            AppError::NotFound(Msg::new(
                format!("没有名为“{name}”的场地：先运行 gradphoto venue add {name}"),
                format!("there is no venue \"{name}\": run gradphoto venue add {name} first"),
            ))
        })
}

/// Creates a venue with `stations` capture stations named 1号机位, 2号机位, ….
pub async fn add_venue(
    app: &App,
    campaign: CampaignId,
    name: &str,
    stations: u32,
    actor: &Actor,
) -> Result<Venue> {
    let now = app.clock.now();
    let venue = app.repo.create_venue(campaign, name, actor, now).await?;
    for n in 1..=stations {
        app.repo
            .create_station(venue.id, &format!("{n}号机位"), actor, now)
            .await?;
    }
    Ok(venue)
}

pub async fn add_station(app: &App, venue: VenueId, name: &str, actor: &Actor) -> Result<Station> {
    Ok(app
        .repo
        .create_station(venue, name, actor, app.clock.now())
        .await?)
}

/// Registers a desk device; returns it with its bearer token, which exists only here (the
/// database keeps the hash): show it once to whoever sets the device up.
pub async fn add_device(
    app: &App,
    venue: VenueId,
    name: &str,
    actor: &Actor,
) -> Result<(Device, String)> {
    let (token, hash) = new_device_token(app.random.as_ref());
    let device = app
        .repo
        .create_device(venue, name, &hash, actor, app.clock.now())
        .await?;
    Ok((device, token))
}
