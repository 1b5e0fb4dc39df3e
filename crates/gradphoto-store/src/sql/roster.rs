//! The roster over SQL ([`RosterRepo`]): reading students, colleges, classes and the filtered
//! list; and writing an import plan — colleges and classes found in the file, new students in
//! batches, changed students one by one with an audit event each, all in one transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::{
    CampaignId, ClassId, CollegeId, Msg, Student, StudentId, StudentNo, StudentRecord,
};
use sqlx::{AnyConnection, Row};

use super::rows::{RECORD_COLUMNS, SELECT_STUDENT, bind_fields, bind_record, student_view};
use super::{SqlRepo, audit, millis};
use crate::error::{Result, StoreError};
use crate::repo::{
    Actor, ClassSummary, College, ImportSummary, RosterRepo, StudentPage, StudentQuery, StudentView,
};

/// Rows per multi-row INSERT: 18 parameters a row stays far below both databases' limits.
const BATCH: usize = 500;

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

/// Escapes `%`, `_` and `\` so a person's search text matches literally inside `LIKE`.
fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[async_trait]
impl RosterRepo for SqlRepo {
    async fn students(&self, campaign: CampaignId) -> Result<Vec<Student>> {
        let rows = sqlx::query(&format!(
            "{SELECT_STUDENT} WHERE s.campaign_id = $1 ORDER BY s.id"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| student_view(r).map(|v| v.student))
            .collect()
    }

    async fn apply_import(
        &self,
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
        let mut tx = self.write_tx().await?;
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
                        .map(|k| self.dialect.placeholder(row * per_row + k))
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

    async fn colleges(&self, campaign: CampaignId) -> Result<Vec<College>> {
        let rows =
            sqlx::query("SELECT id, name FROM colleges WHERE campaign_id = $1 ORDER BY name")
                .bind(campaign.0)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(College {
                    id: CollegeId(r.try_get("id")?),
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    async fn classes(&self, campaign: CampaignId) -> Result<Vec<ClassSummary>> {
        let rows = sqlx::query(
            "SELECT c.id, c.code, c.college_id, g.name AS college_name, \
             (SELECT COUNT(*) FROM students s WHERE s.class_id = c.id) AS students \
             FROM classes c LEFT JOIN colleges g ON g.id = c.college_id \
             WHERE c.campaign_id = $1 ORDER BY c.code",
        )
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ClassSummary {
                    id: ClassId(r.try_get("id")?),
                    code: r.try_get("code")?,
                    college_id: r.try_get::<Option<i64>, _>("college_id")?.map(CollegeId),
                    college_name: r.try_get("college_name")?,
                    students: r.try_get("students")?,
                })
            })
            .collect()
    }

    async fn search_students(&self, campaign: CampaignId, q: &StudentQuery) -> Result<StudentPage> {
        // Built as text with numbered parameters; the values are bound below in the same order.
        let mut filter = String::from(" WHERE s.campaign_id = $1");
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        let text = q
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(like_pattern);
        if text.is_some() {
            let i = next();
            filter.push_str(&format!(
                " AND (s.student_no LIKE ${i} ESCAPE '\\' OR s.name LIKE ${i} ESCAPE '\\' \
                 OR s.id_number LIKE ${i} ESCAPE '\\')"
            ));
        }
        if q.college_id.is_some() {
            filter.push_str(&format!(" AND c.college_id = ${}", next()));
        }
        if q.class_code.is_some() {
            filter.push_str(&format!(" AND c.code = ${}", next()));
        }
        if let Some(scope) = &q.scope {
            if scope.is_empty() {
                filter.push_str(" AND 1 = 0");
            } else {
                let marks: Vec<String> = scope.iter().map(|_| format!("${}", next())).collect();
                filter.push_str(&format!(" AND c.college_id IN ({})", marks.join(", ")));
            }
        }
        let limit_at = next();
        let offset_at = next();

        macro_rules! bind_filters {
            ($query:expr) => {{
                let mut query = $query.bind(campaign.0);
                if let Some(t) = &text {
                    query = query.bind(t.clone());
                }
                if let Some(c) = q.college_id {
                    query = query.bind(c.0);
                }
                if let Some(c) = &q.class_code {
                    query = query.bind(c.clone());
                }
                for c in q.scope.iter().flatten() {
                    query = query.bind(c.0);
                }
                query
            }};
        }

        let count_sql = format!(
            "SELECT COUNT(*) AS n FROM students s JOIN classes c ON c.id = s.class_id{filter}"
        );
        let total: i64 = bind_filters!(sqlx::query(&count_sql))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let list_sql = format!(
            "{SELECT_STUDENT}{filter} ORDER BY c.code, s.student_no \
             LIMIT ${limit_at} OFFSET ${offset_at}"
        );
        let rows = bind_filters!(sqlx::query(&list_sql))
            .bind(q.limit.clamp(1, 1000))
            .bind(q.offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(student_view)
            .collect::<Result<Vec<StudentView>>>()?;
        Ok(StudentPage { total, items })
    }

    async fn student(&self, id: StudentId) -> Result<Option<StudentView>> {
        let row = sqlx::query(&format!("{SELECT_STUDENT} WHERE s.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(student_view).transpose()
    }

    async fn student_by_no(
        &self,
        campaign: CampaignId,
        student_no: &StudentNo,
    ) -> Result<Option<StudentView>> {
        let row = sqlx::query(&format!(
            "{SELECT_STUDENT} WHERE s.campaign_id = $1 AND s.student_no = $2"
        ))
        .bind(campaign.0)
        .bind(student_no.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(student_view).transpose()
    }
}
