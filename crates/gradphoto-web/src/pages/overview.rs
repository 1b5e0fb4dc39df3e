//! The home page. Staff see the current campaign (fee, prints) and how many students each
//! college and class has, limited to their own colleges for college roles; a student sees
//! their own record; a venue display goes to its board. Without a campaign, the page says so
//! and offers an admin the form to create one.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use gradphoto_domain::{Fen, Msg, NewCampaign, Role};
use gradphoto_store::ClassSummary;
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    t: Tr,
    l: Layout,
    campaign_title: String,
    cohort: i32,
    fee_yuan: String,
    prints: i64,
    total_students: i64,
    scoped: bool,
    is_admin: bool,
    colleges: Vec<CollegeRow>,
    classes: Vec<ClassSummary>,
}

struct CollegeRow {
    /// `None`: the classes whose roster rows named no college.
    id: Option<i64>,
    name: String,
    classes: usize,
    students: i64,
}

#[derive(Template)]
#[template(path = "no_campaign.html")]
struct NoCampaignPage {
    t: Tr,
    l: Layout,
    is_admin: bool,
    csrf: String,
    default_cohort: i32,
}

pub(crate) async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let user = &current.user;
    let campaign = state.app.repo.current_campaign().await?;
    if user.role == Role::Student {
        return super::my_record::page(&state, &ctx, &current, campaign.as_ref()).await;
    }
    // A venue screen has one page.
    if user.role == Role::Display {
        return Ok(Redirect::to("/board").into_response());
    }
    require(user, &ROSTER_ROLES)?;
    let Some(campaign) = campaign else {
        return no_campaign(&state, &ctx, &current);
    };
    let scoped = user.role.is_college_scoped();
    let classes: Vec<ClassSummary> = state
        .app
        .repo
        .classes(campaign.id)
        .await?
        .into_iter()
        .filter(|c| !scoped || user.may_see_college(c.college_id))
        .collect();
    let mut colleges: Vec<CollegeRow> = state
        .app
        .repo
        .colleges(campaign.id)
        .await?
        .into_iter()
        .filter(|c| !scoped || user.may_see_college(Some(c.id)))
        .map(|c| CollegeRow {
            id: Some(c.id.0),
            name: c.name,
            classes: 0,
            students: 0,
        })
        .collect();
    let mut by_college: BTreeMap<Option<i64>, (usize, i64)> = BTreeMap::new();
    for class in &classes {
        let entry = by_college.entry(class.college_id.map(|c| c.0)).or_default();
        entry.0 += 1;
        entry.1 += class.students;
    }
    for row in &mut colleges {
        if let Some((classes, students)) = by_college.get(&row.id) {
            row.classes = *classes;
            row.students = *students;
        }
    }
    if let Some((classes, students)) = by_college.get(&None) {
        colleges.push(CollegeRow {
            id: None,
            name: String::new(),
            classes: *classes,
            students: *students,
        });
    }
    let page = OverviewPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("overview.title"),
            Section::Overview,
        ),
        campaign_title: campaign.title.clone(),
        cohort: campaign.cohort,
        fee_yuan: campaign.fee_fen.to_string(),
        prints: campaign.prints_per_student,
        total_students: classes.iter().map(|c| c.students).sum(),
        scoped,
        is_admin: user.role == Role::Admin,
        colleges,
        classes,
    };
    render(StatusCode::OK, &page)
}

fn no_campaign(state: &AppState, ctx: &Ctx, current: &CurrentUser) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let now = state.app.clock.now();
    // A campaign is named after the year its students graduate: the coming summer's.
    let default_cohort = if now.month() >= 9 {
        now.year() + 1
    } else {
        now.year()
    };
    let page = NoCampaignPage {
        t,
        l: Layout::new(ctx, current, None, t.s("campaign.none"), Section::Overview),
        is_admin: current.user.role == Role::Admin,
        csrf: current.csrf_token.clone(),
        default_cohort,
    };
    render(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub(crate) struct CampaignForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    cohort: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    fee_yuan: String,
    #[serde(default)]
    prints: String,
}

/// Creates the campaign from the admin's form on the empty home page.
pub(crate) async fn create_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<CampaignForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let cohort: i32 = form.cohort.trim().parse().map_err(|_| {
        WebError::BadRequest(Msg::new(
            format!("届别“{}”应为四位年份，例如 2023", form.cohort.trim()),
            format!(
                "cohort \"{}\" should be a four-digit year, e.g. 2023",
                form.cohort.trim()
            ),
        ))
    })?;
    let fee_fen = match form.fee_yuan.trim() {
        "" => None,
        raw => Some(Fen::parse(raw).map_err(WebError::BadRequest)?),
    };
    let prints = match form.prints.trim() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| {
            WebError::BadRequest(Msg::new(
                format!("每人像片数“{raw}”应为整数"),
                format!("prints per student \"{raw}\" should be a whole number"),
            ))
        })?),
    };
    let new = NewCampaign::parse(cohort, Some(form.title.as_str()), fee_fen, prints)
        .map_err(WebError::BadRequest)?;
    state
        .app
        .repo
        .create_campaign(&new, &actor(&current.user, &ctx), state.app.clock.now())
        .await?;
    Ok(Redirect::to("/").into_response())
}
