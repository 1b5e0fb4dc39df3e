//! When a class may check in: the notice asks students to arrive 15 minutes before their slot
//! and forbids shooting early or late ("不得提前、滞后"). The campaign sets how early and how late
//! the desk still accepts a class, and whether outside that it only warns or refuses (an
//! operator may then override with a reason, which is audited).

use serde::{Deserialize, Serialize};

use crate::Msg;

/// What the desk does with a student whose class is not due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideSlot {
    /// Issue the number and show a warning.
    Warn,
    /// Issue no number unless the operator overrides with a reason.
    Refuse,
}

impl OutsideSlot {
    pub fn code(self) -> &'static str {
        match self {
            OutsideSlot::Warn => "warn",
            OutsideSlot::Refuse => "refuse",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "warn" => Some(OutsideSlot::Warn),
            "refuse" => Some(OutsideSlot::Refuse),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Students are told to arrive this many minutes before their slot (the notice: 15).
    pub arrive_early_min: u32,
    /// The desk accepts a class from this many minutes before its slot starts.
    pub early_tolerance_min: u32,
    /// …and until this many minutes after its slot ends.
    pub late_tolerance_min: u32,
    pub outside: OutsideSlot,
}

impl Default for Policy {
    /// The notice's: arrive 15 minutes early; the desk opens for a class 30 minutes before its
    /// slot and closes when it ends; outside that it warns.
    fn default() -> Self {
        Self {
            arrive_early_min: 15,
            early_tolerance_min: 30,
            late_tolerance_min: 0,
            outside: OutsideSlot::Warn,
        }
    }
}

/// The longest a tolerance may be: a whole day either way.
const MAX_TOLERANCE_MIN: u32 = 24 * 60;

impl Policy {
    /// Checks values a person typed.
    pub fn parse(
        arrive_early_min: u32,
        early_tolerance_min: u32,
        late_tolerance_min: u32,
        outside: &str,
    ) -> Result<Self, Msg> {
        let outside = OutsideSlot::from_code(outside).ok_or_else(|| {
            Msg::new(
                format!("时段外的处理“{outside}”无法识别：应为 warn（提醒）或 refuse（拒绝）"),
                format!("outside-slot handling \"{outside}\" is not known: use warn or refuse"),
            )
        })?;
        for (name_zh, name_en, v) in [
            ("提前到达分钟数", "arrive-early minutes", arrive_early_min),
            ("提前签到容许分钟数", "early tolerance", early_tolerance_min),
            ("迟到签到容许分钟数", "late tolerance", late_tolerance_min),
        ] {
            if v > MAX_TOLERANCE_MIN {
                return Err(Msg::new(
                    format!("{name_zh} {v} 过大，最多 {MAX_TOLERANCE_MIN}"),
                    format!("{name_en} of {v} minutes is too long (at most {MAX_TOLERANCE_MIN})"),
                ));
            }
        }
        Ok(Self {
            arrive_early_min,
            early_tolerance_min,
            late_tolerance_min,
            outside,
        })
    }
}
