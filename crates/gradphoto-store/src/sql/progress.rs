//! Class progress over SQL ([`ProgressRepo`]): each class's counts (check-in, photo,
//! proofreading) in one grouped query, and the students of some classes who never checked in,
//! or never proofread, in another, whatever the number of classes.

use async_trait::async_trait;
use gradphoto_domain::{CampaignId, ClassId, CollegeId, StudentId, TicketState};
use sqlx::Row;

use super::SqlRepo;
use crate::error::Result;
use crate::repo::{AbsentStudent, ClassCounts, ProgressRepo};

/// `$first, $first+1, …` for `n` values.
fn marks(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl ProgressRepo for SqlRepo {
    async fn class_counts(
        &self,
        campaign: CampaignId,
        scope: Option<&[CollegeId]>,
    ) -> Result<Vec<ClassCounts>> {
        let filter = match scope {
            None => String::new(),
            Some([]) => return Ok(Vec::new()),
            Some(colleges) => format!(" AND c.college_id IN ({})", marks(3, colleges.len())),
        };
        // A student is counted once however many tickets they hold (one a day, and voided
        // ones replaced); a student has at most one current photo.
        let sql = format!(
            "SELECT c.id, c.code, c.college_id, g.name AS college_name, \
             COUNT(s.id) AS students, COUNT(tk.student_id) AS checked_in, \
             COUNT(ph.student_id) AS photographed, \
             COUNT(CASE WHEN pf.state = 'confirmed' THEN 1 END) AS confirmed, \
             COUNT(CASE WHEN pf.state = 'disputed' THEN 1 END) AS disputed \
             FROM classes c \
             LEFT JOIN colleges g ON g.id = c.college_id \
             LEFT JOIN students s ON s.class_id = c.id \
             LEFT JOIN (SELECT DISTINCT t.student_id FROM tickets t \
                        JOIN venues v ON v.id = t.venue_id \
                        WHERE v.campaign_id = $1 AND t.state <> $2) tk ON tk.student_id = s.id \
             LEFT JOIN photos ph ON ph.student_id = s.id AND ph.superseded_at IS NULL \
             LEFT JOIN proofs pf ON pf.student_id = s.id \
                  AND pf.id = (SELECT MAX(p2.id) FROM proofs p2 WHERE p2.student_id = s.id) \
             WHERE c.campaign_id = $1{filter} \
             GROUP BY c.id, c.code, c.college_id, g.name \
             ORDER BY c.code"
        );
        let mut query = sqlx::query(&sql)
            .bind(campaign.0)
            .bind(TicketState::Void.code());
        for college in scope.into_iter().flatten() {
            query = query.bind(college.0);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(ClassCounts {
                    class_id: ClassId(r.try_get("id")?),
                    code: r.try_get("code")?,
                    college_id: r.try_get::<Option<i64>, _>("college_id")?.map(CollegeId),
                    college_name: r.try_get("college_name")?,
                    students: r.try_get("students")?,
                    checked_in: r.try_get("checked_in")?,
                    photographed: r.try_get("photographed")?,
                    confirmed: r.try_get("confirmed")?,
                    disputed: r.try_get("disputed")?,
                })
            })
            .collect()
    }

    async fn students_without_ticket(
        &self,
        campaign: CampaignId,
        classes: &[ClassId],
    ) -> Result<Vec<AbsentStudent>> {
        let none =
            "NOT EXISTS (SELECT 1 FROM tickets t WHERE t.student_id = s.id AND t.state <> $2)";
        students_where(self, campaign, classes, none, TicketState::Void.code()).await
    }

    async fn students_without_proof(
        &self,
        campaign: CampaignId,
        classes: &[ClassId],
    ) -> Result<Vec<AbsentStudent>> {
        // `$2` is bound for the shape of the query: a proof's state is never empty.
        let none =
            "NOT EXISTS (SELECT 1 FROM proofs p WHERE p.student_id = s.id AND p.state <> $2)";
        students_where(self, campaign, classes, none, "").await
    }
}

/// The students of `classes` (of the campaign) for whom `condition` holds (it may use `$2`,
/// bound to `param`), by class code, then 学号.
async fn students_where(
    repo: &SqlRepo,
    campaign: CampaignId,
    classes: &[ClassId],
    condition: &str,
    param: &str,
) -> Result<Vec<AbsentStudent>> {
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.id, s.student_no, s.name, c.id AS class_id, c.code, \
         g.name AS college_name \
         FROM students s \
         JOIN classes c ON c.id = s.class_id \
         LEFT JOIN colleges g ON g.id = c.college_id \
         WHERE s.campaign_id = $1 AND s.class_id IN ({}) AND {condition} \
         ORDER BY c.code, s.student_no",
        marks(3, classes.len())
    );
    let mut query = sqlx::query(&sql).bind(campaign.0).bind(param);
    for class in classes {
        query = query.bind(class.0);
    }
    let rows = query.fetch_all(&repo.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(AbsentStudent {
                student_id: StudentId(r.try_get("id")?),
                student_no: r.try_get("student_no")?,
                name: r.try_get("name")?,
                class_id: ClassId(r.try_get("class_id")?),
                class_code: r.try_get("code")?,
                college_name: r.try_get("college_name")?,
            })
        })
        .collect()
}
