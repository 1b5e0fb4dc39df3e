//! The registry package for the office: `/exports` lists the packages made and starts a new one
//! as a job (the job's page follows its progress and shows who was left out, and why);
//! `/exports/{id}/download` saves a package. The print sheets likewise: `POST /exports/prints`
//! starts the job, `/exports/prints/{job}/download` saves its PDF. The admin's.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::export::prints::{self, PrintParams, PrintSize, SheetKind};
use gradphoto_app::export::{self, Params, Profile, Selection};
use gradphoto_domain::{Msg, Role};
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::{download, render};
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::{Lang, Tr};

const EXPORT_ROLES: [Role; 1] = [Role::Admin];

/// A package as the list shows it.
struct BatchRow {
    id: i64,
    profile: String,
    since: Option<i64>,
    students: i64,
    left_out: i64,
    size: String,
    at: String,
}

#[derive(Template)]
#[template(path = "exports.html")]
struct ExportsPage {
    t: Tr,
    l: Layout,
    csrf: String,
    /// Id and title of each profile that ships with the build.
    profiles: Vec<(String, String)>,
    batches: Vec<BatchRow>,
    /// The sheets and two-inch sizes the prints come in.
    sheets: Vec<&'static str>,
    sizes: Vec<String>,
}

/// `GET /exports`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &EXPORT_ROLES)?;
    let t = Tr::new(ctx.lang);
    let overview = export::overview(&state.app).await?;
    let profiles = export::built_in_profiles()
        .into_iter()
        .map(|p| {
            let title = if ctx.lang == Lang::En {
                p.title_en
            } else {
                p.title_zh
            };
            (p.id, title)
        })
        .collect();
    let batches = overview
        .batches
        .into_iter()
        .map(|b| BatchRow {
            id: b.id,
            profile: b.profile,
            since: b.since_batch_id,
            students: b.students,
            left_out: b.left_out,
            size: format!("{:.1} MB", b.bytes as f64 / 1_048_576.0),
            at: b
                .at
                .with_timezone(&gradphoto_domain::venue::china_time())
                .format("%m-%d %H:%M")
                .to_string(),
        })
        .collect();
    let page = ExportsPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            overview.campaign.as_ref(),
            t.s("exports.title"),
            Section::Exports,
        ),
        csrf: current.csrf_token.clone(),
        profiles,
        batches,
        sheets: SheetKind::ALL.iter().map(|k| k.code()).collect(),
        sizes: PrintSize::TWO_INCH
            .iter()
            .map(|p| format!("{}x{}", p.width_mm, p.height_mm))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub(crate) struct ExportForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    profile: String,
    #[serde(default)]
    require_proof: Option<String>,
    #[serde(default)]
    classes: String,
    #[serde(default)]
    since: String,
}

/// `POST /exports`: starts the export and goes to its job's page.
pub(crate) async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<ExportForm>,
) -> Result<Response, WebError> {
    require(&current.user, &EXPORT_ROLES)?;
    current.check_form_csrf(&form.csrf)?;
    if !Profile::BUILT_IN.contains(&form.profile.as_str()) {
        return Err(gradphoto_app::AppError::invalid(
            "profile",
            Msg::new(
                format!("没有名为 “{}” 的导出规格：请从列表中选择", form.profile),
                format!(
                    "there is no profile “{}”: choose one from the list",
                    form.profile
                ),
            ),
        )
        .into());
    }
    let since = match form.since.trim() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| {
            gradphoto_app::AppError::invalid(
                "since",
                Msg::new(
                    format!("“{raw}” 不是批次编号"),
                    format!("“{raw}” is not a batch number"),
                ),
            )
        })?),
    };
    let params = Params {
        profile: export::profile(&form.profile)?,
        selection: Selection {
            require_proof: form.require_proof.is_some(),
            classes: class_list(&form.classes),
        },
        since,
    };
    let job = export::start(&state.app, &params, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// `GET /exports/{id}/download`.
pub(crate) async fn download_batch(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &EXPORT_ROLES)?;
    let id = raw.trim().parse::<i64>().map_err(|_| {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的导出批次"),
            format!("there is no export batch {raw}"),
        ))
    })?;
    let (name, bytes) = export::batch_file(&state.app, id).await?;
    Ok(download(
        bytes.to_vec(),
        "application/zip",
        false,
        &name,
        &name,
    ))
}

/// Splits a list of class codes as a person types it.
fn class_list(raw: &str) -> Vec<String> {
    raw.split([',', '，', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Deserialize)]
pub(crate) struct PrintsForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    sheet: String,
    #[serde(default)]
    size: String,
    #[serde(default)]
    classes: String,
}

/// `POST /exports/prints`: starts the print run and goes to its job's page.
pub(crate) async fn start_prints(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<PrintsForm>,
) -> Result<Response, WebError> {
    require(&current.user, &EXPORT_ROLES)?;
    current.check_form_csrf(&form.csrf)?;
    let params = PrintParams {
        sheet: form.sheet,
        size: form.size,
        selection: Selection {
            require_proof: false,
            classes: class_list(&form.classes),
        },
        ..PrintParams::default()
    };
    let job = prints::start(&state.app, &params, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&format!("/jobs/{}", job.id)).into_response())
}

/// `GET /exports/prints/{job}/download`.
pub(crate) async fn download_prints(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &EXPORT_ROLES)?;
    let job = gradphoto_app::jobs::by_number(&state.app, &raw).await?;
    let (name, bytes) = prints::job_file(&state.app, &job).await?;
    Ok(download(
        bytes.to_vec(),
        "application/pdf",
        false,
        &name,
        &name,
    ))
}
