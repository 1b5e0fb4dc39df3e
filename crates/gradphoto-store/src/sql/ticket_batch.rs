//! Group commit of check-ins on SQLite. SQLite has one writer; in a rush every check-in waits
//! for the ones before it, each paying for its own `BEGIN`, counter update and `COMMIT` (the
//! write of every page it touched to the log). Here check-ins queue for one writer task, which
//! takes everything that has queued while the previous batch was written and issues it in one
//! transaction: numbers are still consecutive, allocated in the transaction that stores the
//! tickets, and nobody hears of a number before its transaction is committed.
//!
//! A request that re-issues (voids a live ticket) goes the single way, and so does every
//! request of a batch that fails as a whole, so one bad request never fails its neighbours.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use gradphoto_domain::VenueId;
use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use super::SqlRepo;
use super::tickets::{self, day_text, insert_ticket, is_unique_violation, live_in, record_issue};
use crate::error::{Result, StoreError};
use crate::queue::{IssueOutcome, IssueRequest};
use crate::repo::Actor;

/// Most check-ins written in one transaction.
const MAX_BATCH: usize = 128;
/// Check-ins that may wait for the writer before senders wait for room.
const QUEUE: usize = 4096;

struct Job {
    req: IssueRequest,
    actor: Actor,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<IssueOutcome>>,
}

/// The check-in queue of a SQLite repository.
#[derive(Debug, Clone)]
pub(crate) struct IssueQueue {
    jobs: mpsc::Sender<Job>,
}

impl IssueQueue {
    /// Starts the writer task; it ends when the last queue handle is dropped.
    pub(crate) fn start(repo: SqlRepo) -> Self {
        let (jobs, queued) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(repo, queued));
        Self { jobs }
    }

    pub(crate) async fn issue(
        &self,
        req: &IssueRequest,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<IssueOutcome> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            req: req.clone(),
            actor: actor.clone(),
            now,
            reply,
        };
        let gone = || StoreError::Corrupt("the check-in writer has stopped".to_owned());
        self.jobs.send(job).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn write_batches(repo: SqlRepo, mut queued: mpsc::Receiver<Job>) {
    while let Some(first) = queued.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queued.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (single, batch): (Vec<Job>, Vec<Job>) = batch
            .into_iter()
            .partition(|j| j.req.reissue_reason.is_some());
        let mut alone = single;
        if !batch.is_empty() {
            match issue_batch(&repo, &batch).await {
                Ok(outcomes) => {
                    for (job, outcome) in batch.into_iter().zip(outcomes) {
                        // A caller that gave up (its request was cancelled) is not an error.
                        let _ = job.reply.send(Ok(outcome));
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, size = batch.len(), "check-in batch failed; one by one");
                    alone.extend(batch);
                }
            }
        }
        for job in alone {
            let outcome = tickets::issue(&repo, &job.req, &job.actor, job.now).await;
            let _ = job.reply.send(outcome);
        }
    }
}

/// Issues every request of the batch in one transaction, in order.
async fn issue_batch(repo: &SqlRepo, batch: &[Job]) -> Result<Vec<IssueOutcome>> {
    let mut tx = repo.write_tx().await?;
    let mut last: HashMap<(VenueId, String), i64> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        let req = &job.req;
        let key = (req.venue_id, day_text(req.day));
        let seq = match last.get(&key) {
            Some(n) => n + 1,
            None => {
                let stored = sqlx::query(
                    "SELECT last_seq FROM ticket_counters WHERE venue_id = $1 AND day = $2",
                )
                .bind(key.0.0)
                .bind(&key.1)
                .fetch_optional(&mut *tx.tx)
                .await?;
                match stored {
                    Some(row) => row.try_get::<i64, _>("last_seq")? + 1,
                    None => 1,
                }
            }
        };
        // SQLite undoes only the failing statement: the batch goes on, the number unused.
        let ticket = match insert_ticket(&mut tx.tx, req, seq, job.now).await {
            Err(e) if is_unique_violation(&e) => {
                let held = live_in(&mut tx.tx, req.student_id, req.day)
                    .await?
                    .ok_or(e)?;
                outcomes.push(IssueOutcome {
                    ticket: held,
                    existing: true,
                });
                continue;
            }
            other => other?,
        };
        record_issue(&mut tx.tx, req, &ticket, &job.actor, job.now).await?;
        last.insert(key, seq);
        outcomes.push(IssueOutcome {
            ticket,
            existing: false,
        });
    }
    for ((venue, day), seq) in &last {
        sqlx::query(
            "INSERT INTO ticket_counters (venue_id, day, last_seq) VALUES ($1, $2, $3) \
             ON CONFLICT (venue_id, day) DO UPDATE SET last_seq = excluded.last_seq",
        )
        .bind(venue.0)
        .bind(day)
        .bind(*seq)
        .execute(&mut *tx.tx)
        .await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}
