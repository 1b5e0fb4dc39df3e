//! Whether a student's class is due at the desk now: on time, early, late, or with no slot at
//! all; and what the desk does about it under the campaign's [`Policy`].

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{OutsideSlot, Policy, SlotTime};
use crate::{ClassCode, Msg};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Due {
    OnTime {
        slot: SlotTime,
    },
    Early {
        slot: SlotTime,
    },
    Late {
        slot: SlotTime,
    },
    /// The class is in no slot of the published timetable.
    NoSlot {
        class: ClassCode,
    },
}

impl Due {
    /// Where `now` falls against the class's slot, with the policy's tolerances.
    pub fn at(
        class: &ClassCode,
        slot: Option<SlotTime>,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Due {
        let Some(slot) = slot else {
            return Due::NoSlot {
                class: class.clone(),
            };
        };
        let opens = slot.starts_at() - Duration::minutes(i64::from(policy.early_tolerance_min));
        let closes = slot.ends_at() + Duration::minutes(i64::from(policy.late_tolerance_min));
        if now < opens {
            Due::Early { slot }
        } else if now > closes {
            Due::Late { slot }
        } else {
            Due::OnTime { slot }
        }
    }

    /// `on_time`, `early`, `late` or `no_slot`.
    pub fn code(&self) -> &'static str {
        match self {
            Due::OnTime { .. } => "on_time",
            Due::Early { .. } => "early",
            Due::Late { .. } => "late",
            Due::NoSlot { .. } => "no_slot",
        }
    }

    pub fn is_due(&self) -> bool {
        matches!(self, Due::OnTime { .. })
    }

    pub fn slot(&self) -> Option<&SlotTime> {
        match self {
            Due::OnTime { slot } | Due::Early { slot } | Due::Late { slot } => Some(slot),
            Due::NoSlot { .. } => None,
        }
    }

    /// What the desk shows, large.
    pub fn message(&self) -> Msg {
        match self {
            Due::OnTime { slot } => Msg::new(
                format!("班级时段 {}：准时", slot.label().zh),
                format!("class slot {}: on time", slot.label().en),
            ),
            Due::Early { slot } => Msg::new(
                format!("您班级的拍摄时段是 {}，请届时再来", slot.label().zh),
                format!(
                    "Your class's slot is {}: please come back then",
                    slot.label().en
                ),
            ),
            Due::Late { slot } => Msg::new(
                format!(
                    "您班级的拍摄时段 {} 已过（不得提前、滞后），请联系学院领队",
                    slot.label().zh
                ),
                format!(
                    "Your class's slot {} is over (no early or late shooting): please see your college's lead",
                    slot.label().en
                ),
            ),
            Due::NoSlot { class } => Msg::new(
                format!("班级 {class} 没有安排拍摄时段，请联系教务处"),
                format!(
                    "class {class} has no slot in the timetable: please ask the academic affairs office"
                ),
            ),
        }
    }
}

/// What the desk does with a check-in, given when the class is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Issue the number (with the warning to show, if the class is not due).
    Admit { warning: Option<Msg> },
    /// Issue the number although the class is not due: an operator overrode the refusal.
    Overridden { reason: String },
    /// No number: the class is not due and the policy refuses.
    Refuse { message: Msg },
}

impl Admission {
    pub fn decide(due: &Due, policy: &Policy, override_reason: Option<&str>) -> Admission {
        if due.is_due() {
            return Admission::Admit { warning: None };
        }
        match (policy.outside, override_reason) {
            (OutsideSlot::Warn, _) => Admission::Admit {
                warning: Some(due.message()),
            },
            (OutsideSlot::Refuse, Some(reason)) => Admission::Overridden {
                reason: reason.to_owned(),
            },
            (OutsideSlot::Refuse, None) => Admission::Refuse {
                message: Msg::new(
                    format!(
                        "{}。如确需现在拍摄，请操作员填写原因后放行",
                        due.message().zh
                    ),
                    format!(
                        "{}. To shoot now anyway, the operator gives a reason and overrides",
                        due.message().en
                    ),
                ),
            },
        }
    }
}

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;
