//! Venues, stations and tickets as requests name them: an id in a path or a field, which must
//! name a place of the current campaign. Shared by the desk, the stations, the board and the
//! API.

use gradphoto_domain::{Campaign, Msg, Station, StationId, TicketId, Venue, VenueId};
use gradphoto_store::TicketView;

use crate::AppState;
use crate::error::WebError;

/// The current campaign and its venues.
pub(crate) async fn current_venues(state: &AppState) -> Result<(Campaign, Vec<Venue>), WebError> {
    let campaign = state
        .app
        .repo
        .current_campaign()
        .await?
        .ok_or(WebError::NoCampaign)?;
    let venues = state.app.repo.venues(campaign.id).await?;
    Ok((campaign, venues))
}

fn no_venue(raw: &str) -> WebError {
    WebError::NotFound(Msg::new(
        format!("没有编号为 {raw} 的拍摄地点"),
        format!("there is no venue with id {raw}"),
    ))
}

/// A venue of the current campaign named by an id.
pub(crate) async fn venue(state: &AppState, id: VenueId) -> Result<Venue, WebError> {
    let (_, venues) = current_venues(state).await?;
    venues
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| no_venue(&id.to_string()))
}

/// A venue named by a path segment: anything but a known id is a 404.
pub(crate) async fn venue_by_path(state: &AppState, raw: &str) -> Result<Venue, WebError> {
    let id = raw.trim().parse().map_err(|_| no_venue(raw))?;
    venue(state, VenueId(id)).await
}

/// A station named by a path segment, with its venue (which must be of the current campaign).
pub(crate) async fn station_by_path(
    state: &AppState,
    raw: &str,
) -> Result<(Station, Venue), WebError> {
    let missing = || {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的机位"),
            format!("there is no station with id {raw}"),
        ))
    };
    let id = StationId(raw.trim().parse().map_err(|_| missing())?);
    let station = state.app.repo.station(id).await?.ok_or_else(missing)?;
    let venue = venue(state, station.venue_id)
        .await
        .map_err(|_| missing())?;
    Ok((station, venue))
}

/// The venue a desk check-in is for: the one asked for, or the only one there is.
pub(crate) async fn desk_venue(state: &AppState, asked: Option<i64>) -> Result<Venue, WebError> {
    let (_, venues) = current_venues(state).await?;
    match asked {
        Some(id) => venues
            .into_iter()
            .find(|v| v.id.0 == id)
            .ok_or_else(|| no_venue(&id.to_string())),
        None if venues.len() == 1 => venues.into_iter().next().ok_or_else(|| no_venue("")),
        None if venues.is_empty() => Err(WebError::Invalid {
            field: "venue_id",
            msg: Msg::new(
                "尚未设置拍摄地点。请管理员先在服务器上运行 `gradphoto venue add`",
                "No venue is set up yet. An administrator must first run `gradphoto venue add` on the server",
            ),
        }),
        None => Err(WebError::Invalid {
            field: "venue_id",
            msg: Msg::new(
                "有多个拍摄地点：请选择本签到台所在的地点（venue_id）",
                "There are several venues: choose the one this desk is at (venue_id)",
            ),
        }),
    }
}

/// A ticket named by a path segment, with its student, if it was issued at a venue of the
/// current campaign.
pub(crate) async fn ticket_by_path(state: &AppState, raw: &str) -> Result<TicketView, WebError> {
    let missing = || {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw} 的拍摄序号记录"),
            format!("there is no ticket with id {raw}"),
        ))
    };
    let id = TicketId(raw.trim().parse().map_err(|_| missing())?);
    let view = state.app.repo.ticket(id).await?.ok_or_else(missing)?;
    venue(state, view.ticket.venue_id)
        .await
        .map_err(|_| missing())?;
    Ok(view)
}
