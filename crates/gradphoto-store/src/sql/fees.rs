//! The fee ledger over SQL ([`FeeRepo`]): entries are inserted, never updated or deleted; the
//! checks that depend on earlier entries (an exemption twice, a correction worked out from an
//! amount that has since changed) run inside the writing transaction, with the class locked on
//! PostgreSQL so that two secretaries cannot both pass them.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::fees::{FeeEntry, FeeKind, PaymentMethod};
use gradphoto_domain::{CampaignId, ClassId, Fen, Msg, StudentId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::tickets::day_text;
use super::timetable::parse_day;
use super::{Dialect, SqlRepo, audit, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{Actor, FeeRepo, LedgerRow, NewFeeEntry};

const SELECT_ROWS: &str = "SELECT e.id, e.campaign_id, e.class_id, e.student_id, e.kind, \
     e.amount_fen, e.paid_on, e.paid_by, e.received_by, e.method, e.note, e.corrects_id, \
     e.by_user_id, e.by_label, e.at, c.code AS class_code, s.student_no, s.name AS student_name \
     FROM fee_entries e JOIN classes c ON c.id = e.class_id \
     LEFT JOIN students s ON s.id = e.student_id";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("fee entry {what}"))
}

fn rejected(zh: String, en: String) -> StoreError {
    StoreError::Rejected(Msg::new(zh, en))
}

fn entry_from_row(r: &AnyRow) -> Result<FeeEntry> {
    let kind: String = r.try_get("kind")?;
    let method = match r.try_get::<Option<String>, _>("method")? {
        None => None,
        Some(code) => Some(PaymentMethod::parse(&code).map_err(|_| corrupt(&code))?),
    };
    Ok(FeeEntry {
        id: r.try_get("id")?,
        campaign_id: CampaignId(r.try_get("campaign_id")?),
        class_id: ClassId(r.try_get("class_id")?),
        student_id: r.try_get::<Option<i64>, _>("student_id")?.map(StudentId),
        kind: FeeKind::parse(&kind).ok_or_else(|| corrupt(&kind))?,
        amount: Fen(r.try_get("amount_fen")?),
        paid_on: r
            .try_get::<Option<String>, _>("paid_on")?
            .as_deref()
            .map(parse_day)
            .transpose()?,
        paid_by: r.try_get("paid_by")?,
        received_by: r.try_get("received_by")?,
        method,
        note: r.try_get("note")?,
        corrects: r.try_get("corrects_id")?,
        by: r.try_get::<Option<i64>, _>("by_user_id")?.map(UserId),
        by_label: r.try_get("by_label")?,
        at: from_millis(r.try_get("at")?)?,
    })
}

fn row_from_row(r: &AnyRow) -> Result<LedgerRow> {
    Ok(LedgerRow {
        entry: entry_from_row(r)?,
        class_code: r.try_get("class_code")?,
        student_no: r.try_get("student_no")?,
        student_name: r.try_get("student_name")?,
    })
}

/// The amount of an entry with its corrections, inside the transaction.
async fn net_amount(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Fen> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS net FROM fee_entries \
         WHERE id = $1 OR corrects_id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(Fen(row.try_get("net")?))
}

impl SqlRepo {
    /// The checks of an entry that depend on what is stored; the class is locked first.
    async fn check_fee_entry(&self, conn: &mut sqlx::AnyConnection, e: &NewFeeEntry) -> Result<()> {
        let lock = match self.dialect {
            Dialect::Postgres => " FOR UPDATE",
            Dialect::Sqlite => "",
        };
        let class = sqlx::query(&format!(
            "SELECT code FROM classes WHERE id = $1 AND campaign_id = $2{lock}"
        ))
        .bind(e.class_id.0)
        .bind(e.campaign_id.0)
        .fetch_optional(&mut *conn)
        .await?;
        if class.is_none() {
            return Err(rejected(
                format!("班级 {} 不属于本次采集", e.class_id.0),
                format!("class {} is not of this campaign", e.class_id.0),
            ));
        }
        if let Some(student) = e.student_id {
            let of_class = sqlx::query("SELECT id FROM students WHERE id = $1 AND class_id = $2")
                .bind(student.0)
                .bind(e.class_id.0)
                .fetch_optional(&mut *conn)
                .await?;
            if of_class.is_none() {
                return Err(rejected(
                    "该学生不在这个班级".to_owned(),
                    "the student is not of this class".to_owned(),
                ));
            }
        }
        if e.kind == FeeKind::Exemption {
            let standing = sqlx::query(
                "SELECT CAST(COALESCE(SUM(x.amount_fen), 0) AS BIGINT) AS net FROM fee_entries x \
                 WHERE x.student_id = $1 AND x.campaign_id = $2 \
                 AND (x.kind = 'exemption' OR x.corrects_id IN \
                   (SELECT id FROM fee_entries WHERE kind = 'exemption' AND student_id = $1))",
            )
            .bind(e.student_id.map(|s| s.0))
            .bind(e.campaign_id.0)
            .fetch_one(&mut *conn)
            .await?;
            if standing.try_get::<i64, _>("net")? > 0 {
                return Err(rejected(
                    "该学生已登记免缴；如需更改，请更正原记录".to_owned(),
                    "the student is exempt already; correct that entry to change it".to_owned(),
                ));
            }
        }
        if let Some((target, was)) = e.corrects {
            let row = sqlx::query("SELECT class_id, kind FROM fee_entries WHERE id = $1")
                .bind(target)
                .fetch_optional(&mut *conn)
                .await?;
            let Some(row) = row else {
                return Err(rejected(
                    format!("没有第 {target} 条记录"),
                    format!("there is no entry {target}"),
                ));
            };
            let kind: String = row.try_get("kind")?;
            if row.try_get::<i64, _>("class_id")? != e.class_id.0 || kind == "correction" {
                return Err(rejected(
                    format!("第 {target} 条记录不能这样更正：请更正本班的缴费或免缴记录"),
                    format!(
                        "entry {target} cannot be corrected so: correct a payment or exemption of this class"
                    ),
                ));
            }
            let now = net_amount(conn, target).await?;
            if now != was {
                return Err(rejected(
                    format!("第 {target} 条记录刚被更正过（现为 {now} 元），请刷新后再更正"),
                    format!(
                        "entry {target} was just corrected (now {now} yuan); reload and try again"
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[async_trait]
impl FeeRepo for SqlRepo {
    async fn fee_entries(
        &self,
        campaign: CampaignId,
        classes: Option<&[ClassId]>,
    ) -> Result<Vec<LedgerRow>> {
        let rows = sqlx::query(&format!(
            "{SELECT_ROWS} WHERE e.campaign_id = $1 ORDER BY e.id"
        ))
        .bind(campaign.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let row = row_from_row(r)?;
            if classes.is_none_or(|c| c.contains(&row.entry.class_id)) {
                out.push(row);
            }
        }
        Ok(out)
    }

    async fn append_fee_entry(
        &self,
        e: &NewFeeEntry,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<FeeEntry> {
        let mut tx = self.write_tx().await?;
        self.check_fee_entry(&mut tx.tx, e).await?;
        let row = sqlx::query(
            "INSERT INTO fee_entries (campaign_id, class_id, student_id, kind, amount_fen, \
             paid_on, paid_by, received_by, method, note, corrects_id, by_user_id, by_label, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             RETURNING id, campaign_id, class_id, student_id, kind, amount_fen, paid_on, \
             paid_by, received_by, method, note, corrects_id, by_user_id, by_label, at",
        )
        .bind(e.campaign_id.0)
        .bind(e.class_id.0)
        .bind(e.student_id.map(|s| s.0))
        .bind(e.kind.code())
        .bind(e.amount.0)
        .bind(e.paid_on.map(day_text))
        .bind(&e.paid_by)
        .bind(&e.received_by)
        .bind(e.method.map(PaymentMethod::code))
        .bind(&e.note)
        .bind(e.corrects.map(|(id, _)| id))
        .bind(actor.user_id.map(|u| u.0))
        .bind(&actor.label)
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let stored = entry_from_row(&row)?;
        audit::append(
            &mut tx.tx,
            actor,
            &format!("fee.{}", stored.kind.code()),
            &format!("fee:{}", stored.id),
            None,
            serde_json::to_value(&stored).ok().as_ref(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn fee_deadline(&self, campaign: CampaignId) -> Result<Option<NaiveDate>> {
        let row = sqlx::query("SELECT deadline FROM fee_deadlines WHERE campaign_id = $1")
            .bind(campaign.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| parse_day(&r.try_get::<String, _>("deadline")?))
            .transpose()
    }

    async fn set_fee_deadline(
        &self,
        campaign: CampaignId,
        day: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let before = sqlx::query("SELECT deadline FROM fee_deadlines WHERE campaign_id = $1")
            .bind(campaign.0)
            .fetch_optional(&mut *tx.tx)
            .await?
            .map(|r| r.try_get::<String, _>("deadline"))
            .transpose()?;
        sqlx::query(
            "INSERT INTO fee_deadlines (campaign_id, deadline) VALUES ($1, $2) \
             ON CONFLICT (campaign_id) DO UPDATE SET deadline = excluded.deadline",
        )
        .bind(campaign.0)
        .bind(day_text(day))
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx.tx,
            actor,
            "fee.deadline",
            &format!("campaign:{}", campaign.0),
            before
                .map(|d| serde_json::json!({ "deadline": d }))
                .as_ref(),
            Some(&serde_json::json!({ "deadline": day_text(day) })),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
