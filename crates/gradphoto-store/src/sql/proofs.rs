//! The proof window and the students' answers: [`ProofRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::proof::{ProofState, ProofWindow};
use gradphoto_domain::{CampaignId, Msg, PhotoId, StudentId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlRepo, audit, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, NewProof, Proof, ProofRepo};

const COLUMNS: &str = "id, student_id, state, locked, photo_id, issues, by_user_id, at";

fn date(raw: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("date {raw:?}")))
}

fn from_row(r: &AnyRow) -> Result<Proof> {
    let state: String = r.try_get("state")?;
    let issues: String = r.try_get("issues")?;
    Ok(Proof {
        id: r.try_get("id")?,
        student_id: StudentId(r.try_get("student_id")?),
        state: ProofState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("proof state {state:?}")))?,
        locked: r.try_get::<i64, _>("locked")? != 0,
        photo_id: r.try_get::<Option<i64>, _>("photo_id")?.map(PhotoId),
        issues: serde_json::from_str(&issues)
            .map_err(|e| StoreError::Corrupt(format!("proof issues: {e}")))?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        at: from_millis(r.try_get("at")?)?,
    })
}

#[async_trait]
impl ProofRepo for SqlRepo {
    async fn proof_window(&self, campaign: CampaignId) -> Result<Option<ProofWindow>> {
        let row =
            sqlx::query("SELECT opens_on, closes_on FROM proof_windows WHERE campaign_id = $1")
                .bind(campaign.0)
                .fetch_optional(&self.pool)
                .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(ProofWindow {
                opens_on: date(&r.try_get::<String, _>("opens_on")?)?,
                closes_on: date(&r.try_get::<String, _>("closes_on")?)?,
            })),
        }
    }

    async fn set_proof_window(
        &self,
        campaign: CampaignId,
        window: Option<ProofWindow>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self.proof_window(campaign).await?;
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM proof_windows WHERE campaign_id = $1")
            .bind(campaign.0)
            .execute(&mut *tx.tx)
            .await?;
        if let Some(w) = window {
            sqlx::query(
                "INSERT INTO proof_windows (campaign_id, opens_on, closes_on) VALUES ($1, $2, $3)",
            )
            .bind(campaign.0)
            .bind(w.opens_on.to_string())
            .bind(w.closes_on.to_string())
            .execute(&mut *tx.tx)
            .await?;
        }
        audit::append(
            &mut tx.tx,
            actor,
            "proof.window",
            &format!("campaign:{campaign}"),
            serde_json::to_value(before).ok().as_ref(),
            serde_json::to_value(window).ok().as_ref(),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn record_proof(
        &self,
        proof: &NewProof,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Proof> {
        let mut tx = self.write_tx().await?;
        let current = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM proofs WHERE student_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(proof.student_id.0)
        .fetch_optional(&mut *tx.tx)
        .await?
        .map(|r| from_row(&r))
        .transpose()?;
        if current.as_ref().is_some_and(|p| p.locked) {
            return Err(StoreError::Rejected(Msg::new(
                "你已确认信息并锁定，不能再修改；如确有错误，请联系学院或教务处",
                "you confirmed and locked your record: it cannot be changed any more; if something is wrong, ask your college or the office",
            )));
        }
        let issues = serde_json::to_string(&proof.issues)
            .map_err(|e| StoreError::Corrupt(format!("proof issues: {e}")))?;
        let row = sqlx::query(&format!(
            "INSERT INTO proofs (student_id, state, locked, photo_id, issues, by_user_id, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        ))
        .bind(proof.student_id.0)
        .bind(proof.state.code())
        .bind(i64::from(proof.locked))
        .bind(proof.photo_id.map(|p| p.0))
        .bind(&issues)
        .bind(actor.user_id.map(|u| u.0))
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let stored = from_row(&row)?;
        audit::append(
            &mut tx.tx,
            actor,
            "proof.answer",
            &format!("student:{}", proof.student_id),
            current
                .as_ref()
                .and_then(|c| serde_json::to_value(c).ok())
                .as_ref(),
            serde_json::to_value(&stored).ok().as_ref(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn proofs(&self, student: StudentId) -> Result<Vec<Proof>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM proofs WHERE student_id = $1 ORDER BY id DESC"
        ))
        .bind(student.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
