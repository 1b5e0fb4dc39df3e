//! Writing an import plan: colleges and classes found in the file, new students in batches,
//! changed students one by one with an audit event each, all in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::{CampaignId, Msg, StudentRecord};
use sqlx::{AnyConnection, Row};

use super::rows::{RECORD_COLUMNS, bind_fields, bind_record};
use super::{SqlRepo, audit, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, ImportSummary};

/// Rows per multi-row INSERT: 18 parameters a row stays far below both databases' limits.
const BATCH: usize = 500;

pub(super) async fn apply(
    repo: &SqlRepo,
    campaign: CampaignId,
    plan: &ImportPlan,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    if !plan.problems.is_empty() {
        return Err(StoreError::Rejected(Msg::new(
            format!("导入计划有 {} 个问题，未写入任何数据", plan.problems.len()),
            format!(
                "the import plan has {} problems; nothing was written",
                plan.problems.len()
            ),
        )));
    }
    let now_ms = millis(now);
    let mut tx = repo.write_tx().await?;
    let records = plan
        .creates
        .iter()
        .chain(plan.updates.iter().map(|(_, r, _)| r));
    let mut places = Places::load(&mut tx.tx, campaign).await?;
    let mut class_ids = HashMap::new();
    for r in records {
        if !class_ids.contains_key(r.class_code.as_str()) {
            let id = places.class_id(&mut tx.tx, campaign, r).await?;
            class_ids.insert(r.class_code.as_str().to_owned(), id);
        }
    }
    let class_of = |r: &StudentRecord| class_ids.get(r.class_code.as_str()).copied();

    // Clear the ID numbers that change first, so that two students swapping numbers never
    // collide on the unique index half-way through.
    for (id, before, changes) in &plan.updates {
        if changes.iter().any(|c| c.field == "id_number") && before.id_number.is_some() {
            sqlx::query("UPDATE students SET id_number = NULL WHERE id = $1")
                .bind(id.0)
                .execute(&mut *tx.tx)
                .await?;
        }
    }
    let sets: Vec<String> = RECORD_COLUMNS[1..15]
        .iter()
        .enumerate()
        .map(|(i, col)| format!("{col} = ${}", i + 1))
        .collect();
    let update_sql = format!(
        "UPDATE students SET {}, class_id = $15, updated_at = $16 WHERE id = $17",
        sets.join(", ")
    );
    for (id, record, changes) in &plan.updates {
        bind_fields(sqlx::query(&update_sql), record)
            .bind(class_of(record))
            .bind(now_ms)
            .bind(id.0)
            .execute(&mut *tx.tx)
            .await?;
        let before: serde_json::Map<String, serde_json::Value> = changes
            .iter()
            .map(|c| (c.field.to_owned(), c.before.clone().into()))
            .collect();
        let after: serde_json::Map<String, serde_json::Value> = changes
            .iter()
            .map(|c| (c.field.to_owned(), c.after.clone().into()))
            .collect();
        audit::append(
            &mut tx.tx,
            actor,
            "student.update",
            &format!("student:{id}"),
            Some(&before.into()),
            Some(&after.into()),
            now,
        )
        .await?;
    }

    let columns = format!("campaign_id, class_id, {}", RECORD_COLUMNS.join(", "));
    let per_row = RECORD_COLUMNS.len() + 2;
    for chunk in plan.creates.chunks(BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|row| {
                let marks: Vec<String> = (1..=per_row)
                    .map(|k| repo.dialect.placeholder(row * per_row + k))
                    .collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO students ({columns}) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for r in chunk {
            query = bind_record(query.bind(campaign.0).bind(class_of(r)), r, now_ms);
        }
        query.execute(&mut *tx.tx).await?;
    }

    let summary = ImportSummary {
        created: plan.creates.len(),
        updated: plan.updates.len(),
        unchanged: plan.unchanged,
        colleges_created: places.colleges_created,
        classes_created: places.classes_created,
    };
    audit::append(
        &mut tx.tx,
        actor,
        "roster.import",
        &format!("campaign:{campaign}"),
        None,
        serde_json::to_value(&summary).ok().as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// The colleges and classes of a campaign, created as the import meets them.
struct Places {
    colleges: HashMap<String, i64>,
    classes: HashMap<String, (i64, Option<i64>)>,
    colleges_created: usize,
    classes_created: usize,
}

impl Places {
    async fn load(conn: &mut AnyConnection, campaign: CampaignId) -> Result<Self> {
        let mut colleges = HashMap::new();
        for r in sqlx::query("SELECT id, name FROM colleges WHERE campaign_id = $1")
            .bind(campaign.0)
            .fetch_all(&mut *conn)
            .await?
        {
            colleges.insert(r.try_get("name")?, r.try_get("id")?);
        }
        let mut classes = HashMap::new();
        for r in sqlx::query("SELECT id, code, college_id FROM classes WHERE campaign_id = $1")
            .bind(campaign.0)
            .fetch_all(&mut *conn)
            .await?
        {
            classes.insert(
                r.try_get("code")?,
                (r.try_get("id")?, r.try_get("college_id")?),
            );
        }
        Ok(Self {
            colleges,
            classes,
            colleges_created: 0,
            classes_created: 0,
        })
    }

    async fn college_id(
        &mut self,
        conn: &mut AnyConnection,
        campaign: CampaignId,
        name: &str,
    ) -> Result<i64> {
        if let Some(id) = self.colleges.get(name) {
            return Ok(*id);
        }
        let id: i64 =
            sqlx::query("INSERT INTO colleges (campaign_id, name) VALUES ($1, $2) RETURNING id")
                .bind(campaign.0)
                .bind(name)
                .fetch_one(&mut *conn)
                .await?
                .try_get("id")?;
        self.colleges.insert(name.to_owned(), id);
        self.colleges_created += 1;
        Ok(id)
    }

    /// The class of a record, created or moved to the record's college as the file says.
    async fn class_id(
        &mut self,
        conn: &mut AnyConnection,
        campaign: CampaignId,
        r: &StudentRecord,
    ) -> Result<i64> {
        let college = match r.college.as_deref() {
            Some(name) => Some(self.college_id(conn, campaign, name).await?),
            None => None,
        };
        let code = r.class_code.as_str();
        match self.classes.get(code).copied() {
            Some((id, stored)) => {
                if college.is_some() && college != stored {
                    sqlx::query("UPDATE classes SET college_id = $1 WHERE id = $2")
                        .bind(college)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    self.classes.insert(code.to_owned(), (id, college));
                }
                Ok(id)
            }
            None => {
                let id: i64 = sqlx::query(
                    "INSERT INTO classes (campaign_id, code, college_id) VALUES ($1, $2, $3) \
                     RETURNING id",
                )
                .bind(campaign.0)
                .bind(code)
                .bind(college)
                .fetch_one(&mut *conn)
                .await?
                .try_get("id")?;
                self.classes.insert(code.to_owned(), (id, college));
                self.classes_created += 1;
                Ok(id)
            }
        }
    }
}
