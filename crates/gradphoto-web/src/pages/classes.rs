//! The classes page, for the college leads (and the office) on the shooting days: each class
//! they may see with its slot by the latest published version and the live counts — expected,
//! checked in, photographed, not yet come — kept live by server-sent events
//! (`/classes/events`, see [`crate::classes_feed`]); below, the students of classes whose slot
//! has ended who never came, and the same list as XLSX.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::timetable::progress::not_proofread_workbook;
use gradphoto_app::timetable::{class_progress, not_come_in, not_come_workbook};
use gradphoto_domain::{Campaign, User};

use super::layout::{Layout, Section};
use super::{dated_xlsx, event_stream, render};
use crate::AppState;
use crate::access::scope_of;
use crate::api::dto::ClassesDto;
use crate::auth::{CurrentUser, ROSTER_ROLES, require};
use crate::classes_feed::classes_events;
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::current_venues;

/// A comment line when no event has gone out for this long, so proxies keep the connection.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Template)]
#[template(path = "classes.html")]
struct ClassesPage {
    t: Tr,
    l: Layout,
    scoped: bool,
    data: ClassesDto,
}

impl ClassesPage {
    /// The slot cell in the reader's language.
    fn slot_label(&self, c: &crate::api::dto::ClassProgressDto) -> String {
        match &c.slot {
            Some(s) if self.t.lang() == crate::i18n::Lang::En => s.time.label_en.clone(),
            Some(s) => s.time.label_zh.clone(),
            None => self.t.s("classes.no_slot").to_owned(),
        }
    }

    fn stage_label(&self, stage: &str) -> &'static str {
        match stage {
            "now" => self.t.s("classes.stage.now"),
            "ended" => self.t.s("classes.stage.ended"),
            _ => self.t.s("classes.stage.upcoming"),
        }
    }
}

async fn campaign_for(state: &AppState, user: &User) -> Result<Campaign, WebError> {
    require(user, &ROSTER_ROLES)?;
    state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let user = &current.user;
    let campaign = campaign_for(&state, user).await?;
    let t = Tr::new(ctx.lang);
    let data = crate::api::timetable::classes_dto(&state, user, campaign.id).await?;
    let page = ClassesPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("classes.title"),
            Section::Classes,
        ),
        scoped: user.role.is_college_scoped(),
        data,
    };
    render(StatusCode::OK, &page)
}

/// The page's event stream: one `classes` event with every count on connect, after every
/// check-in or accepted photo at any venue, and at least every few seconds.
pub(crate) async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let campaign = campaign_for(&state, &current.user).await?;
    let (_, venues) = current_venues(&state).await?;
    let stream = classes_events(state, current.user, campaign.id, &venues);
    Ok(event_stream(stream, KEEP_ALIVE))
}

/// The students of the viewer's classes who have not proofread, as
/// `未校对学生-2023-03-01.xlsx`.
pub(crate) async fn not_proofread_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let user = &current.user;
    let campaign = campaign_for(&state, user).await?;
    let scope = scope_of(user);
    let bytes = not_proofread_workbook(&state.app, campaign.id, scope.as_deref()).await?;
    Ok(dated_xlsx(&state, bytes, "not-proofread", "未校对学生"))
}

/// The students of ended slots who never came, as `未到学生-2023-03-01.xlsx`.
pub(crate) async fn not_come_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let user = &current.user;
    let campaign = campaign_for(&state, user).await?;
    let scope = scope_of(user);
    let progress = class_progress(&state.app, campaign.id, scope.as_deref()).await?;
    let rows = not_come_in(&state.app, campaign.id, &progress).await?;
    let bytes = not_come_workbook(&state.app, rows).await?;
    Ok(dated_xlsx(&state, bytes, "not-come", "未到学生"))
}
