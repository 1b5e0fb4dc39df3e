//! The venue's orphan tray: frames that arrived at a station with no ticket called. None is
//! ever bound silently; an operator binds each to the right student's ticket of today, or
//! discards it, with a reason that goes into the audit log.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_domain::Venue;

use super::frame_card::FrameCard;
use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::venue_by_path;

#[derive(Template)]
#[template(path = "orphans.html")]
struct OrphansPage {
    t: Tr,
    l: Layout,
    csrf: String,
    venue: Venue,
    /// Each orphan with the name of its station.
    orphans: Vec<(FrameCard, String)>,
}

/// `GET /venues/{id}/orphans`.
pub(crate) async fn tray(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let venue = venue_by_path(&state, &id).await?;
    let t = Tr::new(ctx.lang);
    let stations = state.app.repo.stations(venue.id).await?;
    let orphans = state
        .app
        .repo
        .orphan_frames(venue.id)
        .await?
        .iter()
        .map(|f| {
            let station = stations
                .iter()
                .find(|s| s.id == f.station_id)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            (FrameCard::new(f, t), station)
        })
        .collect();
    let campaign = state.app.repo.campaign(venue.campaign_id).await?;
    let page = OrphansPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            campaign.as_ref(),
            t.s("orphans.title"),
            Section::Stations,
        ),
        csrf: current.csrf_token.clone(),
        venue,
        orphans,
    };
    render(StatusCode::OK, &page)
}
