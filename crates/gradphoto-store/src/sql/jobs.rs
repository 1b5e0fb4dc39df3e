//! Jobs and leases over SQL: [`JobRepo`] and [`LeaseRepo`].
//!
//! A claim is one `UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING …`. On PostgreSQL, where
//! workers claim at the same moment, the inner select locks the row it picks and skips rows
//! other claimers have locked (`FOR UPDATE SKIP LOCKED`), so concurrent claims take different
//! jobs instead of queueing behind one another. SQLite has one writer, and the claim runs in its
//! write transaction like every other write, so there the same statement needs no lock clause.
//!
//! Every report of a worker (heartbeat, progress, finish) is an `UPDATE` guarded by `claimed_by
//! = worker AND state = 'running'`, so once another worker has taken the job over, or it has
//! ended, the old worker's writes change nothing and it learns that from the rows affected.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Dialect, SqlRepo, audit, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Job, JobId, JobOutcome, JobRepo, JobState, LeaseRepo, NewJob};

const COLUMNS: &str = "id, kind, params, state, progress_done, progress_total, progress_note, \
     result, error, attempts, claimed_by, heartbeat_at, created_by, created_at, started_at, \
     finished_at";

impl Dialect {
    /// What a claim's inner select ends with: on PostgreSQL, lock the row picked and pass over
    /// those other claimers hold; SQLite's single writer makes the claim exclusive already.
    fn lock_unclaimed(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }
}

fn corrupt(id: i64, what: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("job {id} {what}: {why}"))
}

fn from_row(r: &AnyRow) -> Result<Job> {
    let id: i64 = r.try_get("id")?;
    let json = |col: &str, text: String| {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| corrupt(id, col, e))
    };
    let time = |col: &str| -> Result<Option<DateTime<Utc>>> {
        r.try_get::<Option<i64>, _>(col)?
            .map(from_millis)
            .transpose()
    };
    let state: String = r.try_get("state")?;
    Ok(Job {
        id: JobId(id),
        kind: r.try_get("kind")?,
        params: json("params", r.try_get("params")?)?,
        state: JobState::from_code(&state).ok_or_else(|| corrupt(id, "state", &state))?,
        progress_done: r.try_get("progress_done")?,
        progress_total: r.try_get("progress_total")?,
        progress_note: r.try_get("progress_note")?,
        result: r
            .try_get::<Option<String>, _>("result")?
            .map(|t| json("result", t))
            .transpose()?,
        error: r.try_get("error")?,
        attempts: r.try_get("attempts")?,
        claimed_by: r.try_get("claimed_by")?,
        heartbeat_at: time("heartbeat_at")?,
        created_by: r.try_get("created_by")?,
        created_at: from_millis(r.try_get("created_at")?)?,
        started_at: time("started_at")?,
        finished_at: time("finished_at")?,
    })
}

#[async_trait]
impl JobRepo for SqlRepo {
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> Result<Job> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO jobs (kind, params, state, progress_done, attempts, created_by, \
             created_at) VALUES ($1, $2, 'queued', 0, 0, $3, $4) RETURNING {COLUMNS}"
        ))
        .bind(&job.kind)
        .bind(job.params.to_string())
        .bind(&job.created_by.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let queued = from_row(&row)?;
        let after = serde_json::json!({ "kind": job.kind, "params": job.params });
        audit::append(
            &mut tx.tx,
            &job.created_by,
            "job.enqueue",
            &format!("job:{}", queued.id),
            None,
            Some(&after),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(queued)
    }

    async fn claim_job(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Option<Job>> {
        // `state IN ('queued', 'running')` is the `jobs_open` index's condition, spelled the
        // same so SQLite uses the index; the second condition picks the claimable ones of those.
        let sql = format!(
            "UPDATE jobs SET state = 'running', claimed_by = $1, heartbeat_at = $2, \
             started_at = COALESCE(started_at, $2), attempts = attempts + 1, \
             progress_done = 0, progress_total = NULL, progress_note = NULL \
             WHERE id = (SELECT id FROM jobs WHERE state IN ('queued', 'running') \
             AND (state = 'queued' OR heartbeat_at < $3) ORDER BY id LIMIT 1{lock}) \
             RETURNING {COLUMNS}",
            lock = self.dialect.lock_unclaimed(),
        );
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&sql)
            .bind(worker)
            .bind(millis(now))
            .bind(millis(stale_before))
            .fetch_optional(&mut *tx.tx)
            .await?;
        let job = row.as_ref().map(from_row).transpose()?;
        tx.commit().await?;
        Ok(job)
    }

    async fn job_heartbeat(&self, id: JobId, worker: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE jobs SET heartbeat_at = $3 \
             WHERE id = $1 AND claimed_by = $2 AND state = 'running'",
        )
        .bind(id.0)
        .bind(worker)
        .bind(millis(now))
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn release_job(&self, id: JobId, worker: &str) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE jobs SET state = 'queued', claimed_by = NULL, heartbeat_at = NULL, \
             attempts = attempts - 1, progress_done = 0, progress_total = NULL, \
             progress_note = NULL \
             WHERE id = $1 AND claimed_by = $2 AND state = 'running'",
        )
        .bind(id.0)
        .bind(worker)
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn job_progress(
        &self,
        id: JobId,
        worker: &str,
        done: i64,
        total: Option<i64>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(
            "UPDATE jobs SET progress_done = $3, progress_total = $4, progress_note = $5, \
             heartbeat_at = $6 WHERE id = $1 AND claimed_by = $2 AND state = 'running'",
        )
        .bind(id.0)
        .bind(worker)
        .bind(done)
        .bind(total)
        .bind(note)
        .bind(millis(now))
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn finish_job(
        &self,
        id: JobId,
        worker: &str,
        outcome: &JobOutcome,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let (state, result, error) = match outcome {
            JobOutcome::Done(result) => (JobState::Done, Some(result.to_string()), None),
            JobOutcome::Failed(error) => (JobState::Failed, None, Some(error.as_str())),
        };
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(
            "UPDATE jobs SET state = $3, result = $4, error = $5, heartbeat_at = $6, \
             finished_at = $6 WHERE id = $1 AND claimed_by = $2 AND state = 'running'",
        )
        .bind(id.0)
        .bind(worker)
        .bind(state.code())
        .bind(result)
        .bind(error)
        .bind(millis(now))
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(updated.rows_affected() == 1)
    }

    async fn job(&self, id: JobId) -> Result<Option<Job>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    async fn jobs(&self, limit: i64) -> Result<Vec<Job>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM jobs ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}

#[async_trait]
impl LeaseRepo for SqlRepo {
    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: TimeDelta,
    ) -> Result<bool> {
        let now_ms = millis(now);
        let until = now_ms.saturating_add(ttl.num_milliseconds());
        // One statement on both databases: the insert takes a free lease; on a taken one, the
        // update's condition lets only its holder (renewing) or anyone after it expired through.
        // A lease left as it was affects no row. On PostgreSQL two takers of a free lease meet
        // at the primary key, and the second sees the first's row, held and live: refused.
        let mut tx = self.write_tx().await?;
        let taken = sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
             expires_at = excluded.expires_at \
             WHERE leases.holder = excluded.holder OR leases.expires_at <= $4",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now_ms)
        .execute(&mut *tx.tx)
        .await?;
        tx.commit().await?;
        Ok(taken.rows_affected() == 1)
    }

    async fn release_lease(&self, name: &str, holder: &str) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let released = sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&mut *tx.tx)
            .await?;
        tx.commit().await?;
        Ok(released.rows_affected() == 1)
    }
}
