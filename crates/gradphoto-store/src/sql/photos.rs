//! The operator's decisions on frames — accept, ask for a retake, bind, discard — and the
//! photos they make: exactly one current photo per student, earlier ones superseded with the
//! reason. Each decision and its audit events are one transaction.

use chrono::{DateTime, Utc};
use gradphoto_domain::{
    Frame, FrameId, FrameState, Msg, Photo, PhotoId, StudentId, TicketId, TicketState, UserId,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::frames::{frame_in, of_student};
use super::tickets::ticket_in;
use super::{SqlRepo, WriteTx, audit, from_millis, millis};
use crate::capture::{FrameDecision, StudentPhotos};
use crate::error::{Result, StoreError};
use crate::repo::Actor;

const SELECT_PHOTO: &str = "SELECT id, student_id, frame_id, accepted_by, accepted_by_label, \
     accepted_at, superseded_at, superseded_reason FROM photos";

fn photo_from_row(r: &AnyRow) -> Result<Photo> {
    Ok(Photo {
        id: PhotoId(r.try_get("id")?),
        student_id: StudentId(r.try_get("student_id")?),
        frame_id: FrameId(r.try_get("frame_id")?),
        accepted_by: r.try_get::<Option<i64>, _>("accepted_by")?.map(UserId),
        accepted_by_label: r.try_get("accepted_by_label")?,
        accepted_at: from_millis(r.try_get("accepted_at")?)?,
        superseded_at: r
            .try_get::<Option<i64>, _>("superseded_at")?
            .map(from_millis)
            .transpose()?,
        superseded_reason: r.try_get("superseded_reason")?,
    })
}

fn refuse(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Rejected(Msg::new(zh, en))
}

fn not_now(frame: &Frame, zh: &str, en: &str) -> StoreError {
    let state = frame.state.label();
    refuse(
        format!("照片 {} 现在是“{}”，{zh}", frame.id, state.zh),
        format!("frame {} is {} now: {en}", frame.id, state.en),
    )
}

fn trimmed(reason: &str) -> Option<&str> {
    Some(reason.trim()).filter(|r| !r.is_empty())
}

pub(super) async fn decide(
    repo: &SqlRepo,
    id: FrameId,
    decision: &FrameDecision,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Frame> {
    let mut tx = repo.write_tx().await?;
    let frame = frame_in(&mut tx.tx, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("frame {id}")))?;
    let subject = format!("frame:{id}");
    let before = serde_json::json!({ "state": frame.state.code(), "ticket_id": frame.ticket_id });
    let (state, ticket, reason, action) = match decision {
        FrameDecision::Accept { reason } => {
            accept(&mut tx, &frame, reason.as_deref(), actor, now).await?;
            (
                FrameState::Accepted,
                frame.ticket_id,
                reason.as_deref().and_then(trimmed),
                "photo.accept",
            )
        }
        FrameDecision::Reject { reason } => {
            if frame.state != FrameState::Bound {
                return Err(not_now(&frame, "不能要求重拍", "no retake can be asked"));
            }
            (
                FrameState::Rejected,
                frame.ticket_id,
                trimmed(reason),
                "frame.reject",
            )
        }
        FrameDecision::Discard { reason } => {
            if frame.state != FrameState::Orphan {
                return Err(not_now(
                    &frame,
                    "只有无主照片可以丢弃",
                    "only an orphan can be discarded",
                ));
            }
            (
                FrameState::Discarded,
                None,
                trimmed(reason),
                "frame.discard",
            )
        }
        FrameDecision::Bind { ticket, reason } => {
            let reason = trimmed(reason).ok_or_else(|| {
                refuse(
                    "手动绑定照片需要填写原因",
                    "binding a frame by hand needs a reason",
                )
            })?;
            if !matches!(
                frame.state,
                FrameState::Orphan | FrameState::Bound | FrameState::Accepted
            ) {
                return Err(not_now(
                    &frame,
                    "不能再绑定到其他号",
                    "it cannot be bound to another ticket",
                ));
            }
            bind_target(&mut tx.tx, &frame, *ticket).await?;
            if frame.state == FrameState::Accepted {
                unaccept(&mut tx, &frame, reason, actor, now).await?;
            }
            let action = if frame.ticket_id.is_some() {
                "frame.rebind"
            } else {
                "frame.bind"
            };
            (FrameState::Bound, Some(*ticket), Some(reason), action)
        }
    };
    let student = match ticket {
        Some(t) => ticket_in(&mut tx.tx, t).await?.map(|t| t.student_id),
        None => None,
    };
    let updated = sqlx::query(
        "UPDATE frames SET state = $1, ticket_id = $2, student_id = $3, decided_at = $4, \
         decided_reason = $5 WHERE id = $6 AND state = $7",
    )
    .bind(state.code())
    .bind(ticket.map(|t| t.0))
    .bind(student.map(|s| s.0))
    .bind(millis(now))
    .bind(reason)
    .bind(id.0)
    .bind(frame.state.code())
    .execute(&mut *tx.tx)
    .await;
    match updated {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => return Err(not_now(&frame, "请刷新后再试", "reload and try again")),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            return Err(refuse(
                "该号已有同一张照片",
                "that ticket already has this very photo",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let after = serde_json::json!({
        "state": state.code(),
        "ticket_id": ticket,
        "student_id": student,
        "reason": reason,
    });
    audit::append(
        &mut tx.tx,
        actor,
        action,
        &subject,
        Some(&before),
        Some(&after),
        now,
    )
    .await?;
    let frame = frame_in(&mut tx.tx, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("frame {id} vanished")))?;
    tx.commit().await?;
    Ok(frame)
}

/// A frame may be bound by hand to a live ticket of its own venue and day.
async fn bind_target(conn: &mut AnyConnection, frame: &Frame, ticket: TicketId) -> Result<()> {
    let t = ticket_in(conn, ticket)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {ticket}")))?;
    let venue: i64 = sqlx::query("SELECT venue_id FROM stations WHERE id = $1")
        .bind(frame.station_id.0)
        .fetch_one(&mut *conn)
        .await?
        .try_get("venue_id")?;
    if t.venue_id.0 != venue || t.state == TicketState::Void {
        return Err(refuse(
            format!("{} 号不是本场地的有效号码", t.seq),
            format!("number {} is not a live ticket of this venue", t.seq),
        ));
    }
    if frame.ticket_id == Some(ticket) {
        return Err(refuse(
            "照片已绑定在该号上",
            "the frame is bound to that ticket already",
        ));
    }
    Ok(())
}

/// An accepted frame rebound to another ticket is no longer its student's photo: the photo it
/// made, when still current, is superseded with the reason. The student is left with no
/// current photo (a retake is the office's next step), never with an older one brought back.
async fn unaccept(
    tx: &mut WriteTx,
    frame: &Frame,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let why = format!("照片换绑 / frame rebound: {reason}");
    let current = sqlx::query(&format!(
        "{SELECT_PHOTO} WHERE frame_id = $1 AND superseded_at IS NULL"
    ))
    .bind(frame.id.0)
    .fetch_optional(&mut *tx.tx)
    .await?
    .as_ref()
    .map(photo_from_row)
    .transpose()?;
    let Some(photo) = current else {
        return Ok(());
    };
    sqlx::query("UPDATE photos SET superseded_at = $1, superseded_reason = $2 WHERE id = $3")
        .bind(millis(now))
        .bind(&why)
        .bind(photo.id.0)
        .execute(&mut *tx.tx)
        .await?;
    audit::append(
        &mut tx.tx,
        actor,
        "photo.supersede",
        &format!("student:{}", photo.student_id),
        Some(&serde_json::json!({ "photo_id": photo.id, "frame_id": photo.frame_id })),
        Some(&serde_json::json!({ "frame_id": null, "reason": why })),
        now,
    )
    .await
}

/// Makes the frame the student's current photo: the previous one is superseded, and a ticket
/// still being shot is finished (with its own audit event).
async fn accept(
    tx: &mut WriteTx,
    frame: &Frame,
    reason: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    if !matches!(frame.state, FrameState::Bound | FrameState::Rejected) {
        return Err(not_now(frame, "不能采用", "it cannot be accepted"));
    }
    let (Some(ticket_id), Some(student)) = (frame.ticket_id, frame.student_id) else {
        return Err(refuse(
            "无主照片需先绑定到号码才能采用",
            "bind the orphan to a ticket before accepting it",
        ));
    };
    let superseded_reason = reason
        .and_then(trimmed)
        .unwrap_or("重拍后采用新照片 / a newer photo was accepted");
    let previous = sqlx::query(&format!(
        "{SELECT_PHOTO} WHERE student_id = $1 AND superseded_at IS NULL"
    ))
    .bind(student.0)
    .fetch_optional(&mut *tx.tx)
    .await?
    .as_ref()
    .map(photo_from_row)
    .transpose()?;
    if let Some(p) = &previous {
        sqlx::query("UPDATE photos SET superseded_at = $1, superseded_reason = $2 WHERE id = $3")
            .bind(millis(now))
            .bind(superseded_reason)
            .bind(p.id.0)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "photo.supersede",
            &format!("student:{student}"),
            Some(&serde_json::json!({ "photo_id": p.id, "frame_id": p.frame_id })),
            Some(&serde_json::json!({ "frame_id": frame.id, "reason": superseded_reason })),
            now,
        )
        .await?;
    }
    sqlx::query(
        "INSERT INTO photos (student_id, frame_id, accepted_by, accepted_by_label, accepted_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(student.0)
    .bind(frame.id.0)
    .bind(actor.user_id.map(|u| u.0))
    .bind(&actor.label)
    .bind(millis(now))
    .execute(&mut *tx.tx)
    .await?;
    // The student in the chair is done once their photo is accepted.
    let finished = sqlx::query(
        "UPDATE tickets SET state = 'done', finished_at = $1, priority = 0 \
         WHERE id = $2 AND state = 'called'",
    )
    .bind(millis(now))
    .bind(ticket_id.0)
    .execute(&mut *tx.tx)
    .await?;
    if finished.rows_affected() == 1 {
        audit::append(
            &mut tx.tx,
            actor,
            "queue.finish",
            &format!("ticket:{ticket_id}"),
            Some(&serde_json::json!({ "state": "called" })),
            Some(&serde_json::json!({ "state": "done", "frame_id": frame.id })),
            now,
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn of_student_all(repo: &SqlRepo, student: StudentId) -> Result<StudentPhotos> {
    let frames = of_student(repo, student).await?;
    let photos = sqlx::query(&format!(
        "{SELECT_PHOTO} WHERE student_id = $1 ORDER BY accepted_at DESC, id DESC"
    ))
    .bind(student.0)
    .fetch_all(&repo.pool)
    .await?
    .iter()
    .map(photo_from_row)
    .collect::<Result<Vec<_>>>()?;
    Ok(StudentPhotos { frames, photos })
}

pub(super) async fn current(repo: &SqlRepo, student: StudentId) -> Result<Option<Photo>> {
    sqlx::query(&format!(
        "{SELECT_PHOTO} WHERE student_id = $1 AND superseded_at IS NULL"
    ))
    .bind(student.0)
    .fetch_optional(&repo.pool)
    .await?
    .as_ref()
    .map(photo_from_row)
    .transpose()
}
