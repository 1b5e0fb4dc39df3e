//! The venue through the API: its stations, its board, the stations' actions on the queue and
//! the tickets they call.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use gradphoto_app::station::{act, called_at, expect_called};
use gradphoto_domain::TicketId;
use gradphoto_domain::venue::shooting_day;

use super::dto::{
    BoardDto, StationActionRequest, StationDto, StationStateDto, TicketDetailDto, VenueDto,
};
use super::session::bad_json;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{BOARD_ROLES, CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::{ErrorBody, WebError};
use crate::station_actions::{ActionName, station_action};
use crate::venues::{current_venues, station_by_path, ticket_by_path, venue_by_path};

/// The venues of the current campaign with their stations.
#[utoipa::path(
    get,
    path = "/api/v1/venues",
    tag = "queue",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The venues", body = [VenueDto]),
        (status = 403, description = "Not an operator, admin or venue display", body = ErrorBody),
    )
)]
pub(super) async fn venues(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<VenueDto>>, WebError> {
    require(&current.user, &BOARD_ROLES)?;
    let (_, venues) = current_venues(&state).await?;
    let mut out = Vec::with_capacity(venues.len());
    for v in &venues {
        let stations = state.app.repo.stations(v.id).await?;
        out.push(VenueDto::new(v, &stations));
    }
    Ok(Json(out))
}

/// What the venue's board shows now. `GET /board/{id}/events` streams the same as it changes.
#[utoipa::path(
    get,
    path = "/api/v1/venues/{id}/board",
    tag = "queue",
    params(("id" = i64, Path, description = "The venue's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Today's queue at the venue", body = BoardDto),
        (status = 403, description = "Not an operator, admin or venue display", body = ErrorBody),
        (status = 404, description = "No such venue", body = ErrorBody),
    )
)]
pub(super) async fn board(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<BoardDto>, WebError> {
    require(&current.user, &BOARD_ROLES)?;
    let venue = venue_by_path(&state, &id).await?;
    let snapshot = state
        .app
        .repo
        .board(venue.id, shooting_day(state.app.clock.now()))
        .await?;
    Ok(Json(BoardDto::new(&venue, &snapshot)))
}

async fn state_of(
    state: &AppState,
    station: &gradphoto_domain::Station,
) -> Result<StationStateDto, WebError> {
    let called = called_at(&state.app, station).await?;
    Ok(StationStateDto {
        station: StationDto::from(station),
        called: called.as_ref().map(TicketDetailDto::from),
    })
}

/// A station and the ticket it has called.
#[utoipa::path(
    get,
    path = "/api/v1/stations/{id}",
    tag = "queue",
    params(("id" = i64, Path, description = "The station's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The station", body = StationStateDto),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 404, description = "No such station", body = ErrorBody),
    )
)]
pub(super) async fn station(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<StationStateDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (station, _) = station_by_path(&state, &id).await?;
    Ok(Json(state_of(&state, &station).await?))
}

/// Moves the queue from a station: call the next number, finish, skip, recall a skipped
/// number, call out of order (with a reason), or put a ticket back for a retake. Audited.
#[utoipa::path(
    post,
    path = "/api/v1/stations/{id}/actions",
    tag = "queue",
    params(("id" = i64, Path, description = "The station's id")),
    request_body = StationActionRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Done: the station and the ticket it has called now", body = StationStateDto),
        (status = 400, description = "Not JSON, or an unknown action", body = ErrorBody),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 404, description = "No such station or ticket", body = ErrorBody),
        (status = 422, description = "Not possible now (the station is busy, the ticket is in another state) or a field is missing", body = ErrorBody),
    )
)]
pub(super) async fn station_act(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    body: Result<Json<StationActionRequest>, JsonRejection>,
) -> Result<Json<StationStateDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (station, _) = station_by_path(&state, &id).await?;
    let Json(req) = body.map_err(bad_json)?;
    let ticket = req.ticket_id.map(TicketId);
    // Naming the ticket with finish or skip guards against acting on one called since.
    if let (ActionName::Finish | ActionName::Skip, Some(expected)) = (req.action, ticket) {
        expect_called(&state.app, &station, expected).await?;
    }
    let action = station_action(req.action, ticket, req.reason.as_deref())?;
    act(&state.app, &station, &action, &actor(&current.user, &ctx)).await?;
    Ok(Json(state_of(&state, &station).await?))
}

/// One ticket with its student, as the station's identity panel shows it.
#[utoipa::path(
    get,
    path = "/api/v1/tickets/{id}",
    tag = "queue",
    params(("id" = i64, Path, description = "The ticket's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The ticket", body = TicketDetailDto),
        (status = 403, description = "Not an operator or admin", body = ErrorBody),
        (status = 404, description = "No such ticket", body = ErrorBody),
    )
)]
pub(super) async fn ticket(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<TicketDetailDto>, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let view = ticket_by_path(&state, &id).await?;
    Ok(Json(TicketDetailDto::from(&view)))
}
