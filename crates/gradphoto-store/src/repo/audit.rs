//! The audit log: who did what to which subject, with the state before and after.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Actor, AuditEvent};
use crate::error::Result;

#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Records an event that changes no other table (a login, a refused attempt).
    async fn append_audit(
        &self,
        actor: &Actor,
        action: &str,
        subject: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The newest audit events first.
    async fn audit_events(&self, limit: i64) -> Result<Vec<AuditEvent>>;
}
