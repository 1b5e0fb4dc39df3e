//! Published timetable versions over SQL: the working timetable of every venue copied row by
//! row into the next numbered version, so that nothing published is ever edited; the versions
//! read back; and the latest version's slot of a class, for the desk.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use gradphoto_domain::{CampaignId, ClassId, VenueId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::timetable::slot_time;
use super::{SqlRepo, audit, from_millis, millis};
use crate::error::Result;
use crate::repo::{Actor, PublishedSlot, TimetableVersion, VersionClass, VersionInfo, VersionSlot};

fn version_info(r: &AnyRow) -> Result<VersionInfo> {
    Ok(VersionInfo {
        number: r.try_get("number")?,
        published_at: from_millis(r.try_get("published_at")?)?,
        published_by: r.try_get("published_by")?,
    })
}

pub(super) async fn publish_timetable(
    repo: &SqlRepo,
    campaign: CampaignId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<VersionInfo> {
    let mut tx = repo.write_tx().await?;
    let number: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM timetable_versions WHERE campaign_id = $1",
    )
    .bind(campaign.0)
    .fetch_one(&mut *tx.tx)
    .await?
    .try_get("n")?;
    let version: i64 = sqlx::query(
        "INSERT INTO timetable_versions (campaign_id, number, published_at, published_by) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(campaign.0)
    .bind(number)
    .bind(millis(now))
    .bind(&actor.label)
    .fetch_one(&mut *tx.tx)
    .await?
    .try_get("id")?;
    // Slots numbered in time order across venues; classes copied with their codes and
    // colleges as they are now.
    sqlx::query(
        "INSERT INTO version_slots (version_id, slot_no, venue_id, venue_name, day, start_min, end_min) \
         SELECT $1, ROW_NUMBER() OVER (ORDER BY sl.day, sl.start_min, sl.venue_id), sl.venue_id, v.name, \
         sl.day, sl.start_min, sl.end_min \
         FROM slots sl JOIN venues v ON v.id = sl.venue_id WHERE v.campaign_id = $2",
    )
    .bind(version)
    .bind(campaign.0)
    .execute(&mut *tx.tx)
    .await?;
    sqlx::query(
        "INSERT INTO version_classes (version_id, class_id, class_code, college_name, slot_no) \
         SELECT $1, c.id, c.code, g.name, vs.slot_no \
         FROM class_slots cs JOIN slots sl ON sl.id = cs.slot_id \
         JOIN classes c ON c.id = cs.class_id LEFT JOIN colleges g ON g.id = c.college_id \
         JOIN version_slots vs ON vs.version_id = $2 AND vs.venue_id = sl.venue_id \
         AND vs.day = sl.day AND vs.start_min = sl.start_min",
    )
    .bind(version)
    .bind(version)
    .execute(&mut *tx.tx)
    .await?;
    audit::append(
        &mut tx.tx,
        actor,
        "timetable.publish",
        &format!("campaign:{campaign}"),
        None,
        Some(&serde_json::json!({ "version": number })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(VersionInfo {
        number,
        published_at: from_millis(millis(now))?,
        published_by: actor.label.clone(),
    })
}

pub(super) async fn timetable_versions(
    repo: &SqlRepo,
    campaign: CampaignId,
) -> Result<Vec<VersionInfo>> {
    let rows = sqlx::query(
        "SELECT number, published_at, published_by FROM timetable_versions \
         WHERE campaign_id = $1 ORDER BY number DESC",
    )
    .bind(campaign.0)
    .fetch_all(&repo.pool)
    .await?;
    rows.iter().map(version_info).collect()
}

pub(super) async fn timetable_version(
    repo: &SqlRepo,
    campaign: CampaignId,
    number: i64,
) -> Result<Option<TimetableVersion>> {
    let Some(head) = sqlx::query(
        "SELECT id, number, published_at, published_by FROM timetable_versions \
         WHERE campaign_id = $1 AND number = $2",
    )
    .bind(campaign.0)
    .bind(number)
    .fetch_optional(&repo.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = head.try_get("id")?;
    let slot_rows = sqlx::query(
        "SELECT slot_no, venue_id, venue_name, day, start_min, end_min FROM version_slots \
         WHERE version_id = $1 ORDER BY slot_no",
    )
    .bind(id)
    .fetch_all(&repo.pool)
    .await?;
    let mut slots = Vec::with_capacity(slot_rows.len());
    let mut index = HashMap::new();
    for r in &slot_rows {
        index.insert(r.try_get::<i64, _>("slot_no")?, slots.len());
        slots.push(VersionSlot {
            venue_id: VenueId(r.try_get("venue_id")?),
            venue_name: r.try_get("venue_name")?,
            time: slot_time(r)?,
            classes: Vec::new(),
        });
    }
    let class_rows = sqlx::query(
        "SELECT vc.class_id, vc.class_code, vc.college_name, vc.slot_no \
         FROM version_classes vc WHERE vc.version_id = $1 ORDER BY vc.slot_no, vc.class_code",
    )
    .bind(id)
    .fetch_all(&repo.pool)
    .await?;
    for r in &class_rows {
        let Some(&i) = index.get(&r.try_get::<i64, _>("slot_no")?) else {
            continue;
        };
        slots[i].classes.push(VersionClass {
            class_id: ClassId(r.try_get("class_id")?),
            code: r.try_get("class_code")?,
            college_name: r.try_get("college_name")?,
        });
    }
    Ok(Some(TimetableVersion {
        info: version_info(&head)?,
        slots,
    }))
}

pub(super) async fn published_slot(
    repo: &SqlRepo,
    campaign: CampaignId,
    class: ClassId,
) -> Result<Option<PublishedSlot>> {
    let row = sqlx::query(
        "SELECT tv.number, vs.venue_id, vs.venue_name, vs.day, vs.start_min, vs.end_min \
         FROM timetable_versions tv \
         JOIN version_classes vc ON vc.version_id = tv.id AND vc.class_id = $2 \
         JOIN version_slots vs ON vs.version_id = tv.id AND vs.slot_no = vc.slot_no \
         WHERE tv.id = (SELECT MAX(id) FROM timetable_versions WHERE campaign_id = $1)",
    )
    .bind(campaign.0)
    .bind(class.0)
    .fetch_optional(&repo.pool)
    .await?;
    row.map(|r| {
        Ok(PublishedSlot {
            version: r.try_get("number")?,
            venue_id: VenueId(r.try_get("venue_id")?),
            venue_name: r.try_get("venue_name")?,
            time: slot_time(&r)?,
        })
    })
    .transpose()
}
