//! Resolving what a student shows at the desk to one student, and binding collection codes.

use chrono::{DateTime, Utc};
use gradphoto_domain::{CampaignId, ChsiCode, Credential, CredentialKind, Msg, StudentId};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::rows::{SELECT_STUDENT, student_view};
use super::{SqlRepo, audit, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, RosterRepo, StudentView};

/// Collection codes are opaque tokens: only their SHA-256 is kept.
fn code_hash(code: &ChsiCode) -> String {
    hex::encode(Sha256::digest(code.as_str().as_bytes()))
}

pub(super) async fn resolve(
    repo: &SqlRepo,
    campaign: CampaignId,
    credential: &Credential,
) -> Result<Option<StudentView>> {
    match credential {
        Credential::StudentNo(no) => repo.student_by_no(campaign, no).await,
        Credential::IdNumber(id) => {
            let row = sqlx::query(&format!(
                "{SELECT_STUDENT} WHERE s.campaign_id = $1 AND s.id_number = $2"
            ))
            .bind(campaign.0)
            .bind(id.as_str())
            .fetch_optional(&repo.pool)
            .await?;
            row.as_ref().map(student_view).transpose()
        }
        Credential::ChsiCode(code) => {
            let row = sqlx::query(&format!(
                "{SELECT_STUDENT} JOIN credentials k ON k.student_id = s.id \
                 WHERE k.campaign_id = $1 AND k.kind = $2 AND k.value_hash = $3"
            ))
            .bind(campaign.0)
            .bind(CredentialKind::ChsiCode.code())
            .bind(code_hash(code))
            .fetch_optional(&repo.pool)
            .await?;
            row.as_ref().map(student_view).transpose()
        }
    }
}

pub(super) async fn link_chsi_code(
    repo: &SqlRepo,
    campaign: CampaignId,
    code: &ChsiCode,
    student: StudentId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let hash = code_hash(code);
    let mut tx = repo.write_tx().await?;
    let bound = sqlx::query(
        "SELECT student_id FROM credentials WHERE campaign_id = $1 AND kind = $2 AND value_hash = $3",
    )
    .bind(campaign.0)
    .bind(CredentialKind::ChsiCode.code())
    .bind(&hash)
    .fetch_optional(&mut *tx.tx)
    .await?;
    if let Some(row) = bound {
        let other: i64 = row.try_get("student_id")?;
        if other == student.0 {
            return Ok(());
        }
        return Err(StoreError::Rejected(Msg::new(
            "这个采集码已关联到另一名学生；如确有错误，请联系教务处",
            "this collection code is bound to another student; ask the office if that is wrong",
        )));
    }
    let belongs = sqlx::query("SELECT id FROM students WHERE id = $1 AND campaign_id = $2")
        .bind(student.0)
        .bind(campaign.0)
        .fetch_optional(&mut *tx.tx)
        .await?;
    if belongs.is_none() {
        return Err(StoreError::NotFound(format!("student {student}")));
    }
    sqlx::query(
        "INSERT INTO credentials (campaign_id, student_id, kind, value_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(campaign.0)
    .bind(student.0)
    .bind(CredentialKind::ChsiCode.code())
    .bind(&hash)
    .bind(millis(now))
    .execute(&mut *tx.tx)
    .await?;
    let after = serde_json::json!({ "kind": "chsi_code", "value_hash": hash });
    let subject = format!("student:{student}");
    audit::append(
        &mut tx.tx,
        actor,
        "credential.link",
        &subject,
        None,
        Some(&after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
