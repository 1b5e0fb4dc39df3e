//! One published version: the page, laid out like 附件一 (date, time, classes), with the
//! changes since the version before, and the same notice as a PDF. A college role sees the
//! whole table, its own classes marked, and only the changes of its colleges.

use std::collections::HashSet;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::timetable::notice::pdf_file_name;
use gradphoto_app::timetable::{VersionNotice, notice_pdf, timetable_notice, version_notice};
use gradphoto_domain::{Campaign, Msg, User};

use super::layout::{Layout, Section};
use super::{download, render};
use crate::AppState;
use crate::access::scope_of;
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "timetable_version.html")]
struct VersionPage {
    t: Tr,
    l: Layout,
    number: i64,
    title: String,
    version_line: String,
    venue_line: String,
    rows: Vec<Row>,
    previous: Option<i64>,
    newer: Option<i64>,
    scoped: bool,
    changes: Vec<ChangeGroup>,
}

struct Row {
    /// The date cell, with how many rows it spans, on the first row of its group.
    date: Option<(String, usize)>,
    time: String,
    classes: Vec<(String, bool)>,
}

struct ChangeGroup {
    college: String,
    lines: Vec<String>,
}

/// The version a path names, as the user may see it.
async fn load(
    state: &AppState,
    user: &User,
    raw: &str,
) -> Result<(Campaign, VersionNotice), WebError> {
    require(user, &ROSTER_ROLES)?;
    let number: i64 = raw.trim().parse().map_err(|_| {
        WebError::NotFound(Msg::new(
            format!("时间安排没有第 {raw} 版"),
            format!("the timetable has no version {raw}"),
        ))
    })?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let scope = scope_of(user);
    let notice = version_notice(&state.app, campaign.id, number, scope.as_deref()).await?;
    Ok((campaign, notice))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let user = &current.user;
    let (campaign, notice) = load(&state, user, &raw).await?;
    let t = Tr::new(ctx.lang);
    let doc = timetable_notice(&campaign, &notice);
    let scoped = user.role.is_college_scoped();
    let mine: HashSet<String> = if scoped {
        state
            .app
            .repo
            .classes(campaign.id)
            .await?
            .into_iter()
            .filter(|c| user.may_see_college(c.college_id))
            .map(|c| c.code)
            .collect()
    } else {
        HashSet::new()
    };
    let mut rows: Vec<Row> = Vec::with_capacity(doc.rows.len());
    let mut group_start = 0;
    for (i, r) in doc.rows.iter().enumerate() {
        let first = i == 0 || doc.rows[i - 1].date != r.date;
        if first {
            group_start = i;
        } else if let Some((_, span)) = rows[group_start].date.as_mut() {
            *span += 1;
        }
        rows.push(Row {
            date: first.then(|| (r.date.clone(), 1)),
            time: r.time.clone(),
            classes: r
                .classes
                .iter()
                .map(|c| (c.clone(), mine.contains(c)))
                .collect(),
        });
    }
    let number = notice.version.info.number;
    let latest = state
        .app
        .repo
        .timetable_versions(campaign.id)
        .await?
        .first()
        .map(|v| v.number);
    let page = VersionPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            &t.f("timetable.version_n", number),
            Section::Timetable,
        ),
        number,
        title: doc.title,
        version_line: doc.version_line,
        venue_line: doc.venue_line,
        rows,
        previous: notice.previous,
        newer: latest.filter(|&l| l > number),
        scoped,
        changes: doc
            .changes
            .into_iter()
            .map(|c| ChangeGroup {
                college: c.college,
                lines: c.lines,
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// The version as the PDF notice, shown in the browser and saved as `拍摄时间安排-第N版.pdf`.
pub(crate) async fn pdf(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let (campaign, notice) = load(&state, &current.user, &raw).await?;
    let number = notice.version.info.number;
    let bytes = notice_pdf(&state.app, &campaign, &notice).await?;
    Ok(download(
        bytes,
        "application/pdf",
        true,
        &format!("timetable-v{number}.pdf"),
        &pdf_file_name(number),
    ))
}
