//! Tickets: the shooting sequence number (拍摄序号) a student gets at check-in, and its life in
//! the queue: waiting → called (at a station) → done, or skipped (absent, on the recall list),
//! or void (re-issued).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{CredentialKind, Msg, StationId, StudentId, TicketId, VenueId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    Called,
    Skipped,
    Done,
    Void,
}

impl TicketState {
    pub const ALL: [TicketState; 5] = [
        TicketState::Waiting,
        TicketState::Called,
        TicketState::Skipped,
        TicketState::Done,
        TicketState::Void,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Skipped => "skipped",
            TicketState::Done => "done",
            TicketState::Void => "void",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            TicketState::Waiting => Msg::new("等待中", "waiting"),
            TicketState::Called => Msg::new("拍摄中", "being shot"),
            TicketState::Skipped => Msg::new("过号", "skipped"),
            TicketState::Done => Msg::new("已完成", "done"),
            TicketState::Void => Msg::new("已作废", "void"),
        }
    }

    /// A live ticket still holds its student's place today: a student has at most one.
    pub fn is_live(self) -> bool {
        !matches!(self, TicketState::Void)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: TicketId,
    pub venue_id: VenueId,
    pub day: NaiveDate,
    /// 拍摄序号: 1, 2, 3, … per venue and day, without gaps.
    pub seq: i64,
    pub student_id: StudentId,
    pub credential: CredentialKind,
    pub state: TicketState,
    pub station_id: Option<StationId>,
    /// Put back at the head of the queue (a retake).
    pub priority: bool,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A name as shown on screens others can see: 张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut s = String::with_capacity(name.len());
            s.push(chars[0]);
            s.extend(std::iter::repeat_n('*', n - 2));
            s.push(chars[n - 1]);
            s
        }
    }
}

/// Letters and digits that cannot be mistaken for one another when read off a slip of paper.
const PROOF_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The personal proof code printed on the ticket, with which the student proofreads later:
/// 8 characters made from the random bytes given (randomness is the caller's, so tests pin it).
pub fn proof_code(random: [u8; 8]) -> String {
    random
        .iter()
        .map(|b| char::from(PROOF_ALPHABET[usize::from(*b) % PROOF_ALPHABET.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小三"), "张*三");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("王"), "*");
    }

    #[test]
    fn proof_codes_use_the_unambiguous_alphabet() {
        let code = proof_code([0, 1, 30, 31, 255, 100, 7, 8]);
        assert_eq!(code.len(), 8);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(code, proof_code([0, 1, 30, 31, 255, 100, 7, 8]));
    }
}
