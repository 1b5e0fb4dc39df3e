//! Venues: the places where photos are taken, their capture stations, and the desk devices
//! registered to them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{CampaignId, Device, Station, StationId, Venue, VenueId};

use super::Actor;
use crate::error::Result;

#[async_trait]
pub trait VenueRepo: Send + Sync {
    async fn create_venue(
        &self,
        campaign: CampaignId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Venue>;
    async fn venues(&self, campaign: CampaignId) -> Result<Vec<Venue>>;
    async fn create_station(
        &self,
        venue: VenueId,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Station>;
    async fn stations(&self, venue: VenueId) -> Result<Vec<Station>>;
    async fn station(&self, id: StationId) -> Result<Option<Station>>;
    /// Registers a desk device; `token_hash` is the SHA-256 (hex) of its bearer token.
    async fn create_device(
        &self,
        venue: VenueId,
        name: &str,
        token_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Device>;
    async fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>>;
}
