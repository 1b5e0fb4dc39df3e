//! The append-only audit log: who did what to which subject, with the state before and after.
//! [`AuditRepo`] over SQL, and the one function every other area's writes append with.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::UserId;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{SqlRepo, from_millis, millis};
use crate::error::Result;
use crate::repo::{Actor, AuditEvent, AuditRepo};

/// Appends one event inside the caller's transaction, so the change and its record stand or
/// fall together.
pub(crate) async fn append(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events \
         (at, actor_user_id, actor, action, subject, before_json, after_json, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(millis(now))
    .bind(actor.user_id.map(|u| u.0))
    .bind(&actor.label)
    .bind(action)
    .bind(subject)
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .bind(actor.request_id.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl AuditRepo for SqlRepo {
    async fn append_audit(
        &self,
        actor: &Actor,
        action: &str,
        subject: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        append(&mut conn, actor, action, subject, before, after, now).await
    }

    async fn audit_events(&self, limit: i64) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }
}

pub(super) const EVENT_COLUMNS: &str =
    "id, at, actor_user_id, actor, action, subject, before_json, after_json, request_id";

pub(super) fn event_from_row(r: &AnyRow) -> Result<AuditEvent> {
    let json = |col: &str| -> Result<Option<serde_json::Value>> {
        let text: Option<String> = r.try_get(col)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    };
    Ok(AuditEvent {
        id: r.try_get("id")?,
        at: from_millis(r.try_get("at")?)?,
        actor_user_id: r.try_get::<Option<i64>, _>("actor_user_id")?.map(UserId),
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        before: json("before_json")?,
        after: json("after_json")?,
        request_id: r.try_get("request_id")?,
    })
}
