//! Mapping between student rows and [`StudentRecord`]s, shared by the queries that read
//! students and the import that writes them.

use chrono::NaiveDate;
use gradphoto_domain::{
    CampaignId, ClassCode, ClassId, CollegeId, IdNumber, Sex, Student, StudentId, StudentNo,
    StudentRecord,
};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use crate::error::{Result, StoreError};
use crate::repo::StudentView;

/// The record's columns in `students`, in binding order (after `class_id`).
pub(super) const RECORD_COLUMNS: [&str; 17] = [
    "student_no",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "id_number",
    "exam_no",
    "major_code",
    "major_name",
    "level",
    "duration",
    "study_mode",
    "enrolment_date",
    "graduation_date",
    "school_code",
    "created_at",
    "updated_at",
];

/// Selects a student with their class code and college: `FROM students s JOIN classes c …`.
pub(super) const SELECT_STUDENT: &str = "SELECT s.id, s.campaign_id, s.class_id, c.code AS class_code, \
     c.college_id, g.name AS college_name, s.student_no, s.name, s.sex, s.ethnicity, s.birth_date, \
     s.id_number, s.exam_no, s.major_code, s.major_name, s.level, s.duration, s.study_mode, \
     s.enrolment_date, s.graduation_date, s.school_code \
     FROM students s JOIN classes c ON c.id = s.class_id \
     LEFT JOIN colleges g ON g.id = c.college_id";

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Binds the record's columns (see [`RECORD_COLUMNS`]) onto a query.
pub(super) fn bind_record<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    r: &'q StudentRecord,
    now_ms: i64,
) -> Query<'q, Any, AnyArguments<'q>> {
    bind_fields(q.bind(r.student_no.as_str()), r)
        .bind(now_ms)
        .bind(now_ms)
}

/// Binds the fields between 学号 and the times, `RECORD_COLUMNS[1..15]`, the ones an update sets.
pub(super) fn bind_fields<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    r: &'q StudentRecord,
) -> Query<'q, Any, AnyArguments<'q>> {
    q.bind(r.name.as_str())
        .bind(r.sex.map(Sex::code))
        .bind(r.ethnicity.as_deref())
        .bind(date_text(r.birth_date))
        .bind(r.id_number.as_ref().map(|i| i.as_str().to_owned()))
        .bind(r.exam_no.as_deref())
        .bind(r.major_code.as_deref())
        .bind(r.major_name.as_deref())
        .bind(r.level.as_deref())
        .bind(r.duration.as_deref())
        .bind(r.study_mode.as_deref())
        .bind(date_text(r.enrolment_date))
        .bind(date_text(r.graduation_date))
        .bind(r.school_code.as_deref())
}

fn corrupt(what: &str, value: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}: {why}"))
}

fn date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    let text: Option<String> = r.try_get(col)?;
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|e| corrupt(col, &t, e)))
        .transpose()
}

/// Reads a row selected with [`SELECT_STUDENT`].
pub(super) fn student_view(r: &AnyRow) -> Result<StudentView> {
    let student_no: String = r.try_get("student_no")?;
    let class_code: String = r.try_get("class_code")?;
    let id_number: Option<String> = r.try_get("id_number")?;
    let sex: Option<String> = r.try_get("sex")?;
    let record = StudentRecord {
        student_no: StudentNo::parse(&student_no)
            .map_err(|e| corrupt("student_no", &student_no, e))?,
        name: r.try_get("name")?,
        class_code: ClassCode::parse(&class_code).map_err(|e| corrupt("class", &class_code, e))?,
        sex: sex.as_deref().and_then(Sex::from_code),
        ethnicity: r.try_get("ethnicity")?,
        birth_date: date(r, "birth_date")?,
        id_number: id_number
            .map(|n| IdNumber::parse(&n).map_err(|e| corrupt("id_number", &n, e.msg())))
            .transpose()?,
        exam_no: r.try_get("exam_no")?,
        college: r.try_get("college_name")?,
        major_code: r.try_get("major_code")?,
        major_name: r.try_get("major_name")?,
        level: r.try_get("level")?,
        duration: r.try_get("duration")?,
        study_mode: r.try_get("study_mode")?,
        enrolment_date: date(r, "enrolment_date")?,
        graduation_date: date(r, "graduation_date")?,
        school_code: r.try_get("school_code")?,
    };
    Ok(StudentView {
        student: Student {
            id: StudentId(r.try_get("id")?),
            campaign_id: CampaignId(r.try_get("campaign_id")?),
            class_id: ClassId(r.try_get("class_id")?),
            record,
        },
        college_id: r.try_get::<Option<i64>, _>("college_id")?.map(CollegeId),
    })
}
