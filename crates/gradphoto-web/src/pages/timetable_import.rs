//! Importing a venue's timetable through the pages, in two steps like the roster: the file
//! (the notice's 附件一 as text, or a CSV/XLSX sheet) is checked and its report shown — the
//! slots read and every problem with its line — and only when nothing is wrong can the admin
//! confirm, which checks the same bytes again and replaces the venue's working timetable.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::timetable::{TimetableImport, import_timetable};
use gradphoto_domain::{Msg, Role};

use super::layout::{Layout, Section};
use super::login::CsrfForm;
use super::render;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use crate::multipart::read_upload;
use crate::uploads::{PendingUpload, UploadKind};
use crate::venues::{current_venues, desk_venue};

#[derive(Template)]
#[template(path = "timetable_import.html")]
struct ReportPage {
    t: Tr,
    l: Layout,
    csrf: String,
    file_name: String,
    venue: String,
    format: &'static str,
    slots: Vec<SlotRow>,
    classes: usize,
    problems: Vec<ProblemRow>,
    applied: bool,
    confirm_id: Option<String>,
}

struct SlotRow {
    line: usize,
    slot: String,
    classes: String,
    students: i64,
}

struct ProblemRow {
    line: String,
    value: String,
    message: String,
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    req: Request,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let missing = Msg::new(
        "没有收到文件。请选择时间安排文件（附件一的文本 .txt，或 .csv、.xlsx）后再上传",
        "No file arrived. Choose the timetable file (附件一 as .txt, or .csv, .xlsx) and upload it",
    );
    let upload = read_upload(req, state.config.max_upload_bytes, "timetable", missing).await?;
    current.check_form_csrf(upload.csrf.as_deref().unwrap_or(""))?;
    let (campaign, _) = current_venues(&state).await?;
    let asked = match upload.field("venue") {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| WebError::Invalid {
            field: "venue",
            msg: Msg::new("请选择拍摄地点", "choose the venue"),
        })?),
    };
    let venue = desk_venue(&state, asked).await?;
    let report = import_timetable(
        &state.app,
        campaign.id,
        &venue,
        &upload.bytes,
        &upload.file_name,
        true,
        &actor(&current.user, &ctx),
    )
    .await?;
    let now = state.app.clock.now();
    let confirm_id = report.is_ok().then(|| {
        state.uploads.insert(
            PendingUpload {
                user_id: current.user.id,
                campaign: campaign.id,
                kind: UploadKind::Timetable(venue.id),
                file_name: upload.file_name.clone(),
                bytes: Arc::new(upload.bytes),
                created_at: now,
            },
            now,
            state.app.random.as_ref(),
        )
    });
    show_report(&ctx, &current, &campaign, &report, confirm_id)
}

pub(crate) async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let expired = || {
        WebError::NotFound(Msg::new(
            Tr::new(Lang::Zh).s("import.expired"),
            Tr::new(Lang::En).s("import.expired"),
        ))
    };
    let now = state.app.clock.now();
    let pending = state
        .uploads
        .get(&id, current.user.id, now)
        .ok_or_else(expired)?;
    let UploadKind::Timetable(venue_id) = pending.kind else {
        return Err(expired());
    };
    let (campaign, venues) = current_venues(&state).await?;
    let venue = venues
        .into_iter()
        .find(|v| v.id == venue_id && pending.campaign == campaign.id)
        .ok_or_else(expired)?;
    // Taken before writing, so a second click cannot import the same file twice.
    state.uploads.remove(&id);
    let report = import_timetable(
        &state.app,
        campaign.id,
        &venue,
        &pending.bytes,
        &pending.file_name,
        false,
        &actor(&current.user, &ctx),
    )
    .await?;
    show_report(&ctx, &current, &campaign, &report, None)
}

fn show_report(
    ctx: &Ctx,
    current: &CurrentUser,
    campaign: &gradphoto_domain::Campaign,
    report: &TimetableImport,
    confirm_id: Option<String>,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let title = if report.applied {
        t.s("timetable.import_done")
    } else {
        t.s("import.report_title")
    };
    let page = ReportPage {
        t,
        l: Layout::new(ctx, current, Some(campaign), title, Section::Timetable),
        csrf: current.csrf_token.clone(),
        file_name: report.file_name.clone(),
        venue: report.venue.clone(),
        format: if report.format == "notice" {
            t.s("timetable.format_notice")
        } else {
            t.s("timetable.format_sheet")
        },
        classes: report.class_count(),
        slots: report
            .slots
            .iter()
            .map(|s| SlotRow {
                line: s.line,
                slot: t.msg(&s.slot).to_owned(),
                classes: s.classes.join("、"),
                students: s.students,
            })
            .collect(),
        problems: report
            .problems
            .iter()
            .map(|p| ProblemRow {
                line: p.row.map_or_else(
                    || t.s("import.whole_file").to_owned(),
                    |r| t.f("timetable.line_n", r),
                ),
                value: p.value.clone().unwrap_or_default(),
                message: t.msg(&p.message).to_owned(),
            })
            .collect(),
        applied: report.applied,
        confirm_id,
    };
    let status = if report.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &page)
}
