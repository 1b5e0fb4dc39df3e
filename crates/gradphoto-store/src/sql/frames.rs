//! Frames: recording what a capture station received — bound to the ticket the station had
//! called when it arrived, or an orphan — and reading them back. [`CaptureRepo`] over SQL is
//! here; the operator's decisions on frames, and the photos they make, are in `photos.rs`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::frame::not_called_any_more;
use gradphoto_domain::{
    Frame, FrameId, FrameSource, FrameState, FrameVerdict, Msg, Photo, StationId, StudentId,
    TicketId, VenueId,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::tickets::called_in;
use super::{SqlRepo, audit, from_millis, millis, photos};
use crate::capture::{FrameDecision, FrameOutcome, NewFrame, StoredVerdict, StudentPhotos};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, CaptureRepo};

/// A frame's columns with its newest verdict: `FROM frames f LEFT JOIN verdicts v …`.
pub(super) const SELECT_FRAME: &str = "SELECT f.id, f.station_id, f.source, f.sha256, \
     f.blob_key, f.thumb_key, f.preview_key, f.original_name, f.bytes, f.width, f.height, \
     f.ticket_id, f.student_id, f.state, f.arrived_at, f.decided_at, f.decided_reason, \
     v.pack, v.overall, v.reason_zh, v.reason_en \
     FROM frames f LEFT JOIN verdicts v ON v.frame_id = f.id AND v.judged_at = \
     (SELECT MAX(judged_at) FROM verdicts w WHERE w.frame_id = f.id)";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("frame {what} {value:?}"))
}

pub(super) fn frame_from_row(r: &AnyRow) -> Result<Frame> {
    let source: String = r.try_get("source")?;
    let state: String = r.try_get("state")?;
    let verdict = match r.try_get::<Option<String>, _>("pack")? {
        Some(pack) => Some(FrameVerdict {
            pack,
            overall: r.try_get("overall")?,
            reason: Msg::new(
                r.try_get::<String, _>("reason_zh")?,
                r.try_get::<String, _>("reason_en")?,
            ),
        }),
        None => None,
    };
    let size = |col: &str| -> Result<u32> {
        let v: i64 = r.try_get(col)?;
        u32::try_from(v).map_err(|_| corrupt(col, &v.to_string()))
    };
    Ok(Frame {
        id: FrameId(r.try_get("id")?),
        station_id: StationId(r.try_get("station_id")?),
        source: FrameSource::from_code(&source).ok_or_else(|| corrupt("source", &source))?,
        sha256: r.try_get("sha256")?,
        blob_key: r.try_get("blob_key")?,
        thumb_key: r.try_get("thumb_key")?,
        preview_key: r.try_get("preview_key")?,
        original_name: r.try_get("original_name")?,
        bytes: r.try_get("bytes")?,
        width: size("width")?,
        height: size("height")?,
        ticket_id: r.try_get::<Option<i64>, _>("ticket_id")?.map(TicketId),
        student_id: r.try_get::<Option<i64>, _>("student_id")?.map(StudentId),
        state: FrameState::from_code(&state).ok_or_else(|| corrupt("state", &state))?,
        verdict,
        arrived_at: from_millis(r.try_get("arrived_at")?)?,
        decided_at: r
            .try_get::<Option<i64>, _>("decided_at")?
            .map(from_millis)
            .transpose()?,
        decided_reason: r.try_get("decided_reason")?,
    })
}

pub(super) async fn frame_in(conn: &mut AnyConnection, id: FrameId) -> Result<Option<Frame>> {
    sqlx::query(&format!("{SELECT_FRAME} WHERE f.id = $1"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(frame_from_row)
        .transpose()
}

/// The ticket a frame arriving at `station` at `at` belongs to: the one the station had called
/// then — still called, or finished since but not before the frame arrived. A ticket put back
/// for a retake, or skipped, takes no frames; neither does a station with nothing called.
async fn ticket_called_at(
    conn: &mut AnyConnection,
    station: StationId,
    at: DateTime<Utc>,
) -> Result<Option<(TicketId, StudentId)>> {
    let row = sqlx::query(
        "SELECT id, student_id FROM tickets WHERE station_id = $1 \
         AND state IN ('called', 'done') AND called_at <= $2 \
         AND (finished_at IS NULL OR finished_at >= $2) \
         ORDER BY called_at DESC LIMIT 1",
    )
    .bind(station.0)
    .bind(millis(at))
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            TicketId(r.try_get("id")?),
            StudentId(r.try_get("student_id")?),
        ))
    })
    .transpose()
}

/// The same bytes already received (and not thrown away): a copy is never a second frame.
async fn existing_copy(conn: &mut AnyConnection, sha256: &str) -> Result<Option<Frame>> {
    sqlx::query(&format!(
        "{SELECT_FRAME} WHERE f.sha256 = $1 AND f.state <> 'discarded' ORDER BY f.id LIMIT 1"
    ))
    .bind(sha256)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(frame_from_row)
    .transpose()
}

async fn record_once(
    repo: &SqlRepo,
    new: &NewFrame,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<FrameOutcome> {
    let mut tx = repo.write_tx().await?;
    let station_known = sqlx::query("SELECT id FROM stations WHERE id = $1")
        .bind(new.station_id.0)
        .fetch_optional(&mut *tx.tx)
        .await?
        .is_some();
    if !station_known {
        return Err(StoreError::NotFound(format!("station {}", new.station_id)));
    }
    if let Some(frame) = existing_copy(&mut tx.tx, &new.sha256).await? {
        tx.rollback().await?;
        return Ok(FrameOutcome::Duplicate { frame });
    }
    let owner = match new.expected_ticket {
        // The operator uploads for the student they see: refused, never bound elsewhere, when
        // the station has called someone else meanwhile.
        Some(expected) => match called_in(&mut tx.tx, new.station_id).await? {
            Some(t) if t.id == expected => Some((t.id, t.student_id)),
            other => {
                let seq = other.map(|t| t.seq);
                return Err(StoreError::Rejected(not_called_any_more(seq)));
            }
        },
        None => ticket_called_at(&mut tx.tx, new.station_id, new.arrived_at).await?,
    };
    let state = if owner.is_some() {
        FrameState::Bound
    } else {
        FrameState::Orphan
    };
    let id: i64 = sqlx::query(
        "INSERT INTO frames (station_id, source, sha256, blob_key, thumb_key, preview_key, \
         original_name, bytes, width, height, ticket_id, student_id, state, arrived_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(new.station_id.0)
    .bind(new.source.code())
    .bind(&new.sha256)
    .bind(&new.blob_key)
    .bind(&new.thumb_key)
    .bind(&new.preview_key)
    .bind(new.original_name.as_deref())
    .bind(new.bytes)
    .bind(i64::from(new.width))
    .bind(i64::from(new.height))
    .bind(owner.map(|(t, _)| t.0))
    .bind(owner.map(|(_, s)| s.0))
    .bind(state.code())
    .bind(millis(new.arrived_at))
    .fetch_one(&mut *tx.tx)
    .await?
    .try_get("id")?;
    if let Some((verdict, detail)) = &new.verdict {
        sqlx::query(
            "INSERT INTO verdicts (frame_id, pack, overall, reason_zh, reason_en, detail_json, \
             judged_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(&verdict.pack)
        .bind(&verdict.overall)
        .bind(&verdict.reason.zh)
        .bind(&verdict.reason.en)
        .bind(detail.to_string())
        .bind(millis(now))
        .execute(&mut *tx.tx)
        .await?;
    }
    let after = serde_json::json!({
        "station_id": new.station_id,
        "source": new.source.code(),
        "sha256": new.sha256,
        "ticket_id": owner.map(|(t, _)| t),
        "student_id": owner.map(|(_, s)| s),
        "state": state.code(),
    });
    let action = if owner.is_some() {
        "frame.bind"
    } else {
        "frame.orphan"
    };
    audit::append(
        &mut tx.tx,
        actor,
        action,
        &format!("frame:{id}"),
        None,
        Some(&after),
        now,
    )
    .await?;
    let frame = frame_in(&mut tx.tx, FrameId(id))
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("frame {id} vanished")))?;
    tx.commit().await?;
    Ok(match owner {
        Some(_) => FrameOutcome::Bound { frame },
        None => FrameOutcome::Orphan { frame },
    })
}

async fn list(repo: &SqlRepo, filter: &str, id: i64) -> Result<Vec<Frame>> {
    sqlx::query(&format!(
        "{SELECT_FRAME} WHERE {filter} ORDER BY f.arrived_at, f.id"
    ))
    .bind(id)
    .fetch_all(&repo.pool)
    .await?
    .iter()
    .map(frame_from_row)
    .collect()
}

pub(super) async fn of_student(repo: &SqlRepo, student: StudentId) -> Result<Vec<Frame>> {
    list(repo, "f.student_id = $1", student.0).await
}

#[async_trait]
impl CaptureRepo for SqlRepo {
    async fn record_frame(
        &self,
        new: &NewFrame,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<FrameOutcome> {
        // On PostgreSQL two copies of one file may arrive at the same moment: the second meets a
        // unique index, rolls back, and on the next try finds the first as its copy.
        match record_once(self, new, actor, now).await {
            Err(StoreError::Database(sqlx::Error::Database(db))) if db.is_unique_violation() => {
                record_once(self, new, actor, now).await
            }
            other => other,
        }
    }

    async fn frame(&self, id: FrameId) -> Result<Option<Frame>> {
        let mut conn = self.pool.acquire().await?;
        frame_in(&mut conn, id).await
    }

    async fn frame_with_content(&self, sha256: &str) -> Result<Option<Frame>> {
        let mut conn = self.pool.acquire().await?;
        existing_copy(&mut conn, sha256).await
    }

    async fn frame_verdict(&self, id: FrameId) -> Result<Option<StoredVerdict>> {
        let row = sqlx::query(
            "SELECT pack, overall, reason_zh, reason_en, detail_json, judged_at FROM verdicts \
             WHERE frame_id = $1 ORDER BY judged_at DESC LIMIT 1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let detail: String = r.try_get("detail_json")?;
        Ok(Some(StoredVerdict {
            verdict: FrameVerdict {
                pack: r.try_get("pack")?,
                overall: r.try_get("overall")?,
                reason: Msg::new(
                    r.try_get::<String, _>("reason_zh")?,
                    r.try_get::<String, _>("reason_en")?,
                ),
            },
            detail: serde_json::from_str(&detail)
                .map_err(|e| corrupt("verdict", &e.to_string()))?,
            judged_at: from_millis(r.try_get("judged_at")?)?,
        }))
    }

    async fn ticket_frames(&self, ticket: TicketId) -> Result<Vec<Frame>> {
        list(self, "f.ticket_id = $1", ticket.0).await
    }

    async fn orphan_frames(&self, venue: VenueId) -> Result<Vec<Frame>> {
        list(
            self,
            "f.state = 'orphan' AND f.station_id IN (SELECT id FROM stations WHERE venue_id = $1)",
            venue.0,
        )
        .await
    }

    async fn decide_frame(
        &self,
        id: FrameId,
        decision: &FrameDecision,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Frame> {
        photos::decide(self, id, decision, actor, now).await
    }

    async fn student_photos(&self, student: StudentId) -> Result<StudentPhotos> {
        photos::of_student_all(self, student).await
    }

    async fn current_photo(&self, student: StudentId) -> Result<Option<Photo>> {
        photos::current(self, student).await
    }
}
