//! Campaigns: [`CampaignRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{Campaign, CampaignId, Fen, NewCampaign};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlRepo, audit, from_millis, millis};
use crate::error::Result;
use crate::repo::{Actor, CampaignRepo};

const COLUMNS: &str = "id, cohort, title, fee_fen, prints_per_student, created_at";

fn from_row(r: &AnyRow) -> Result<Campaign> {
    Ok(Campaign {
        id: CampaignId(r.try_get("id")?),
        cohort: i32::try_from(r.try_get::<i64, _>("cohort")?).unwrap_or_default(),
        title: r.try_get("title")?,
        fee_fen: Fen(r.try_get("fee_fen")?),
        prints_per_student: r.try_get("prints_per_student")?,
        created_at: from_millis(r.try_get("created_at")?)?,
    })
}

#[async_trait]
impl CampaignRepo for SqlRepo {
    async fn create_campaign(
        &self,
        new: &NewCampaign,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Campaign> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO campaigns (cohort, title, fee_fen, prints_per_student, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(i64::from(new.cohort))
        .bind(&new.title)
        .bind(new.fee_fen.0)
        .bind(new.prints_per_student)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let campaign = from_row(&row)?;
        let after = serde_json::to_value(&campaign).ok();
        audit::append(
            &mut tx.tx,
            actor,
            "campaign.create",
            &format!("campaign:{}", campaign.id),
            None,
            after.as_ref(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(campaign)
    }

    async fn campaigns(&self) -> Result<Vec<Campaign>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM campaigns ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(from_row).collect()
    }

    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM campaigns WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    async fn current_campaign(&self) -> Result<Option<Campaign>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM campaigns ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
