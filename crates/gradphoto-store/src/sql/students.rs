//! Reading the roster: students, colleges, classes and the filtered list.

use gradphoto_domain::{CampaignId, ClassId, CollegeId, Student, StudentId, StudentNo};
use sqlx::Row;

use super::SqlRepo;
use super::rows::{SELECT_STUDENT, student_view};
use crate::error::Result;
use crate::repo::{ClassSummary, College, StudentPage, StudentQuery, StudentView};

pub(super) async fn all(repo: &SqlRepo, campaign: CampaignId) -> Result<Vec<Student>> {
    let rows = sqlx::query(&format!(
        "{SELECT_STUDENT} WHERE s.campaign_id = $1 ORDER BY s.id"
    ))
    .bind(campaign.0)
    .fetch_all(&repo.pool)
    .await?;
    rows.iter()
        .map(|r| student_view(r).map(|v| v.student))
        .collect()
}

pub(super) async fn get(repo: &SqlRepo, id: StudentId) -> Result<Option<StudentView>> {
    let row = sqlx::query(&format!("{SELECT_STUDENT} WHERE s.id = $1"))
        .bind(id.0)
        .fetch_optional(&repo.pool)
        .await?;
    row.as_ref().map(student_view).transpose()
}

pub(super) async fn by_no(
    repo: &SqlRepo,
    campaign: CampaignId,
    student_no: &StudentNo,
) -> Result<Option<StudentView>> {
    let row = sqlx::query(&format!(
        "{SELECT_STUDENT} WHERE s.campaign_id = $1 AND s.student_no = $2"
    ))
    .bind(campaign.0)
    .bind(student_no.as_str())
    .fetch_optional(&repo.pool)
    .await?;
    row.as_ref().map(student_view).transpose()
}

pub(super) async fn colleges(repo: &SqlRepo, campaign: CampaignId) -> Result<Vec<College>> {
    let rows = sqlx::query("SELECT id, name FROM colleges WHERE campaign_id = $1 ORDER BY name")
        .bind(campaign.0)
        .fetch_all(&repo.pool)
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

pub(super) async fn classes(repo: &SqlRepo, campaign: CampaignId) -> Result<Vec<ClassSummary>> {
    let rows = sqlx::query(
        "SELECT c.id, c.code, c.college_id, g.name AS college_name, \
         (SELECT COUNT(*) FROM students s WHERE s.class_id = c.id) AS students \
         FROM classes c LEFT JOIN colleges g ON g.id = c.college_id \
         WHERE c.campaign_id = $1 ORDER BY c.code",
    )
    .bind(campaign.0)
    .fetch_all(&repo.pool)
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

pub(super) async fn search(
    repo: &SqlRepo,
    campaign: CampaignId,
    q: &StudentQuery,
) -> Result<StudentPage> {
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

    let count_sql =
        format!("SELECT COUNT(*) AS n FROM students s JOIN classes c ON c.id = s.class_id{filter}");
    let total: i64 = bind_filters!(sqlx::query(&count_sql))
        .fetch_one(&repo.pool)
        .await?
        .try_get("n")?;
    let list_sql = format!(
        "{SELECT_STUDENT}{filter} ORDER BY c.code, s.student_no LIMIT ${limit_at} OFFSET ${offset_at}"
    );
    let rows = bind_filters!(sqlx::query(&list_sql))
        .bind(q.limit.clamp(1, 1000))
        .bind(q.offset.max(0))
        .fetch_all(&repo.pool)
        .await?;
    let items = rows
        .iter()
        .map(student_view)
        .collect::<Result<Vec<StudentView>>>()?;
    Ok(StudentPage { total, items })
}
