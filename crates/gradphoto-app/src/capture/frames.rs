//! The operator's decisions on a frame — accept it as the student's photo, ask for a retake,
//! bind an orphan (or rebind a frame) to a student's ticket, discard an orphan — shared by the
//! station page, the frame's page, the orphan tray and the API.

use gradphoto_domain::{Frame, Msg, TicketId};
use gradphoto_store::{Actor, FrameDecision, StationAction, StoreError};

use crate::App;
use crate::error::{AppError, Result};

/// A decision by its name (`accept`, `reject`, `discard`, `bind`), as a form or an API call
/// names it; `ticket` is the ticket a `bind` goes to.
pub fn decision(action: &str, reason: &str, ticket: Option<TicketId>) -> Result<FrameDecision> {
    let reason = reason.trim().to_owned();
    Ok(match action {
        "accept" => FrameDecision::Accept {
            reason: Some(reason).filter(|r| !r.is_empty()),
        },
        "reject" => FrameDecision::Reject {
            reason: if reason.is_empty() {
                "要求重拍 / retake asked".to_owned()
            } else {
                reason
            },
        },
        "discard" => FrameDecision::Discard { reason },
        "bind" => FrameDecision::Bind {
            ticket: ticket.ok_or_else(|| {
                AppError::invalid(
                    "credential",
                    Msg::new(
                        "请刷该生证件或输入学号，以找到其今天的号码",
                        "swipe the student's card or type the student number to find today's ticket",
                    ),
                )
            })?,
            reason,
        },
        other => {
            return Err(AppError::invalid(
                "action",
                Msg::new(
                    format!("未知操作“{other}”"),
                    format!("unknown action \"{other}\""),
                ),
            ));
        }
    })
}

/// Applies a decision; an accepted photo finishes its ticket, and with `call_next` the station
/// that shot it then calls the next number when it has nobody else called.
pub async fn decide(
    app: &App,
    frame: &Frame,
    decision: &FrameDecision,
    call_next: bool,
    actor: &Actor,
) -> Result<Frame> {
    let now = app.clock.now();
    let decided = app
        .repo
        .decide_frame(frame.id, decision, actor, now)
        .await?;
    if call_next && matches!(decision, FrameDecision::Accept { .. }) {
        match app
            .repo
            .station_action(frame.station_id, &StationAction::CallNext, actor, now)
            .await
        {
            // Busy (it called someone meanwhile) is fine: the accepted photo stands.
            Ok(_) | Err(StoreError::Rejected(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(station) = app.repo.station(frame.station_id).await? {
        app.events.notify(station.venue_id);
    }
    Ok(decided)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_by_name() {
        assert!(matches!(
            decision("accept", " ", None),
            Ok(FrameDecision::Accept { reason: None })
        ));
        assert!(matches!(
            decision("reject", "", None),
            Ok(FrameDecision::Reject { reason }) if reason.contains("retake")
        ));
        assert!(matches!(
            decision("bind", "x", None),
            Err(AppError::Invalid {
                field: "credential",
                ..
            })
        ));
        assert!(matches!(
            decision("dance", "", None),
            Err(AppError::Invalid {
                field: "action",
                ..
            })
        ));
    }
}
