//! Venues, their capture stations, and desk devices: [`VenueRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::venue::parse_place_name;
use gradphoto_domain::{CampaignId, Device, DeviceId, Msg, Station, StationId, Venue, VenueId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlRepo, audit, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, VenueRepo};

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

/// A place to create: a venue under a campaign, or a station under a venue. Names are unique
/// under their parent.
struct NewPlace<'a> {
    /// `venues` or `stations`.
    table: &'static str,
    /// The parent's column: `campaign_id` or `venue_id`.
    parent: &'static str,
    parent_id: i64,
    name: &'a str,
    kind: (&'static str, &'static str),
}

/// Creates a place with its audit event, refusing a name its parent already has; `read` turns
/// the new row (`id`, the parent column, `name`) into the place.
async fn create_place<T: serde::Serialize>(
    repo: &SqlRepo,
    place: NewPlace<'_>,
    read: fn(&AnyRow) -> Result<T>,
    id_of: fn(&T) -> i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<T> {
    let NewPlace {
        table,
        parent,
        parent_id,
        name,
        kind,
    } = place;
    let name = parse_place_name(name).map_err(rejected)?;
    let mut tx = repo.write_tx().await?;
    let exists = sqlx::query(&format!(
        "SELECT id FROM {table} WHERE {parent} = $1 AND name = $2"
    ))
    .bind(parent_id)
    .bind(&name)
    .fetch_optional(&mut *tx.tx)
    .await?;
    if exists.is_some() {
        return Err(taken(kind.0, kind.1, &name));
    }
    let row = sqlx::query(&format!(
        "INSERT INTO {table} ({parent}, name) VALUES ($1, $2) RETURNING id, {parent}, name"
    ))
    .bind(parent_id)
    .bind(&name)
    .fetch_one(&mut *tx.tx)
    .await?;
    let created = read(&row)?;
    let after = serde_json::to_value(&created).ok();
    let subject = format!("{}:{}", kind.1, id_of(&created));
    let action = format!("{}.create", kind.1);
    audit::append(
        &mut tx.tx,
        actor,
        &action,
        &subject,
        None,
        after.as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

#[async_trait]
impl VenueRepo for SqlRepo {
    async fn create_venue(
        &self,
        campaign: CampaignId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Venue> {
        let place = NewPlace {
            table: "venues",
            parent: "campaign_id",
            parent_id: campaign.0,
            name,
            kind: ("场地", "venue"),
        };
        create_place(self, place, venue, |v| v.id.0, actor, now).await
    }

    async fn venues(&self, campaign: CampaignId) -> Result<Vec<Venue>> {
        sqlx::query("SELECT id, campaign_id, name FROM venues WHERE campaign_id = $1 ORDER BY id")
            .bind(campaign.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(venue)
            .collect()
    }

    async fn create_station(
        &self,
        venue_id: VenueId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Station> {
        let place = NewPlace {
            table: "stations",
            parent: "venue_id",
            parent_id: venue_id.0,
            name,
            kind: ("机位", "station"),
        };
        create_place(self, place, station, |s| s.id.0, actor, now).await
    }

    async fn stations(&self, venue_id: VenueId) -> Result<Vec<Station>> {
        sqlx::query("SELECT id, venue_id, name FROM stations WHERE venue_id = $1 ORDER BY id")
            .bind(venue_id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(station)
            .collect()
    }

    async fn station(&self, id: StationId) -> Result<Option<Station>> {
        sqlx::query("SELECT id, venue_id, name FROM stations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(station)
            .transpose()
    }

    async fn create_device(
        &self,
        venue_id: VenueId,
        name: &str,
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Device> {
        let name = parse_place_name(name).map_err(rejected)?;
        let mut tx = self.write_tx().await?;
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

    async fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>> {
        let row = sqlx::query("SELECT id, venue_id, name FROM devices WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
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
}
