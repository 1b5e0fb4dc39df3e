//! The venue's board: a full-screen page for a TV — the number each station is shooting, the
//! next ten, how many wait and for how long, the recall list — kept live by server-sent events
//! (`/board/{id}/events`, see [`crate::board_feed`]). The page's script reconnects by itself
//! and says when what it shows may be stale.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_domain::Venue;
use gradphoto_domain::venue::shooting_day;

use super::layout::{Layout, Section, lang_href};
use super::render;
use crate::AppState;
use crate::api::dto::BoardDto;
use crate::auth::{BOARD_ROLES, CurrentUser, require};
use crate::board_feed::board_events;
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::{current_venues, venue_by_path};

/// A comment line when no event has gone out for this long, so proxies keep the connection.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Template)]
#[template(path = "board_pick.html")]
struct PickPage {
    t: Tr,
    l: Layout,
    venues: Vec<Venue>,
}

/// `/board`: straight to the board when there is one venue, else a choice.
pub(crate) async fn pick(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &BOARD_ROLES)?;
    let (campaign, venues) = current_venues(&state).await?;
    if let [only] = venues.as_slice() {
        return Ok(Redirect::to(&format!("/board/{}", only.id)).into_response());
    }
    let t = Tr::new(ctx.lang);
    let l = Layout::new(
        &ctx,
        &current,
        Some(&campaign),
        t.s("board.pick"),
        Section::Board,
    );
    render(StatusCode::OK, &PickPage { t, l, venues })
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    t: Tr,
    lang_href: String,
    board: BoardDto,
}

pub(crate) async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &BOARD_ROLES)?;
    let venue = venue_by_path(&state, &id).await?;
    let snapshot = state
        .app
        .repo
        .board(venue.id, shooting_day(state.app.clock.now()))
        .await?;
    let page = BoardPage {
        t: Tr::new(ctx.lang),
        lang_href: lang_href(&ctx),
        board: BoardDto::new(&venue, &snapshot),
    };
    render(StatusCode::OK, &page)
}

/// The board's event stream: one `board` event with the whole queue as JSON on connect, on
/// every change, and at least every few seconds.
pub(crate) async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &BOARD_ROLES)?;
    let venue = venue_by_path(&state, &id).await?;
    Ok(super::event_stream(board_events(state, venue), KEEP_ALIVE))
}
