//! What a capture station does to the queue — call the next number, finish, skip, recall,
//! call out of order, put a ticket back for a retake: the store carries the action out (and
//! audits it), and the venue's screens are told. Also how a station finds the ticket it has
//! called, or the ticket of a student who is not on its screen.

use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Credential, Msg, Station, Ticket, TicketId, Venue};
use gradphoto_store::{Actor, StationAction, TicketView};

use crate::App;
use crate::error::{AppError, Result};

/// Carries the action out at the station and tells the venue's screens. Returns the ticket the
/// station has called afterwards.
pub async fn act(
    app: &App,
    station: &Station,
    action: &StationAction,
    actor: &Actor,
) -> Result<Option<Ticket>> {
    let called = app
        .repo
        .station_action(station.id, action, actor, app.clock.now())
        .await?;
    app.events.notify(station.venue_id);
    Ok(called)
}

/// The ticket of today that the student showing this credential holds at the venue: how a
/// station finds a number that is not on its screen (out of order, a retake).
pub async fn ticket_of(app: &App, venue: &Venue, raw_credential: &str) -> Result<TicketId> {
    let invalid = |msg: Msg| AppError::invalid("credential", msg);
    let credential = Credential::parse_typed(raw_credential).map_err(invalid)?;
    let student = app
        .repo
        .resolve_credential(venue.campaign_id, &credential)
        .await?
        .ok_or_else(|| {
            invalid(Msg::new(
                "没有找到持有该证件的学生",
                "no student holds this credential",
            ))
        })?;
    let day = shooting_day(app.clock.now());
    let ticket = app
        .repo
        .live_ticket(student.student.id, day)
        .await?
        .ok_or_else(|| {
            invalid(Msg::new(
                format!("{} 今天还没有签到取号", student.student.record.name),
                format!("{} has not checked in today", student.student.record.name),
            ))
        })?;
    Ok(ticket.id)
}

/// The ticket a station has called, with its student, or `None` when it is free.
pub async fn called_at(app: &App, station: &Station) -> Result<Option<TicketView>> {
    match app.repo.called_ticket(station.id).await? {
        Some(t) => Ok(app.repo.ticket(t.id).await?),
        None => Ok(None),
    }
}

/// What a station has called, against the ticket a page or an upload names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalledNow {
    Expected,
    /// Another number (its 拍摄序号).
    Other(i64),
    Nothing,
}

pub async fn called_now(app: &App, station: &Station, expected: TicketId) -> Result<CalledNow> {
    Ok(match app.repo.called_ticket(station.id).await? {
        Some(t) if t.id == expected => CalledNow::Expected,
        Some(t) => CalledNow::Other(t.seq),
        None => CalledNow::Nothing,
    })
}

/// Refuses when the station has not called `expected`: finish and skip act on whatever the
/// station has called, and a caller that names the ticket it means (the page it acted from)
/// must not finish or skip another one called since.
pub async fn expect_called(app: &App, station: &Station, expected: TicketId) -> Result<()> {
    let msg = match called_now(app, station, expected).await? {
        CalledNow::Expected => return Ok(()),
        CalledNow::Other(seq) => Msg::new(
            format!("本机位现在叫的是 {seq} 号，不是页面上的号：请刷新后再操作"),
            format!(
                "This station has called number {seq} now, not the one on the page: reload and try again"
            ),
        ),
        CalledNow::Nothing => Msg::new(
            "本机位现在没有叫号：请刷新页面",
            "This station has no ticket called now: reload the page",
        ),
    };
    Err(AppError::invalid("ticket_id", msg))
}
