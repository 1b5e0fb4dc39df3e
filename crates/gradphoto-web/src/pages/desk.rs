//! The check-in desk: one big field that a card reader, a barcode scanner or a person types
//! into, ending with Enter. The page's script (`static/desk.js`) sends it to
//! `POST /api/v1/checkins` and shows the answer: the ticket, large, ready for the receipt
//! printer, or what the operator must settle first. When the server cannot be reached it says
//! so and keeps the input: it never shows a number the server did not give.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::current_venues;

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage {
    t: Tr,
    l: Layout,
    csrf: String,
    venues: Vec<VenueChoice>,
    /// The campaign's title, printed on the receipt.
    campaign_title: String,
}

struct VenueChoice {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DeskParams {
    #[serde(default)]
    venue: String,
}

pub(crate) async fn desk(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Query(p): Query<DeskParams>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (campaign, venues) = current_venues(&state).await?;
    let asked: Option<i64> = p.venue.trim().parse().ok();
    let first = venues.first().map(|v| v.id.0);
    let chosen = asked
        .filter(|a| venues.iter().any(|v| v.id.0 == *a))
        .or(first);
    let t = Tr::new(ctx.lang);
    let page = DeskPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("desk.title"),
            Section::Desk,
        ),
        csrf: current.csrf_token.clone(),
        venues: venues
            .iter()
            .map(|v| VenueChoice {
                id: v.id.0,
                name: v.name.clone(),
                selected: Some(v.id.0) == chosen,
            })
            .collect(),
        campaign_title: campaign.title.clone(),
    };
    render(StatusCode::OK, &page)
}
