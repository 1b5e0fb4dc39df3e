//! Jobs for the crew and the office: the newest ones (`/jobs`), and one job (`/jobs/{id}`) with
//! a progress bar that moves live ([`crate::job_feed`]) and, once done, what it made.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::jobs::judge_batch::{self, Summary};
use gradphoto_store::Job;

use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::api::dto::JobDto;
use crate::api::jobs::job_by_path;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::job_feed::job_events;

const LIST_LIMIT: i64 = 100;

/// A job's state in the reader's language.
fn state_label(t: Tr, job: &JobDto) -> &'static str {
    t.s(match job.state.as_str() {
        "queued" => "jobs.state.queued",
        "running" => "jobs.state.running",
        "done" => "jobs.state.done",
        _ => "jobs.state.failed",
    })
}

/// A job as a row or a page shows it.
pub(crate) struct JobView {
    pub dto: JobDto,
    pub state_label: &'static str,
    /// `12 / 40`, or `12` when the total is not known.
    pub count: String,
    pub percent: i64,
    pub created: String,
}

impl JobView {
    fn new(job: &Job, t: Tr) -> Self {
        let dto = JobDto::from(job);
        let count = match dto.progress_total {
            Some(total) => format!("{} / {total}", dto.progress_done),
            None => dto.progress_done.to_string(),
        };
        let percent = dto
            .percent
            .unwrap_or(if dto.state == "done" { 100 } else { 0 });
        Self {
            state_label: state_label(t, &dto),
            count,
            percent,
            created: dto
                .created_at
                .with_timezone(&gradphoto_domain::venue::china_time())
                .format("%m-%d %H:%M:%S")
                .to_string(),
            dto,
        }
    }
}

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    t: Tr,
    l: Layout,
    jobs: Vec<JobView>,
}

/// `GET /jobs`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let t = Tr::new(ctx.lang);
    let jobs = gradphoto_app::jobs::recent(&state.app, LIST_LIMIT).await?;
    let campaign = state.app.repo.current_campaign().await?;
    let page = JobsPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            campaign.as_ref(),
            t.s("jobs.title"),
            Section::Jobs,
        ),
        jobs: jobs.iter().map(|j| JobView::new(j, t)).collect(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    t: Tr,
    l: Layout,
    job: JobView,
    /// A done batch judging's verdicts.
    batch: Option<Summary>,
    /// A done registry export: its batch and who was left out.
    export: Option<gradphoto_app::export::Summary>,
    /// A done print run: its PDF and who was left out.
    prints: Option<gradphoto_app::export::prints::PrintSummary>,
}

/// `GET /jobs/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let t = Tr::new(ctx.lang);
    let job = job_by_path(&state, &id).await?;
    let batch = (job.kind == judge_batch::KIND)
        .then(|| job.result.clone())
        .flatten()
        .and_then(|r| serde_json::from_value(r).ok());
    let export = (job.kind == gradphoto_app::export::registry::KIND)
        .then(|| job.result.clone())
        .flatten()
        .and_then(|r| serde_json::from_value(r).ok());
    let prints = (job.kind == gradphoto_app::export::prints::KIND)
        .then(|| job.result.clone())
        .flatten()
        .and_then(|r| serde_json::from_value(r).ok());
    let campaign = state.app.repo.current_campaign().await?;
    let title = format!("{} #{}", t.s("jobs.job"), job.id);
    let page = JobPage {
        t,
        l: Layout::new(&ctx, &current, campaign.as_ref(), &title, Section::Jobs),
        job: JobView::new(&job, t),
        batch,
        export,
        prints,
    };
    render(StatusCode::OK, &page)
}

/// `GET /jobs/{id}/events`: the job's live feed.
pub(crate) async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let job = job_by_path(&state, &id).await?;
    Ok(super::event_stream(
        job_events(state, job.id),
        std::time::Duration::from_secs(15),
    ))
}
