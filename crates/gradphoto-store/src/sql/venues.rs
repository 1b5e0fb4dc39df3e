//! Venues, their capture stations, and desk devices.

use chrono::{DateTime, Utc};
use gradphoto_domain::venue::parse_place_name;
use gradphoto_domain::{CampaignId, Device, DeviceId, Msg, Station, StationId, Venue, VenueId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlRepo, audit, millis};
use crate::error::{Result, StoreError};
use crate::repo::Actor;

fn rejected(m: Msg) -> StoreError {
    StoreError::Rejected(m)
}

fn taken(kind_zh: &str, kind_en: &str, name: &str) -> StoreError {
    rejected(Msg::new(
        format!("{kind_zh}“{name}”已存在"),
        format!("a {kind_en} named \"{name}\" exists already"),
    ))
}

fn venue(r: &AnyRow) -> Result<Venue> {
    Ok(Venue {
        id: VenueId(r.try_get("id")?),
        campaign_id: CampaignId(r.try_get("campaign_id")?),
        name: r.try_get("name")?,
    })
}

fn station(r: &AnyRow) -> Result<Station> {
    Ok(Station {
        id: StationId(r.try_get("id")?),
        venue_id: VenueId(r.try_get("venue_id")?),
        name: r.try_get("name")?,
    })
}

pub(super) async fn create_venue(
    repo: &SqlRepo,
    campaign: CampaignId,
    name: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Venue> {
    let name = parse_place_name(name).map_err(rejected)?;
    let mut tx = repo.write_tx().await?;
    let exists = sqlx::query("SELECT id FROM venues WHERE campaign_id = $1 AND name = $2")
        .bind(campaign.0)
        .bind(&name)
        .fetch_optional(&mut *tx.tx)
        .await?;
    if exists.is_some() {
        return Err(taken("场地", "venue", &name));
    }
    let row = sqlx::query(
        "INSERT INTO venues (campaign_id, name) VALUES ($1, $2) RETURNING id, campaign_id, name",
    )
    .bind(campaign.0)
    .bind(&name)
    .fetch_one(&mut *tx.tx)
    .await?;
    let v = venue(&row)?;
    let after = serde_json::to_value(&v).ok();
    let subject = format!("venue:{}", v.id);
    audit::append(
        &mut tx.tx,
        actor,
        "venue.create",
        &subject,
        None,
        after.as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

pub(super) async fn venues(repo: &SqlRepo, campaign: CampaignId) -> Result<Vec<Venue>> {
    sqlx::query("SELECT id, campaign_id, name FROM venues WHERE campaign_id = $1 ORDER BY id")
        .bind(campaign.0)
        .fetch_all(&repo.pool)
        .await?
        .iter()
        .map(venue)
        .collect()
}

pub(super) async fn create_station(
    repo: &SqlRepo,
    venue_id: VenueId,
    name: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Station> {
    let name = parse_place_name(name).map_err(rejected)?;
    let mut tx = repo.write_tx().await?;
    let exists = sqlx::query("SELECT id FROM stations WHERE venue_id = $1 AND name = $2")
        .bind(venue_id.0)
        .bind(&name)
        .fetch_optional(&mut *tx.tx)
        .await?;
    if exists.is_some() {
        return Err(taken("机位", "station", &name));
    }
    let row = sqlx::query(
        "INSERT INTO stations (venue_id, name) VALUES ($1, $2) RETURNING id, venue_id, name",
    )
    .bind(venue_id.0)
    .bind(&name)
    .fetch_one(&mut *tx.tx)
    .await?;
    let s = station(&row)?;
    let after = serde_json::to_value(&s).ok();
    let subject = format!("station:{}", s.id);
    audit::append(
        &mut tx.tx,
        actor,
        "station.create",
        &subject,
        None,
        after.as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

pub(super) async fn stations(repo: &SqlRepo, venue_id: VenueId) -> Result<Vec<Station>> {
    sqlx::query("SELECT id, venue_id, name FROM stations WHERE venue_id = $1 ORDER BY id")
        .bind(venue_id.0)
        .fetch_all(&repo.pool)
        .await?
        .iter()
        .map(station)
        .collect()
}

pub(super) async fn station_by_id(repo: &SqlRepo, id: StationId) -> Result<Option<Station>> {
    sqlx::query("SELECT id, venue_id, name FROM stations WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&repo.pool)
        .await?
        .as_ref()
        .map(station)
        .transpose()
}

pub(super) async fn create_device(
    repo: &SqlRepo,
    venue_id: VenueId,
    name: &str,
    token_hash: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Device> {
    let name = parse_place_name(name).map_err(rejected)?;
    let mut tx = repo.write_tx().await?;
    let row = sqlx::query(
        "INSERT INTO devices (venue_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(venue_id.0)
    .bind(&name)
    .bind(token_hash)
    .bind(millis(now))
    .fetch_one(&mut *tx.tx)
    .await?;
    let device = Device {
        id: DeviceId(row.try_get("id")?),
        venue_id,
        name,
    };
    let after = serde_json::to_value(&device).ok();
    let subject = format!("device:{}", device.id);
    audit::append(
        &mut tx.tx,
        actor,
        "device.create",
        &subject,
        None,
        after.as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(device)
}

pub(super) async fn device_by_token(repo: &SqlRepo, token_hash: &str) -> Result<Option<Device>> {
    let row = sqlx::query("SELECT id, venue_id, name FROM devices WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&repo.pool)
        .await?;
    row.map(|r| {
        Ok(Device {
            id: DeviceId(r.try_get("id")?),
            venue_id: VenueId(r.try_get("venue_id")?),
            name: r.try_get("name")?,
        })
    })
    .transpose()
}
