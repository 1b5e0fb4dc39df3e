//! Importing the roster through the pages, in two steps: the upload is checked (a dry run) and
//! its report shown — counts, every change before → after, every problem with its row — and
//! only when nothing is wrong can the admin confirm, which checks the same bytes again and
//! writes them.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_domain::{Campaign, Msg, Role};
use gradphoto_store::ImportSummary;

use super::layout::{Layout, Section};
use super::login::CsrfForm;
use super::render;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use crate::multipart::read_roster_upload;
use crate::roster_fields::field_label;
use crate::uploads::{PendingUpload, UploadKind};
use gradphoto_app::roster::{ImportReport, import_roster};

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    t: Tr,
    l: Layout,
    csrf: String,
    max_mb: usize,
}

#[derive(Template)]
#[template(path = "import_report.html")]
struct ReportPage {
    t: Tr,
    l: Layout,
    csrf: String,
    file_name: String,
    rows: usize,
    creates: usize,
    unchanged: usize,
    problems: Vec<ProblemRow>,
    updates: Vec<UpdateRow>,
    applied: Option<ImportSummary>,
    /// Set when the check passed and there is something to write.
    confirm_id: Option<String>,
}

struct ProblemRow {
    row: String,
    column: String,
    value: String,
    message: String,
}

struct UpdateRow {
    student_no: String,
    name: String,
    changes: Vec<ChangeRow>,
}

struct ChangeRow {
    label: String,
    before: String,
    after: String,
}

pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let t = Tr::new(ctx.lang);
    let page = ImportPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("import.title"),
            Section::Import,
        ),
        csrf: current.csrf_token.clone(),
        max_mb: state.config.max_upload_bytes.div_ceil(1024 * 1024),
    };
    render(StatusCode::OK, &page)
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    req: Request,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let upload = read_roster_upload(req, state.config.max_upload_bytes).await?;
    current.check_form_csrf(upload.csrf.as_deref().unwrap_or(""))?;
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let now = state.app.clock.now();
    let report = import_roster(
        &state.app,
        campaign.id,
        &upload.bytes,
        &upload.file_name,
        true,
        &actor(&current.user, &ctx),
    )
    .await?;
    let worth_confirming = report.is_ok() && (report.creates > 0 || !report.updates.is_empty());
    let confirm_id = worth_confirming.then(|| {
        state.uploads.insert(
            PendingUpload {
                user_id: current.user.id,
                campaign: campaign.id,
                kind: UploadKind::Roster,
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
    let now = state.app.clock.now();
    let expired = || {
        WebError::NotFound(Msg::new(
            Tr::new(Lang::Zh).s("import.expired"),
            Tr::new(Lang::En).s("import.expired"),
        ))
    };
    let pending = state
        .uploads
        .get(&id, current.user.id, now)
        .filter(|p| p.kind == UploadKind::Roster)
        .ok_or_else(expired)?;
    let campaign = state
        .app
        .repo
        .campaign(pending.campaign)
        .await?
        .ok_or_else(expired)?;
    // Taken before writing, so a second click cannot import the same file twice.
    state.uploads.remove(&id);
    let report = import_roster(
        &state.app,
        campaign.id,
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
    campaign: &Campaign,
    report: &ImportReport,
    confirm_id: Option<String>,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let lang = ctx.lang;
    let none = t.s("value.none");
    let problems = report
        .problems
        .iter()
        .map(|p| ProblemRow {
            row: p.row.map_or_else(
                || t.s("import.whole_file").to_owned(),
                |r| t.f("import.row_n", r),
            ),
            column: p.column.clone().unwrap_or_default(),
            value: p.value.clone().unwrap_or_default(),
            message: t.msg(&p.message).to_owned(),
        })
        .collect();
    let updates = report
        .updates
        .iter()
        .map(|u| UpdateRow {
            student_no: u.student_no.clone(),
            name: u.name.clone(),
            changes: u
                .changes
                .iter()
                .map(|c| ChangeRow {
                    label: field_label(c.field, lang),
                    before: c.before.clone().unwrap_or_else(|| none.to_owned()),
                    after: c.after.clone().unwrap_or_else(|| none.to_owned()),
                })
                .collect(),
        })
        .collect();
    let title = if report.applied.is_some() {
        t.s("import.result_title")
    } else {
        t.s("import.report_title")
    };
    let page = ReportPage {
        t,
        l: Layout::new(ctx, current, Some(campaign), title, Section::Import),
        csrf: current.csrf_token.clone(),
        file_name: report.file_name.clone(),
        rows: report.rows,
        creates: report.creates,
        unchanged: report.unchanged,
        problems,
        updates,
        applied: report.applied.clone(),
        confirm_id,
    };
    let status = if report.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &page)
}
