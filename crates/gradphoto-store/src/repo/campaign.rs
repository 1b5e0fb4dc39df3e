//! Campaigns: one cohort's collection, e.g. 2023届毕业生图像信息采集. Rosters and venues
//! belong to one.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{Campaign, CampaignId, NewCampaign};

use super::Actor;
use crate::error::Result;

#[async_trait]
pub trait CampaignRepo: Send + Sync {
    async fn create_campaign(
        &self,
        new: &NewCampaign,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Campaign>;
    async fn campaigns(&self) -> Result<Vec<Campaign>>;
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>>;
    /// The campaign the system works on: the newest one.
    async fn current_campaign(&self) -> Result<Option<Campaign>>;
}
