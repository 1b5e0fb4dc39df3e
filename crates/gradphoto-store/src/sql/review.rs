//! The review queue, retakes asked for, replies, verdict overrides and the students' sign-in
//! method: [`ReviewRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::review::ReviewKind;
use gradphoto_domain::student_sign_in::StudentSignIn;
use gradphoto_domain::{
    CampaignId, ClassId, CollegeId, FrameId, Msg, StudentId, TicketId, UserId, VenueId,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{self, EVENT_COLUMNS, event_from_row};
use super::{SqlRepo, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{
    Actor, AuditEvent, Reply, RetakeRequest, ReviewItem, ReviewRepo, ReviewStudent, VerdictOverride,
};

/// The student columns of a review item; the query joins `students s`, `classes c` and
/// `colleges g`.
const STUDENT: &str = "s.id AS sid, s.student_no, s.name, s.class_id, c.code AS class_code, \
     c.college_id, g.name AS college_name";
const STUDENT_JOINS: &str =
    "JOIN classes c ON c.id = s.class_id LEFT JOIN colleges g ON g.id = c.college_id";

fn student_from_row(r: &AnyRow) -> Result<ReviewStudent> {
    Ok(ReviewStudent {
        id: StudentId(r.try_get("sid")?),
        student_no: r.try_get("student_no")?,
        name: r.try_get("name")?,
        class_id: ClassId(r.try_get("class_id")?),
        class_code: r.try_get("class_code")?,
        college_id: r.try_get::<Option<i64>, _>("college_id")?.map(CollegeId),
        college_name: r.try_get("college_name")?,
    })
}

fn item(
    kind: ReviewKind,
    r: &AnyRow,
    frame: Option<&str>,
    note: Option<&str>,
) -> Result<ReviewItem> {
    Ok(ReviewItem {
        kind,
        student: Some(student_from_row(r)?),
        frame_id: frame
            .map(|col| r.try_get::<i64, _>(col).map(FrameId))
            .transpose()?,
        venue_id: None,
        at: from_millis(r.try_get("at")?)?,
        note: note.map(|col| r.try_get(col)).transpose()?,
    })
}

const RETAKE_COLUMNS: &str = "id, student_id, reason, by_user_id, by_label, at, ticket_id";

fn retake_from_row(r: &AnyRow) -> Result<RetakeRequest> {
    Ok(RetakeRequest {
        id: r.try_get("id")?,
        student_id: StudentId(r.try_get("student_id")?),
        reason: r.try_get("reason")?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        by_label: r.try_get("by_label")?,
        at: from_millis(r.try_get("at")?)?,
        ticket_id: r.try_get::<Option<i64>, _>("ticket_id")?.map(TicketId),
    })
}

const REPLY_COLUMNS: &str = "id, student_id, body, by_user_id, by_label, at";

fn reply_from_row(r: &AnyRow) -> Result<Reply> {
    Ok(Reply {
        id: r.try_get("id")?,
        student_id: StudentId(r.try_get("student_id")?),
        body: r.try_get("body")?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        by_label: r.try_get("by_label")?,
        at: from_millis(r.try_get("at")?)?,
    })
}

const OVERRIDE_COLUMNS: &str = "id, frame_id, reason, by_user_id, by_label, at";

fn override_from_row(r: &AnyRow) -> Result<VerdictOverride> {
    Ok(VerdictOverride {
        id: r.try_get("id")?,
        frame_id: FrameId(r.try_get("frame_id")?),
        reason: r.try_get("reason")?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        by_label: r.try_get("by_label")?,
        at: from_millis(r.try_get("at")?)?,
    })
}

#[async_trait]
impl ReviewRepo for SqlRepo {
    async fn review_items(&self, campaign: CampaignId) -> Result<Vec<ReviewItem>> {
        let mut items = Vec::new();
        // The students whose current (newest) answer is a dispute.
        let disputes = sqlx::query(&format!(
            "SELECT {STUDENT}, p.at FROM proofs p JOIN students s ON s.id = p.student_id \
             {STUDENT_JOINS} WHERE s.campaign_id = $1 AND p.state = 'disputed' \
             AND p.id = (SELECT MAX(q.id) FROM proofs q WHERE q.student_id = p.student_id)"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        for r in &disputes {
            items.push(item(ReviewKind::Dispute, r, None, None)?);
        }
        // Current photos the engine failed or warned on (or could not judge), not overridden.
        // A frame judged by several packs counts once, with its worst verdict.
        let verdicts = sqlx::query(&format!(
            "SELECT {STUDENT}, ph.frame_id, ph.accepted_at AS at, MIN(v.overall) AS overall \
             FROM photos ph JOIN students s ON s.id = ph.student_id {STUDENT_JOINS} \
             JOIN verdicts v ON v.frame_id = ph.frame_id \
             WHERE s.campaign_id = $1 AND ph.superseded_at IS NULL \
             AND v.overall IN ('fail', 'warn', 'error') \
             AND NOT EXISTS (SELECT 1 FROM verdict_overrides o WHERE o.frame_id = ph.frame_id) \
             GROUP BY s.id, s.student_no, s.name, s.class_id, c.code, c.college_id, g.name, \
             ph.frame_id, ph.accepted_at"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        for r in &verdicts {
            items.push(item(
                ReviewKind::Verdict,
                r,
                Some("frame_id"),
                Some("overall"),
            )?);
        }
        let orphans = sqlx::query(
            "SELECT f.id, f.arrived_at, st.venue_id FROM frames f \
             JOIN stations st ON st.id = f.station_id JOIN venues v ON v.id = st.venue_id \
             WHERE v.campaign_id = $1 AND f.state = 'orphan'",
        )
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        for r in &orphans {
            items.push(ReviewItem {
                kind: ReviewKind::Orphan,
                student: None,
                frame_id: Some(FrameId(r.try_get("id")?)),
                venue_id: Some(VenueId(r.try_get("venue_id")?)),
                at: from_millis(r.try_get("arrived_at")?)?,
                note: None,
            });
        }
        // The newest request of each student, while no photo has been accepted since.
        let retakes = sqlx::query(&format!(
            "SELECT {STUDENT}, r.at, r.reason FROM retake_requests r \
             JOIN students s ON s.id = r.student_id {STUDENT_JOINS} \
             WHERE s.campaign_id = $1 \
             AND r.id = (SELECT MAX(q.id) FROM retake_requests q WHERE q.student_id = r.student_id) \
             AND NOT EXISTS (SELECT 1 FROM photos ph WHERE ph.student_id = r.student_id \
             AND ph.accepted_at > r.at)"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        for r in &retakes {
            items.push(item(ReviewKind::Retake, r, None, Some("reason"))?);
        }
        items.sort_by_key(|i| i.at);
        Ok(items)
    }

    async fn request_retake(
        &self,
        student: StudentId,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<RetakeRequest> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO retake_requests (student_id, reason, by_user_id, by_label, at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {RETAKE_COLUMNS}"
        ))
        .bind(student.0)
        .bind(reason)
        .bind(actor.user_id.map(|u| u.0))
        .bind(&actor.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await;
        let row = match inserted {
            Ok(row) => row,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Err(StoreError::Rejected(Msg::new(
                    "已为该生申请重拍，正等待其下次签到",
                    "a retake is already asked for this student and waits for their next check-in",
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let request = retake_from_row(&row)?;
        audit::append(
            &mut tx.tx,
            actor,
            "retake.request",
            &format!("student:{student}"),
            None,
            Some(&serde_json::json!({ "retake_id": request.id, "reason": reason })),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    async fn retake_requests(&self, student: StudentId) -> Result<Vec<RetakeRequest>> {
        let rows = sqlx::query(&format!(
            "SELECT {RETAKE_COLUMNS} FROM retake_requests WHERE student_id = $1 ORDER BY id DESC"
        ))
        .bind(student.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(retake_from_row).collect()
    }

    async fn reply(
        &self,
        student: StudentId,
        body: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Reply> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO replies (student_id, body, by_user_id, by_label, at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {REPLY_COLUMNS}"
        ))
        .bind(student.0)
        .bind(body)
        .bind(actor.user_id.map(|u| u.0))
        .bind(&actor.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let reply = reply_from_row(&row)?;
        audit::append(
            &mut tx.tx,
            actor,
            "review.reply",
            &format!("student:{student}"),
            None,
            Some(&serde_json::json!({ "reply_id": reply.id, "body": body })),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(reply)
    }

    async fn replies(&self, student: StudentId) -> Result<Vec<Reply>> {
        let rows = sqlx::query(&format!(
            "SELECT {REPLY_COLUMNS} FROM replies WHERE student_id = $1 ORDER BY id DESC"
        ))
        .bind(student.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(reply_from_row).collect()
    }

    async fn override_verdict(
        &self,
        frame: FrameId,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<VerdictOverride> {
        let mut tx = self.write_tx().await?;
        let verdict = sqlx::query("SELECT overall FROM verdicts WHERE frame_id = $1")
            .bind(frame.0)
            .fetch_all(&mut *tx.tx)
            .await?;
        if verdict.is_empty() {
            return Err(StoreError::Rejected(Msg::new(
                format!("照片 {frame} 还没有检测结果，无从推翻"),
                format!("frame {frame} has no verdict to override"),
            )));
        }
        let row = sqlx::query(&format!(
            "INSERT INTO verdict_overrides (frame_id, reason, by_user_id, by_label, at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {OVERRIDE_COLUMNS}"
        ))
        .bind(frame.0)
        .bind(reason)
        .bind(actor.user_id.map(|u| u.0))
        .bind(&actor.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let stored = override_from_row(&row)?;
        let overall: Vec<String> = verdict
            .iter()
            .map(|r| r.try_get("overall"))
            .collect::<std::result::Result<_, _>>()?;
        audit::append(
            &mut tx.tx,
            actor,
            "verdict.override",
            &format!("frame:{frame}"),
            Some(&serde_json::json!({ "overall": overall })),
            Some(&serde_json::json!({ "override_id": stored.id, "reason": reason })),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn verdict_overrides(&self, frame: FrameId) -> Result<Vec<VerdictOverride>> {
        let rows = sqlx::query(&format!(
            "SELECT {OVERRIDE_COLUMNS} FROM verdict_overrides WHERE frame_id = $1 ORDER BY id DESC"
        ))
        .bind(frame.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(override_from_row).collect()
    }

    async fn audit_about(&self, subjects: &[String]) -> Result<Vec<AuditEvent>> {
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=subjects.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE subject IN ({}) ORDER BY id",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for s in subjects {
            query = query.bind(s);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(event_from_row).collect()
    }

    async fn student_sign_in(&self, campaign: CampaignId) -> Result<StudentSignIn> {
        let row = sqlx::query("SELECT method FROM student_sign_in WHERE campaign_id = $1")
            .bind(campaign.0)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(StudentSignIn::default()),
            Some(r) => {
                let code: String = r.try_get("method")?;
                StudentSignIn::parse(&code)
                    .map_err(|_| StoreError::Corrupt(format!("student sign-in {code:?}")))
            }
        }
    }

    async fn set_student_sign_in(
        &self,
        campaign: CampaignId,
        method: StudentSignIn,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self.student_sign_in(campaign).await?;
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM student_sign_in WHERE campaign_id = $1")
            .bind(campaign.0)
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query("INSERT INTO student_sign_in (campaign_id, method) VALUES ($1, $2)")
            .bind(campaign.0)
            .bind(method.code())
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "campaign.student_sign_in",
            &format!("campaign:{campaign}"),
            Some(&serde_json::json!(before.code())),
            Some(&serde_json::json!(method.code())),
            now,
        )
        .await?;
        tx.commit().await
    }
}
