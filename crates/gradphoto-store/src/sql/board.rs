//! The venue's board: what every station is shooting, who is next, how long the wait is.

use chrono::NaiveDate;
use gradphoto_domain::ticket::mask_name;
use gradphoto_domain::{ClassCode, StationId, TicketId, TicketState, VenueId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::SqlRepo;
use super::tickets::day_text;
use crate::error::{Result, StoreError};
use crate::queue::{BoardSnapshot, StationStatus, TicketCard};

/// How many tickets the board lists as next.
const NEXT: i64 = 10;
/// How many finished tickets the service time is averaged over.
const RECENT: i64 = 20;

const CARD: &str = "SELECT t.id, t.seq, t.state, t.station_id, t.priority, s.name, c.code \
     FROM tickets t JOIN students s ON s.id = t.student_id JOIN classes c ON c.id = s.class_id";

fn card(r: &AnyRow) -> Result<TicketCard> {
    let state: String = r.try_get("state")?;
    let code: String = r.try_get("code")?;
    let name: String = r.try_get("name")?;
    Ok(TicketCard {
        id: TicketId(r.try_get("id")?),
        seq: r.try_get("seq")?,
        masked_name: mask_name(&name),
        class_code: ClassCode::parse(&code)
            .map_err(|_| StoreError::Corrupt(format!("class code {code:?}")))?,
        state: TicketState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state:?}")))?,
        station_id: r.try_get::<Option<i64>, _>("station_id")?.map(StationId),
        priority: r.try_get::<i64, _>("priority")? != 0,
    })
}

/// The day's tickets at the venue that `rest` (a condition on `t`, with its order) selects.
async fn cards(repo: &SqlRepo, venue: VenueId, day: &str, rest: &str) -> Result<Vec<TicketCard>> {
    sqlx::query(&format!(
        "{CARD} WHERE t.venue_id = $1 AND t.day = $2 AND {rest}"
    ))
    .bind(venue.0)
    .bind(day)
    .fetch_all(&repo.pool)
    .await?
    .iter()
    .map(card)
    .collect()
}

pub(super) async fn snapshot(
    repo: &SqlRepo,
    venue: VenueId,
    day: NaiveDate,
) -> Result<BoardSnapshot> {
    let day_s = day_text(day);
    let stations = sqlx::query("SELECT id, name FROM stations WHERE venue_id = $1 ORDER BY id")
        .bind(venue.0)
        .fetch_all(&repo.pool)
        .await?;
    let called = cards(repo, venue, &day_s, "t.state = 'called'").await?;
    let stations = stations
        .iter()
        .map(|r| {
            let id = StationId(r.try_get("id")?);
            Ok(StationStatus {
                id,
                name: r.try_get("name")?,
                current: called.iter().find(|c| c.station_id == Some(id)).cloned(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let next = cards(
        repo,
        venue,
        &day_s,
        &format!("t.state = 'waiting' ORDER BY t.priority DESC, t.seq ASC LIMIT {NEXT}"),
    )
    .await?;
    let skipped = cards(repo, venue, &day_s, "t.state = 'skipped' ORDER BY t.seq").await?;
    let counts = sqlx::query(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END), 0) AS BIGINT) AS waiting, \
         CAST(COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0) AS BIGINT) AS done \
         FROM tickets WHERE venue_id = $1 AND day = $2",
    )
    .bind(venue.0)
    .bind(&day_s)
    .fetch_one(&repo.pool)
    .await?;
    let mean_service_seconds = mean_service_seconds(repo, venue, day).await?;
    Ok(BoardSnapshot {
        venue_id: venue,
        day,
        stations,
        next,
        waiting: counts.try_get("waiting")?,
        skipped,
        done: counts.try_get("done")?,
        mean_service_seconds,
    })
}

/// The mean time from call to finish of the venue's last [`RECENT`] finished tickets of the
/// day, in seconds; `None` before the first.
pub(super) async fn mean_service_seconds(
    repo: &SqlRepo,
    venue: VenueId,
    day: NaiveDate,
) -> Result<Option<f64>> {
    let recent = sqlx::query(
        "SELECT called_at, finished_at FROM tickets \
         WHERE venue_id = $1 AND day = $2 AND state = 'done' AND called_at IS NOT NULL \
         ORDER BY finished_at DESC LIMIT $3",
    )
    .bind(venue.0)
    .bind(day_text(day))
    .bind(RECENT)
    .fetch_all(&repo.pool)
    .await?;
    let spans: Vec<i64> = recent
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>("finished_at")? - r.try_get::<i64, _>("called_at")?))
        .collect::<Result<_>>()?;
    Ok((!spans.is_empty()).then(|| spans.iter().sum::<i64>() as f64 / spans.len() as f64 / 1000.0))
}
