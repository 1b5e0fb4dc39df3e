//! The timetable over SQL ([`TimetableRepo`]): shooting days, the check-in policy and the
//! working slots of each venue with their classes. Published versions are in
//! [`versions`](super::timetable_versions).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use gradphoto_domain::timetable::{OutsideSlot, Policy, SlotTime};
use gradphoto_domain::{CampaignId, ClassId, CollegeId, Msg, SlotId, VenueId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::tickets::day_text;
use super::timetable_versions as versions;
use super::{SqlRepo, WriteTx, audit};
use crate::error::{Result, StoreError};
use crate::repo::{
    Actor, NewSlot, PublishedSlot, Slot, SlotClass, TimetableRepo, TimetableVersion, VersionInfo,
};

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("timetable {what}"))
}

pub(super) fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(&format!("day {s:?}")))
}

pub(super) fn time_of(minutes: i64) -> Result<NaiveTime> {
    u32::try_from(minutes)
        .ok()
        .and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0))
        .ok_or_else(|| corrupt(&format!("minute {minutes}")))
}

/// The slot time of a row with `day`, `start_min` and `end_min`.
pub(super) fn slot_time(r: &AnyRow) -> Result<SlotTime> {
    Ok(SlotTime {
        date: parse_day(&r.try_get::<String, _>("day")?)?,
        start: time_of(r.try_get("start_min")?)?,
        end: time_of(r.try_get("end_min")?)?,
    })
}

fn minutes(time: &SlotTime) -> (i64, i64) {
    let (s, e) = time.minutes();
    (i64::from(s), i64::from(e))
}

fn rejected(zh: String, en: String) -> StoreError {
    StoreError::Rejected(Msg::new(zh, en))
}

/// The working slots of a venue, read inside or outside a transaction.
async fn read_slots(conn: &mut sqlx::AnyConnection, venue: VenueId) -> Result<Vec<Slot>> {
    let slot_rows = sqlx::query(
        "SELECT id, venue_id, day, start_min, end_min FROM slots WHERE venue_id = $1 \
         ORDER BY day, start_min",
    )
    .bind(venue.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut slots = Vec::with_capacity(slot_rows.len());
    let mut index = HashMap::new();
    for r in &slot_rows {
        let id: i64 = r.try_get("id")?;
        index.insert(id, slots.len());
        slots.push(Slot {
            id: SlotId(id),
            venue_id: VenueId(r.try_get("venue_id")?),
            time: slot_time(r)?,
            classes: Vec::new(),
        });
    }
    let class_rows = sqlx::query(
        "SELECT cs.slot_id, cs.pinned, c.id, c.code, c.college_id, g.name AS college_name, \
         (SELECT COUNT(*) FROM students s WHERE s.class_id = c.id) AS students \
         FROM class_slots cs JOIN slots sl ON sl.id = cs.slot_id \
         JOIN classes c ON c.id = cs.class_id LEFT JOIN colleges g ON g.id = c.college_id \
         WHERE sl.venue_id = $1 ORDER BY cs.place_order, c.code",
    )
    .bind(venue.0)
    .fetch_all(&mut *conn)
    .await?;
    for r in &class_rows {
        let slot: i64 = r.try_get("slot_id")?;
        let Some(&i) = index.get(&slot) else { continue };
        slots[i].classes.push(SlotClass {
            class_id: ClassId(r.try_get("id")?),
            code: r.try_get("code")?,
            college_id: r.try_get::<Option<i64>, _>("college_id")?.map(CollegeId),
            college_name: r.try_get("college_name")?,
            students: r.try_get("students")?,
            pinned: r.try_get::<i64, _>("pinned")? != 0,
        });
    }
    Ok(slots)
}

/// A slot as the audit log keeps it: its time and its class codes.
fn audit_slots(slots: &[Slot]) -> serde_json::Value {
    serde_json::Value::Array(
        slots
            .iter()
            .map(|s| {
                serde_json::json!({
                    "slot": s.time.label().zh,
                    "classes": s.classes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

async fn campaign_of_venue(tx: &mut WriteTx, venue: VenueId) -> Result<i64> {
    sqlx::query("SELECT campaign_id FROM venues WHERE id = $1")
        .bind(venue.0)
        .fetch_optional(&mut *tx.tx)
        .await?
        .map(|r| r.try_get::<i64, _>("campaign_id"))
        .transpose()?
        .ok_or_else(|| StoreError::NotFound(format!("venue {venue}")))
}

#[async_trait]
impl TimetableRepo for SqlRepo {
    async fn campaign_days(&self, campaign: CampaignId) -> Result<Vec<NaiveDate>> {
        let rows = sqlx::query("SELECT day FROM campaign_days WHERE campaign_id = $1 ORDER BY day")
            .bind(campaign.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| parse_day(&r.try_get::<String, _>("day")?))
            .collect()
    }

    async fn set_campaign_days(
        &self,
        campaign: CampaignId,
        days: &[NaiveDate],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self.campaign_days(campaign).await?;
        let mut tx = self.write_tx().await?;
        let used = sqlx::query(
            "SELECT DISTINCT sl.day FROM slots sl JOIN venues v ON v.id = sl.venue_id \
             WHERE v.campaign_id = $1 ORDER BY sl.day",
        )
        .bind(campaign.0)
        .fetch_all(&mut *tx.tx)
        .await?;
        for r in &used {
            let day = parse_day(&r.try_get::<String, _>("day")?)?;
            if !days.contains(&day) {
                return Err(rejected(
                    format!("{day} 还有时段安排，不能从拍摄日期中去掉：请先移走该日的时段"),
                    format!("{day} still has slots and cannot be dropped: move its slots first"),
                ));
            }
        }
        sqlx::query("DELETE FROM campaign_days WHERE campaign_id = $1")
            .bind(campaign.0)
            .execute(&mut *tx.tx)
            .await?;
        for day in days {
            sqlx::query("INSERT INTO campaign_days (campaign_id, day) VALUES ($1, $2)")
                .bind(campaign.0)
                .bind(day_text(*day))
                .execute(&mut *tx.tx)
                .await?;
        }
        let list = |d: &[NaiveDate]| {
            serde_json::json!(d.iter().map(|d| d.to_string()).collect::<Vec<_>>())
        };
        audit::append(
            &mut tx.tx,
            actor,
            "campaign.days",
            &format!("campaign:{campaign}"),
            Some(&list(&before)),
            Some(&list(days)),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn timetable_policy(&self, campaign: CampaignId) -> Result<Policy> {
        let row = sqlx::query(
            "SELECT arrive_early_min, early_tolerance_min, late_tolerance_min, outside \
             FROM timetable_policies WHERE campaign_id = $1",
        )
        .bind(campaign.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(Policy::default());
        };
        let minutes = |col: &str| -> Result<u32> {
            u32::try_from(r.try_get::<i64, _>(col)?).map_err(|_| corrupt(col))
        };
        let outside: String = r.try_get("outside")?;
        Ok(Policy {
            arrive_early_min: minutes("arrive_early_min")?,
            early_tolerance_min: minutes("early_tolerance_min")?,
            late_tolerance_min: minutes("late_tolerance_min")?,
            outside: OutsideSlot::from_code(&outside).ok_or_else(|| corrupt("policy"))?,
        })
    }

    async fn set_timetable_policy(
        &self,
        campaign: CampaignId,
        policy: &Policy,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self.timetable_policy(campaign).await?;
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM timetable_policies WHERE campaign_id = $1")
            .bind(campaign.0)
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO timetable_policies (campaign_id, arrive_early_min, early_tolerance_min, \
             late_tolerance_min, outside) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(campaign.0)
        .bind(i64::from(policy.arrive_early_min))
        .bind(i64::from(policy.early_tolerance_min))
        .bind(i64::from(policy.late_tolerance_min))
        .bind(policy.outside.code())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "timetable.policy",
            &format!("campaign:{campaign}"),
            serde_json::to_value(before).ok().as_ref(),
            serde_json::to_value(policy).ok().as_ref(),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn slots(&self, venue: VenueId) -> Result<Vec<Slot>> {
        let mut conn = self.pool.acquire().await?;
        read_slots(&mut conn, venue).await
    }

    async fn replace_slots(
        &self,
        venue: VenueId,
        slots: &[NewSlot],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = audit_slots(&self.slots(venue).await?);
        let mut tx = self.write_tx().await?;
        let campaign = campaign_of_venue(&mut tx, venue).await?;
        sqlx::query(
            "DELETE FROM class_slots WHERE slot_id IN (SELECT id FROM slots WHERE venue_id = $1)",
        )
        .bind(venue.0)
        .execute(&mut *tx.tx)
        .await?;
        sqlx::query("DELETE FROM slots WHERE venue_id = $1")
            .bind(venue.0)
            .execute(&mut *tx.tx)
            .await?;
        let mut order = 0i64;
        for slot in slots {
            let (start, end) = minutes(&slot.time);
            let id: i64 = sqlx::query(
                "INSERT INTO slots (venue_id, day, start_min, end_min) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(venue.0)
            .bind(day_text(slot.time.date))
            .bind(start)
            .bind(end)
            .fetch_one(&mut *tx.tx)
            .await?
            .try_get("id")?;
            for (class, pinned) in &slot.classes {
                let elsewhere = sqlx::query(
                    "SELECT c.code FROM class_slots cs JOIN classes c ON c.id = cs.class_id \
                     WHERE cs.class_id = $1",
                )
                .bind(class.0)
                .fetch_optional(&mut *tx.tx)
                .await?;
                if let Some(r) = elsewhere {
                    let code: String = r.try_get("code")?;
                    tx.rollback().await?;
                    return Err(rejected(
                        format!(
                            "班级 {code} 已安排在另一个地点或另一个时段：一个班级只能在一个时段"
                        ),
                        format!(
                            "class {code} is already in a slot elsewhere: a class belongs to one slot"
                        ),
                    ));
                }
                let in_campaign =
                    sqlx::query("SELECT 1 AS one FROM classes WHERE id = $1 AND campaign_id = $2")
                        .bind(class.0)
                        .bind(campaign)
                        .fetch_optional(&mut *tx.tx)
                        .await?;
                if in_campaign.is_none() {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound(format!("class {class}")));
                }
                order += 1;
                sqlx::query(
                    "INSERT INTO class_slots (class_id, slot_id, pinned, place_order) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(class.0)
                .bind(id)
                .bind(i64::from(*pinned))
                .bind(order)
                .execute(&mut *tx.tx)
                .await?;
            }
        }
        let after = audit_slots(&read_slots(&mut tx.tx, venue).await?);
        audit::append(
            &mut tx.tx,
            actor,
            "timetable.replace",
            &format!("venue:{venue}"),
            Some(&before),
            Some(&after),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn move_class(
        &self,
        class: ClassId,
        to: SlotId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let target =
            sqlx::query("SELECT id, venue_id, day, start_min, end_min FROM slots WHERE id = $1")
                .bind(to.0)
                .fetch_optional(&mut *tx.tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("slot {to}")))?;
        let to_time = slot_time(&target)?;
        let code: String = sqlx::query("SELECT code FROM classes WHERE id = $1")
            .bind(class.0)
            .fetch_optional(&mut *tx.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("class {class}")))?
            .try_get("code")?;
        let from = sqlx::query(
            "SELECT sl.day, sl.start_min, sl.end_min, cs.pinned FROM class_slots cs \
             JOIN slots sl ON sl.id = cs.slot_id WHERE cs.class_id = $1",
        )
        .bind(class.0)
        .fetch_optional(&mut *tx.tx)
        .await?;
        // A pinned class moved by hand stays pinned where it was put.
        let pinned: i64 = from
            .as_ref()
            .map(|r| r.try_get("pinned"))
            .transpose()?
            .unwrap_or(0);
        let from_label = from
            .as_ref()
            .map(slot_time)
            .transpose()?
            .map(|t| t.label().zh);
        let next_order: i64 =
            sqlx::query("SELECT COALESCE(MAX(place_order), 0) + 1 AS n FROM class_slots")
                .fetch_one(&mut *tx.tx)
                .await?
                .try_get("n")?;
        sqlx::query("DELETE FROM class_slots WHERE class_id = $1")
            .bind(class.0)
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO class_slots (class_id, slot_id, pinned, place_order) VALUES ($1, $2, $3, $4)",
        )
        .bind(class.0)
        .bind(to.0)
        .bind(pinned)
        .bind(next_order)
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "timetable.move_class",
            &format!("class:{class}"),
            Some(&serde_json::json!({ "class": code, "slot": from_label })),
            Some(&serde_json::json!({ "class": code, "slot": to_time.label().zh })),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn move_slot(
        &self,
        slot: SlotId,
        to: SlotTime,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row =
            sqlx::query("SELECT id, venue_id, day, start_min, end_min FROM slots WHERE id = $1")
                .bind(slot.0)
                .fetch_optional(&mut *tx.tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("slot {slot}")))?;
        let from = slot_time(&row)?;
        let venue: i64 = row.try_get("venue_id")?;
        let campaign = campaign_of_venue(&mut tx, VenueId(venue)).await?;
        let day_ok =
            sqlx::query("SELECT 1 AS one FROM campaign_days WHERE campaign_id = $1 AND day = $2")
                .bind(campaign)
                .bind(day_text(to.date))
                .fetch_optional(&mut *tx.tx)
                .await?;
        if day_ok.is_none() {
            tx.rollback().await?;
            return Err(rejected(
                format!("{} 不是本次采集的拍摄日期", to.date),
                format!("{} is not one of the campaign's shooting days", to.date),
            ));
        }
        let others = sqlx::query(
            "SELECT id, venue_id, day, start_min, end_min FROM slots WHERE venue_id = $1 AND id <> $2",
        )
        .bind(venue)
        .bind(slot.0)
        .fetch_all(&mut *tx.tx)
        .await?;
        for other in &others {
            let t = slot_time(other)?;
            if t.overlaps(&to) {
                tx.rollback().await?;
                return Err(rejected(
                    format!("新时间 {} 与时段 {} 重叠", to.label().zh, t.label().zh),
                    format!(
                        "the new time {} overlaps the slot {}",
                        to.label().en,
                        t.label().en
                    ),
                ));
            }
        }
        let (start, end) = minutes(&to);
        sqlx::query("UPDATE slots SET day = $1, start_min = $2, end_min = $3 WHERE id = $4")
            .bind(day_text(to.date))
            .bind(start)
            .bind(end)
            .bind(slot.0)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "timetable.move_slot",
            &format!("slot:{slot}"),
            Some(&serde_json::json!({ "slot": from.label().zh })),
            Some(&serde_json::json!({ "slot": to.label().zh })),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn pin_class(
        &self,
        class: ClassId,
        pinned: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query("UPDATE class_slots SET pinned = $1 WHERE class_id = $2")
            .bind(i64::from(pinned))
            .bind(class.0)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            return Err(rejected(
                "这个班级还没有安排时段，不能固定".to_owned(),
                "this class has no slot yet and cannot be pinned".to_owned(),
            ));
        }
        audit::append(
            &mut tx.tx,
            actor,
            if pinned {
                "timetable.pin"
            } else {
                "timetable.unpin"
            },
            &format!("class:{class}"),
            None,
            None,
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn publish_timetable(
        &self,
        campaign: CampaignId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<VersionInfo> {
        versions::publish_timetable(self, campaign, actor, now).await
    }

    async fn timetable_versions(&self, campaign: CampaignId) -> Result<Vec<VersionInfo>> {
        versions::timetable_versions(self, campaign).await
    }

    async fn timetable_version(
        &self,
        campaign: CampaignId,
        number: i64,
    ) -> Result<Option<TimetableVersion>> {
        versions::timetable_version(self, campaign, number).await
    }

    async fn published_slot(
        &self,
        campaign: CampaignId,
        class: ClassId,
    ) -> Result<Option<PublishedSlot>> {
        versions::published_slot(self, campaign, class).await
    }
}
