//! The roster list (search by 学号, 姓名 or 身份证号; filter by college and class; 50 a page;
//! ID numbers masked) and one student's page. College roles see only their colleges; students
//! see only themselves.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_domain::CollegeId;
use gradphoto_store::{StudentQuery, StudentView};
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::{render, url_encode};
use crate::AppState;
use crate::access::{parse_college, scope_of, visible_student};
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::roster_fields::{self, FieldRow, id_text, sex_text};

pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    college: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "students.html")]
struct StudentsPage {
    t: Tr,
    l: Layout,
    q: String,
    colleges: Vec<Choice>,
    classes: Vec<ClassChoice>,
    scoped: bool,
    total: i64,
    page: i64,
    pages: i64,
    rows: Vec<Row>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

struct Choice {
    id: i64,
    name: String,
    selected: bool,
}

struct ClassChoice {
    code: String,
    selected: bool,
}

struct Row {
    id: i64,
    student_no: String,
    name: String,
    sex: String,
    class_code: String,
    college: String,
    major: String,
    id_number: String,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let user = &current.user;
    require(user, &ROSTER_ROLES)?;
    let t = Tr::new(ctx.lang);
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let college_id = parse_college(&p.college)?;
    let class_code = p.class.trim().to_uppercase();
    let page: i64 = p.page.trim().parse().unwrap_or(1).max(1);
    let scope = scope_of(user);
    let query = StudentQuery {
        text: Some(p.q.trim().to_owned()).filter(|s| !s.is_empty()),
        college_id,
        class_code: Some(class_code.clone()).filter(|s| !s.is_empty()),
        scope: scope.clone(),
        offset: (page - 1).saturating_mul(PAGE_SIZE),
        limit: PAGE_SIZE,
    };
    let found = state.app.repo.search_students(campaign.id, &query).await?;
    let colleges = state.app.repo.colleges(campaign.id).await?;
    let classes = state.app.repo.classes(campaign.id).await?;
    let names: HashMap<CollegeId, String> =
        colleges.iter().map(|c| (c.id, c.name.clone())).collect();
    let visible = |c: Option<CollegeId>| scope.is_none() || user.may_see_college(c);

    let none = t.s("value.none");
    let rows = found
        .items
        .iter()
        .map(|v| row(v, &names, t, none))
        .collect();
    let pages = ((found.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let href = |n: i64| {
        let mut parts = Vec::new();
        if !p.q.trim().is_empty() {
            parts.push(format!("q={}", url_encode(p.q.trim())));
        }
        if let Some(c) = college_id {
            parts.push(format!("college={c}"));
        }
        if !class_code.is_empty() {
            parts.push(format!("class={}", url_encode(&class_code)));
        }
        parts.push(format!("page={n}"));
        format!("/students?{}", parts.join("&"))
    };
    let page_view = StudentsPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("students.title"),
            Section::Students,
        ),
        q: p.q.trim().to_owned(),
        colleges: colleges
            .iter()
            .filter(|c| visible(Some(c.id)))
            .map(|c| Choice {
                id: c.id.0,
                name: c.name.clone(),
                selected: college_id == Some(c.id),
            })
            .collect(),
        classes: classes
            .iter()
            .filter(|c| visible(c.college_id))
            .filter(|c| college_id.is_none() || c.college_id == college_id)
            .map(|c| ClassChoice {
                code: c.code.clone(),
                selected: c.code == class_code,
            })
            .collect(),
        scoped: scope.is_some(),
        total: found.total,
        page,
        pages,
        rows,
        prev_href: (page > 1).then(|| href(page - 1)),
        next_href: (page < pages).then(|| href(page + 1)),
    };
    render(StatusCode::OK, &page_view)
}

fn row(v: &StudentView, names: &HashMap<CollegeId, String>, t: Tr, none: &str) -> Row {
    let r = &v.student.record;
    let or_none = |s: Option<String>| s.unwrap_or_else(|| none.to_owned());
    Row {
        id: v.student.id.0,
        student_no: r.student_no.to_string(),
        name: r.name.clone(),
        sex: or_none(r.sex.map(|s| sex_text(s, t.lang()).to_owned())),
        class_code: r.class_code.to_string(),
        college: or_none(
            v.college_id
                .and_then(|c| names.get(&c).cloned())
                .or_else(|| r.college.clone()),
        ),
        major: or_none(r.major_name.clone()),
        id_number: or_none(r.id_number.as_ref().map(|id| id_text(id, false))),
    }
}

#[derive(Template)]
#[template(path = "student.html")]
struct StudentPage {
    t: Tr,
    l: Layout,
    name: String,
    student_no: String,
    fields: Vec<FieldRow>,
    /// Whether the roster list is open to this user (not to students).
    back: bool,
    /// The photo history, for the station crew (who may open the images).
    photos: Option<PhotoHistory>,
}

/// A student's photos: the current one, the accepted ones before it and why they were
/// superseded, and every frame bound to them.
struct PhotoHistory {
    current: Option<i64>,
    accepted: Vec<AcceptedRow>,
    frames: Vec<super::frame_card::FrameCard>,
}

struct AcceptedRow {
    frame_id: i64,
    accepted: String,
    by: String,
    superseded: Option<(String, String)>,
}

async fn photo_history(
    state: &AppState,
    student: gradphoto_domain::StudentId,
    t: Tr,
) -> Result<PhotoHistory, WebError> {
    use super::frame_card::{FrameCard, venue_time};
    let all = state.app.repo.student_photos(student).await?;
    let when = |at| venue_time(at, "%Y-%m-%d %H:%M");
    Ok(PhotoHistory {
        current: all.current().map(|p| p.frame_id.0),
        accepted: all
            .photos
            .iter()
            .map(|p| AcceptedRow {
                frame_id: p.frame_id.0,
                accepted: when(p.accepted_at),
                by: p.accepted_by_label.clone(),
                superseded: p
                    .superseded_at
                    .map(|at| (when(at), p.superseded_reason.clone().unwrap_or_default())),
            })
            .collect(),
        frames: all.frames.iter().map(|f| FrameCard::new(f, t)).collect(),
    })
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (view, full_id) = visible_student(&state, &current.user, &id).await?;
    let t = Tr::new(ctx.lang);
    let campaign = state.app.repo.campaign(view.student.campaign_id).await?;
    let record = &view.student.record;
    let photos = if crate::auth::DESK_ROLES.contains(&current.user.role) {
        Some(photo_history(&state, view.student.id, t).await?)
    } else {
        None
    };
    let page = StudentPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            campaign.as_ref(),
            &record.name,
            Section::Students,
        ),
        name: record.name.clone(),
        student_no: record.student_no.to_string(),
        fields: roster_fields::rows(record, t.lang(), full_id),
        back: current.user.may_list_roster(),
        photos,
    };
    render(StatusCode::OK, &page)
}
