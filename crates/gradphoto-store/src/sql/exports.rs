//! Exports over SQL ([`ExportRepo`]): the campaign's students with their current photo,
//! newest answer and ticket in one query, and the packages made with their students.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::proof::ProofState;
use gradphoto_domain::{CampaignId, FrameId, PhotoId, StudentId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlRepo, audit, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{
    Actor, CurrentPhoto, ExportBatch, ExportCandidate, ExportItem, ExportRepo, JobId,
    NewExportBatch,
};

const BATCH_COLUMNS: &str = "id, campaign_id, job_id, profile, selection, since_batch_id, \
     students, left_out, bytes, blob_key, manifest_sha256, by_user_id, by_label, at";

/// Items written per statement.
const ITEMS_PER_INSERT: usize = 200;

fn batch_from_row(r: &AnyRow) -> Result<ExportBatch> {
    let selection: String = r.try_get("selection")?;
    Ok(ExportBatch {
        id: r.try_get("id")?,
        campaign_id: CampaignId(r.try_get("campaign_id")?),
        job_id: r.try_get::<Option<i64>, _>("job_id")?.map(JobId),
        profile: r.try_get("profile")?,
        selection: serde_json::from_str(&selection)
            .map_err(|e| StoreError::Corrupt(format!("export selection: {e}")))?,
        since_batch_id: r.try_get("since_batch_id")?,
        students: r.try_get("students")?,
        left_out: r.try_get("left_out")?,
        bytes: r.try_get("bytes")?,
        blob_key: r.try_get("blob_key")?,
        manifest_sha256: r.try_get("manifest_sha256")?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        by_label: r.try_get("by_label")?,
        at: from_millis(r.try_get("at")?)?,
    })
}

fn candidate_from_row(r: &AnyRow) -> Result<ExportCandidate> {
    let photo = match r.try_get::<Option<i64>, _>("photo_id")? {
        None => None,
        Some(id) => Some(CurrentPhoto {
            photo_id: PhotoId(id),
            frame_id: FrameId(r.try_get("frame_id")?),
            blob_key: r.try_get("blob_key")?,
            ticket_seq: r.try_get("ticket_seq")?,
            overridden: r.try_get::<i64, _>("overrides")? > 0,
        }),
    };
    let proof = match r.try_get::<Option<String>, _>("proof_state")? {
        None => None,
        Some(code) => Some((
            ProofState::parse(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("proof state {code}")))?,
            r.try_get::<Option<i64>, _>("proof_photo_id")?.map(PhotoId),
        )),
    };
    Ok(ExportCandidate {
        student_id: StudentId(r.try_get("sid")?),
        student_no: r.try_get("student_no")?,
        name: r.try_get("name")?,
        id_number: r.try_get("id_number")?,
        class_code: r.try_get("class_code")?,
        college_name: r.try_get("college_name")?,
        photo,
        proof,
    })
}

#[async_trait]
impl ExportRepo for SqlRepo {
    async fn export_candidates(&self, campaign: CampaignId) -> Result<Vec<ExportCandidate>> {
        let rows = sqlx::query(
            "SELECT s.id AS sid, s.student_no, s.name, s.id_number, c.code AS class_code, \
             g.name AS college_name, ph.id AS photo_id, ph.frame_id, f.blob_key, \
             t.seq AS ticket_seq, \
             (SELECT COUNT(*) FROM verdict_overrides o WHERE o.frame_id = ph.frame_id) \
               AS overrides, \
             pf.state AS proof_state, pf.photo_id AS proof_photo_id \
             FROM students s JOIN classes c ON c.id = s.class_id \
             LEFT JOIN colleges g ON g.id = c.college_id \
             LEFT JOIN photos ph ON ph.student_id = s.id AND ph.superseded_at IS NULL \
             LEFT JOIN frames f ON f.id = ph.frame_id \
             LEFT JOIN tickets t ON t.id = f.ticket_id \
             LEFT JOIN proofs pf ON pf.student_id = s.id \
                  AND pf.id = (SELECT MAX(p2.id) FROM proofs p2 WHERE p2.student_id = s.id) \
             WHERE s.campaign_id = $1 ORDER BY c.code, s.student_no",
        )
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(candidate_from_row).collect()
    }

    async fn record_export_batch(
        &self,
        batch: &NewExportBatch,
        items: &[ExportItem],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<ExportBatch> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO export_batches (campaign_id, job_id, profile, selection, \
             since_batch_id, students, left_out, bytes, blob_key, manifest_sha256, by_user_id, \
             by_label, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             RETURNING {BATCH_COLUMNS}"
        ))
        .bind(batch.campaign_id.0)
        .bind(batch.job_id.map(|j| j.0))
        .bind(&batch.profile)
        .bind(batch.selection.to_string())
        .bind(batch.since_batch_id)
        .bind(i64::try_from(items.len()).unwrap_or(i64::MAX))
        .bind(batch.left_out)
        .bind(batch.bytes)
        .bind(&batch.blob_key)
        .bind(&batch.manifest_sha256)
        .bind(actor.user_id.map(|u| u.0))
        .bind(&actor.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let stored = batch_from_row(&row)?;
        for chunk in items.chunks(ITEMS_PER_INSERT) {
            let values = (0..chunk.len())
                .map(|i| {
                    let p = |k: usize| self.dialect.placeholder(i * 5 + k);
                    format!("({}, {}, {}, {}, {})", p(1), p(2), p(3), p(4), p(5))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO export_items (batch_id, student_id, photo_id, data_sha256, entry) \
                 VALUES {values}"
            );
            let mut q = sqlx::query(&sql);
            for item in chunk {
                q = q
                    .bind(stored.id)
                    .bind(item.student_id.0)
                    .bind(item.photo_id.0)
                    .bind(&item.data_sha256)
                    .bind(&item.entry);
            }
            q.execute(&mut *tx.tx).await?;
        }
        audit::append(
            &mut tx.tx,
            actor,
            "export.registry",
            &format!("export:{}", stored.id),
            None,
            Some(&serde_json::json!({
                "profile": stored.profile,
                "students": stored.students,
                "left_out": stored.left_out,
                "since": stored.since_batch_id,
                "blob_key": stored.blob_key,
            })),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn export_batches(&self, campaign: CampaignId) -> Result<Vec<ExportBatch>> {
        let rows = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM export_batches WHERE campaign_id = $1 ORDER BY id DESC"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(batch_from_row).collect()
    }

    async fn export_batch(&self, id: i64) -> Result<Option<ExportBatch>> {
        let row = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM export_batches WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(batch_from_row).transpose()
    }

    async fn export_items(&self, batch: i64) -> Result<Vec<ExportItem>> {
        let rows = sqlx::query(
            "SELECT student_id, photo_id, data_sha256, entry FROM export_items \
             WHERE batch_id = $1 ORDER BY student_id",
        )
        .bind(batch)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ExportItem {
                    student_id: StudentId(r.try_get("student_id")?),
                    photo_id: PhotoId(r.try_get("photo_id")?),
                    data_sha256: r.try_get("data_sha256")?,
                    entry: r.try_get("entry")?,
                })
            })
            .collect()
    }
}
