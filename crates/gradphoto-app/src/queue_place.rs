//! A student's place in today's queue, for their own page: their number, how many are called
//! before them (in the domain's call order: retakes first, then the lowest number) and about
//! how long that takes at the venue's pace, or the station that has called them.

use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{StudentId, TicketState};
use serde::Serialize;

use crate::App;
use crate::error::Result;

/// Where the student's ticket of today stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueuePlace {
    /// 拍摄序号.
    pub seq: i64,
    pub state: TicketState,
    /// Waiting tickets called before this one (when it waits).
    pub ahead: i64,
    /// About how many minutes until it is called: `ahead` at the day's mean time per shot,
    /// shared by the stations; `None` before any shot of the day has finished.
    pub minutes: Option<f64>,
    /// The station that has called it.
    pub station: Option<String>,
}

/// The student's place today; `None` when they have no ticket today.
pub async fn queue_place(app: &App, student: StudentId) -> Result<Option<QueuePlace>> {
    let today = shooting_day(app.now());
    let Some(ticket) = app.repo.live_ticket(student, today).await? else {
        return Ok(None);
    };
    // Polled by every student with a number every few seconds: only what the place needs,
    // never the whole board.
    let stations = app.repo.stations(ticket.venue_id).await?;
    let (ahead, minutes) = if ticket.state == TicketState::Waiting {
        let ahead = app.repo.waiting_ahead(&ticket).await?;
        let pace = app
            .repo
            .mean_service_seconds(ticket.venue_id, today)
            .await?;
        let per_station = stations.len().max(1) as f64;
        (ahead, pace.map(|s| s * ahead as f64 / per_station / 60.0))
    } else {
        (0, None)
    };
    let station = ticket
        .station_id
        .and_then(|id| stations.iter().find(|s| s.id == id).map(|s| s.name.clone()));
    Ok(Some(QueuePlace {
        seq: ticket.seq,
        state: ticket.state,
        ahead,
        minutes,
        station,
    }))
}
