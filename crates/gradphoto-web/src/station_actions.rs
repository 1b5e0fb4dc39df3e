//! The capture station's actions as forms and the API name them — call the next number,
//! finish, skip, recall, call out of order, put a ticket back for a retake — read into the
//! [`StationAction`] that `gradphoto_app::station::act` carries out.

use gradphoto_domain::{Msg, TicketId};
use gradphoto_store::StationAction;
use serde::Deserialize;
use utoipa::ToSchema;

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
