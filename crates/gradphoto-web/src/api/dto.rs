//! The JSON shapes of the API, with their OpenAPI schemas. The domain and store types carry no
//! schema (those crates know nothing of HTTP), so the API speaks these, converted at the edge.
//! The venue's shapes (check-in, tickets, stations, the board) are in [`queue`].

mod frames;
mod jobs;
mod queue;
mod timetable;
pub use frames::*;
pub use jobs::*;
pub use queue::*;
pub use timetable::*;

use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::{Campaign, Msg, User};
use gradphoto_store::{ClassSummary, College, ImportSummary, StudentView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::roster_fields::id_text;
use gradphoto_app::roster::ImportReport;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Needed only when authenticating with the session cookie instead: send as `X-CSRF-Token`
    /// on unsafe requests.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// `admin`, `college_lead`, `college_secretary`, `operator` or `student`.
    pub role: String,
    pub role_zh: String,
    pub role_en: String,
    /// For college roles: the colleges they may see.
    pub colleges: Vec<i64>,
    /// For students: their roster entry.
    pub student_id: Option<i64>,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        let label: Msg = u.role.label();
        Self {
            id: u.id.0,
            login: u.login.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code().to_owned(),
            role_zh: label.zh,
            role_en: label.en,
            colleges: u.colleges.iter().map(|c| c.0).collect(),
            student_id: u.student_id.map(|s| s.0),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: i64,
    /// Graduating year: 2023 for 2023届.
    pub cohort: i32,
    pub title: String,
    /// Fee per student in fen (1 yuan = 100 fen).
    pub fee_fen: i64,
    /// The same fee in yuan, for display: `15.00`, `15.50`.
    pub fee_yuan: String,
    pub prints_per_student: i64,
    pub created_at: DateTime<Utc>,
}

impl From<&Campaign> for CampaignDto {
    fn from(c: &Campaign) -> Self {
        Self {
            id: c.id.0,
            cohort: c.cohort,
            title: c.title.clone(),
            fee_fen: c.fee_fen.0,
            fee_yuan: c.fee_fen.to_string(),
            prints_per_student: c.prints_per_student,
            created_at: c.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollegeDto {
    pub id: i64,
    pub name: String,
    pub classes: usize,
    pub students: i64,
}

impl CollegeDto {
    pub fn new(c: &College, classes: &[ClassSummary]) -> Self {
        let mine = classes.iter().filter(|k| k.college_id == Some(c.id));
        let (n, students) = mine.fold((0, 0), |(n, s), k| (n + 1, s + k.students));
        Self {
            id: c.id.0,
            name: c.name.clone(),
            classes: n,
            students,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassDto {
    pub id: i64,
    pub code: String,
    pub college_id: Option<i64>,
    pub college_name: Option<String>,
    pub students: i64,
}

impl From<&ClassSummary> for ClassDto {
    fn from(c: &ClassSummary) -> Self {
        Self {
            id: c.id.0,
            code: c.code.clone(),
            college_id: c.college_id.map(|c| c.0),
            college_name: c.college_name.clone(),
            students: c.students,
        }
    }
}

/// The current campaign and the colleges and classes the caller may see, with counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOverview {
    pub campaign: CampaignDto,
    pub colleges: Vec<CollegeDto>,
    pub classes: Vec<ClassDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StudentDto {
    pub id: i64,
    pub campaign_id: i64,
    pub class_id: i64,
    pub college_id: Option<i64>,
    pub student_no: String,
    pub name: String,
    pub class_code: String,
    /// `male` or `female`.
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// Whole for admins and for the student themself, masked (`1101**********002X`) otherwise.
    pub id_number: Option<String>,
    pub id_number_masked: bool,
    pub exam_no: Option<String>,
    pub college: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub level: Option<String>,
    pub duration: Option<String>,
    pub study_mode: Option<String>,
    pub enrolment_date: Option<NaiveDate>,
    pub graduation_date: Option<NaiveDate>,
    pub school_code: Option<String>,
}

impl StudentDto {
    pub fn new(v: &StudentView, full_id: bool) -> Self {
        let s = &v.student;
        let r = &s.record;
        Self {
            id: s.id.0,
            campaign_id: s.campaign_id.0,
            class_id: s.class_id.0,
            college_id: v.college_id.map(|c| c.0),
            student_no: r.student_no.to_string(),
            name: r.name.clone(),
            class_code: r.class_code.to_string(),
            sex: r.sex.map(|x| x.code().to_owned()),
            ethnicity: r.ethnicity.clone(),
            birth_date: r.birth_date,
            id_number: r.id_number.as_ref().map(|id| id_text(id, full_id)),
            id_number_masked: !full_id && r.id_number.is_some(),
            exam_no: r.exam_no.clone(),
            college: r.college.clone(),
            major_code: r.major_code.clone(),
            major_name: r.major_name.clone(),
            level: r.level.clone(),
            duration: r.duration.clone(),
            study_mode: r.study_mode.clone(),
            enrolment_date: r.enrolment_date,
            graduation_date: r.graduation_date,
            school_code: r.school_code.clone(),
        }
    }
}

/// Query parameters of the roster search. An empty parameter (`college_id=`) counts as absent,
/// as forms and hand-built URLs send them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StudentsParams {
    /// Part of a 学号, 姓名 or 身份证号.
    pub q: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub college_id: Option<i64>,
    /// A class code, e.g. `190111`.
    pub class: Option<String>,
    /// Students to skip (default 0).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<i64>,
    /// Students to return (default 50, at most 500).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<i64>,
}

fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StudentPageDto {
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub items: Vec<StudentDto>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check only, write nothing (the default). `false` writes when nothing is wrong.
    pub dry_run: Option<bool>,
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The roster file: .xlsx, .xls or .csv.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemDto {
    /// Row number as the spreadsheet shows it; absent for problems with the whole file.
    pub row: Option<usize>,
    /// The column's header as written in the file.
    pub column: Option<String>,
    pub value: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDto {
    /// The field, snake_case: `name`, `id_number`, ...
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateDto {
    pub student_no: String,
    pub name: String,
    pub changes: Vec<ChangeDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppliedDto {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub colleges_created: usize,
    pub classes_created: usize,
}

impl From<&ImportSummary> for AppliedDto {
    fn from(s: &ImportSummary) -> Self {
        Self {
            created: s.created,
            updated: s.updated,
            unchanged: s.unchanged,
            colleges_created: s.colleges_created,
            classes_created: s.classes_created,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportDto {
    pub file_name: String,
    pub dry_run: bool,
    /// Valid student rows read.
    pub rows: usize,
    /// When not empty, nothing was written.
    pub problems: Vec<ProblemDto>,
    pub creates: usize,
    pub updates: Vec<UpdateDto>,
    pub unchanged: usize,
    /// Set when the import was written.
    pub applied: Option<AppliedDto>,
}

impl From<&ImportReport> for ImportReportDto {
    fn from(r: &ImportReport) -> Self {
        Self {
            file_name: r.file_name.clone(),
            dry_run: r.dry_run,
            rows: r.rows,
            problems: r
                .problems
                .iter()
                .map(|p| ProblemDto {
                    row: p.row,
                    column: p.column.clone(),
                    value: p.value.clone(),
                    message_zh: p.message.zh.clone(),
                    message_en: p.message.en.clone(),
                })
                .collect(),
            creates: r.creates,
            updates: r
                .updates
                .iter()
                .map(|u| UpdateDto {
                    student_no: u.student_no.clone(),
                    name: u.name.clone(),
                    changes: u
                        .changes
                        .iter()
                        .map(|c| ChangeDto {
                            field: c.field.to_owned(),
                            before: c.before.clone(),
                            after: c.after.clone(),
                        })
                        .collect(),
                })
                .collect(),
            unchanged: r.unchanged,
            applied: r.applied.as_ref().map(AppliedDto::from),
        }
    }
}
