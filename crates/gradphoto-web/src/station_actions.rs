//! What a capture station does to the queue — call the next number, finish, skip, recall,
//! call out of order, put a ticket back for a retake — shared by the station page's forms and
//! the API: the request becomes a [`StationAction`], the store carries it out (and audits it),
//! and the venue's screens are told.

use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Credential, Msg, Station, Ticket, TicketId, Venue};
use gradphoto_store::{Actor, StationAction, TicketView};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::WebError;

/// The actions by name, as forms and the API send them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    /// 叫下一位: retakes first, then the lowest waiting number.
    CallNext,
    /// 完成: the called ticket is shot.
    Finish,
    /// 过号: the called student is absent; the ticket goes to the recall list.
    Skip,
    /// 重新叫号: call a skipped ticket (`ticket_id`) back.
    Recall,
    /// Call a waiting ticket (`ticket_id`) ahead of its turn; `reason` is required.
    CallOutOfOrder,
    /// 重拍: put a done or called ticket (`ticket_id`) back at the head of the queue.
    Retake,
}

impl ActionName {
    pub const ALL: [ActionName; 6] = [
        ActionName::CallNext,
        ActionName::Finish,
        ActionName::Skip,
        ActionName::Recall,
        ActionName::CallOutOfOrder,
        ActionName::Retake,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionName::CallNext => "call_next",
            ActionName::Finish => "finish",
            ActionName::Skip => "skip",
            ActionName::Recall => "recall",
            ActionName::CallOutOfOrder => "call_out_of_order",
            ActionName::Retake => "retake",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, WebError> {
        Self::ALL
            .into_iter()
            .find(|a| a.code() == raw.trim())
            .ok_or_else(|| WebError::Invalid {
                field: "action",
                msg: Msg::new(
                    format!("未知的操作“{raw}”"),
                    format!("unknown action \"{raw}\""),
                ),
            })
    }
}

fn needs_ticket() -> WebError {
    WebError::Invalid {
        field: "ticket_id",
        msg: Msg::new("请选择要操作的号", "choose the ticket to act on"),
    }
}

/// Builds the action from its name and the fields that go with it.
pub fn station_action(
    name: ActionName,
    ticket: Option<TicketId>,
    reason: Option<&str>,
) -> Result<StationAction, WebError> {
    Ok(match name {
        ActionName::CallNext => StationAction::CallNext,
        ActionName::Finish => StationAction::Finish,
        ActionName::Skip => StationAction::Skip,
        ActionName::Recall => StationAction::Recall(ticket.ok_or_else(needs_ticket)?),
        ActionName::Retake => StationAction::Retake(ticket.ok_or_else(needs_ticket)?),
        ActionName::CallOutOfOrder => {
            let ticket = ticket.ok_or_else(needs_ticket)?;
            let reason = reason.map(str::trim).unwrap_or_default();
            if reason.is_empty() {
                return Err(WebError::Invalid {
                    field: "reason",
                    msg: Msg::new(
                        "不按顺序叫号需要填写原因",
                        "calling out of order needs a reason",
                    ),
                });
            }
            StationAction::CallOutOfOrder {
                ticket,
                reason: reason.to_owned(),
            }
        }
    })
}

/// Carries the action out at the station and tells the venue's screens. Returns the ticket the
/// station has called afterwards.
pub async fn act(
    state: &AppState,
    station: &Station,
    action: &StationAction,
    actor: &Actor,
) -> Result<Option<Ticket>, WebError> {
    let called = state
        .repo
        .station_action(station.id, action, actor, state.clock.now())
        .await?;
    state.queue_events.notify(station.venue_id);
    Ok(called)
}

/// The ticket of today that the student showing this credential holds at the venue: how a
/// station finds a number that is not on its screen (out of order, a retake).
pub async fn ticket_of(
    state: &AppState,
    venue: &Venue,
    raw_credential: &str,
) -> Result<TicketId, WebError> {
    let invalid = |msg: Msg| WebError::Invalid {
        field: "credential",
        msg,
    };
    let credential = Credential::parse_typed(raw_credential).map_err(invalid)?;
    let student = state
        .repo
        .resolve_credential(venue.campaign_id, &credential)
        .await?
        .ok_or_else(|| {
            invalid(Msg::new(
                "没有找到持有该证件的学生",
                "no student holds this credential",
            ))
        })?;
    let day = shooting_day(state.clock.now());
    let ticket = state
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
pub async fn called_at(
    state: &AppState,
    station: &Station,
) -> Result<Option<TicketView>, WebError> {
    match state.repo.called_ticket(station.id).await? {
        Some(t) => Ok(state.repo.ticket(t.id).await?),
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

pub async fn called_now(
    state: &AppState,
    station: &Station,
    expected: TicketId,
) -> Result<CalledNow, WebError> {
    Ok(match state.repo.called_ticket(station.id).await? {
        Some(t) if t.id == expected => CalledNow::Expected,
        Some(t) => CalledNow::Other(t.seq),
        None => CalledNow::Nothing,
    })
}

/// Refuses when the station has not called `expected`: finish and skip act on whatever the
/// station has called, and a caller that names the ticket it means (the page it acted from)
/// must not finish or skip another one called since.
pub async fn expect_called(
    state: &AppState,
    station: &Station,
    expected: TicketId,
) -> Result<(), WebError> {
    let msg = match called_now(state, station, expected).await? {
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
    Err(WebError::Invalid {
        field: "ticket_id",
        msg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in ActionName::ALL {
            assert_eq!(ActionName::parse(a.code()).ok(), Some(a));
        }
        assert!(ActionName::parse("dance").is_err());
    }

    #[test]
    fn out_of_order_needs_ticket_and_reason() {
        let name = ActionName::CallOutOfOrder;
        assert!(matches!(
            station_action(name, None, Some("x")),
            Err(WebError::Invalid {
                field: "ticket_id",
                ..
            })
        ));
        assert!(matches!(
            station_action(name, Some(TicketId(1)), Some(" ")),
            Err(WebError::Invalid {
                field: "reason",
                ..
            })
        ));
        assert!(station_action(name, Some(TicketId(1)), Some("行动不便")).is_ok());
    }
}
