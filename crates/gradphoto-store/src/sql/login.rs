//! Failed sign-ins, proof-code hashes and students' accounts: [`LoginRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{StudentId, User};
use sqlx::Row;

use super::{SqlRepo, accounts, from_millis, millis};
use crate::error::Result;
use crate::repo::LoginRepo;

#[async_trait]
impl LoginRepo for SqlRepo {
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(millis(forget_before))
            .execute(&mut *tx.tx)
            .await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(millis(at))
                .execute(&mut *tx.tx)
                .await?;
        }
        tx.commit().await
    }

    async fn login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
        let rows = sqlx::query("SELECT at FROM login_failures WHERE key = $1 AND at >= $2")
            .bind(key)
            .bind(millis(since))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| from_millis(r.try_get("at")?)).collect()
    }

    async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&mut *tx.tx)
            .await?;
        tx.commit().await
    }

    async fn student_proof_hashes(&self, student: StudentId) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT proof_hash FROM tickets WHERE student_id = $1 ORDER BY id")
            .bind(student.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get("proof_hash"))
            .collect::<Result<_, _>>()?)
    }

    async fn student_user(&self, student: StudentId) -> Result<Option<User>> {
        accounts::user_of_student(self, student).await
    }
}
