//! How the campaign lets students sign in without a password: with the proof code printed on
//! their check-in ticket (the default), or, where the campaign chooses, with the last six
//! characters of their ID number and their birth date, for students who lost the ticket or
//! proofread before the day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Msg, StudentRecord};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudentSignIn {
    /// 学号 + the proof code on the check-in ticket.
    #[default]
    ProofCode,
    /// 学号 + the last six characters of the ID number + the birth date.
    IdAndBirth,
}

impl StudentSignIn {
    pub const ALL: [StudentSignIn; 2] = [Self::ProofCode, Self::IdAndBirth];

    pub fn code(self) -> &'static str {
        match self {
            Self::ProofCode => "proof_code",
            Self::IdAndBirth => "id_and_birth",
        }
    }

    /// A method by its code; the CLI's spelling with dashes is taken too.
    pub fn parse(code: &str) -> Result<Self, Msg> {
        let code = code.trim().replace('-', "_");
        Self::ALL.into_iter().find(|m| m.code() == code).ok_or_else(|| {
            Msg::new(
                format!("未知的学生登录方式“{code}”：可选 proof_code（校对码）或 id_and_birth（身份证后六位与出生日期）"),
                format!("unknown student sign-in \"{code}\": use proof_code or id_and_birth"),
            )
        })
    }
}

/// Whether the last six characters of the ID number and the birth date are the record's. The
/// birth date is the roster's, or the one the ID number holds when the roster has none; a
/// student without an ID number on the roster cannot sign in this way.
pub fn id_and_birth_match(record: &StudentRecord, last_six: &str, birth: NaiveDate) -> bool {
    let Some(id) = &record.id_number else {
        return false;
    };
    let typed: String = last_six
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let number = id.as_str();
    let tail: String = number
        .chars()
        .skip(number.chars().count().saturating_sub(6))
        .flat_map(char::to_uppercase)
        .collect();
    let born = record.birth_date.or_else(|| id.birth_date());
    typed.chars().count() == 6 && typed == tail && born == Some(birth)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::IdNumber;

    fn record(id: Option<&str>, birth: Option<NaiveDate>) -> StudentRecord {
        StudentRecord {
            birth_date: birth,
            id_number: id.map(|i| IdNumber::parse(i).unwrap()),
            ..StudentRecord::minimal("2019001", "李明", "Z1901")
        }
    }

    #[test]
    fn the_tail_and_the_birth_date_must_both_match() {
        let born = NaiveDate::from_ymd_opt(1999, 3, 7).unwrap();
        // 11010519990307104X: a valid number born 1999-03-07.
        let id = "11010519990307104X";
        assert!(IdNumber::parse(id).is_ok());
        let r = record(Some(id), None);
        assert!(id_and_birth_match(&r, "07104x", born));
        assert!(id_and_birth_match(&r, " 07104X ", born));
        assert!(!id_and_birth_match(&r, "7104X", born));
        assert!(!id_and_birth_match(&r, "07104X", born.succ_opt().unwrap()));
        assert!(!id_and_birth_match(
            &record(None, Some(born)),
            "07104X",
            born
        ));
        let other_day = NaiveDate::from_ymd_opt(1999, 3, 8).unwrap();
        assert!(id_and_birth_match(
            &record(Some(id), Some(other_day)),
            "07104X",
            other_day
        ));
    }

    #[test]
    fn methods_by_code() {
        assert_eq!(
            StudentSignIn::parse("id-and-birth").unwrap(),
            StudentSignIn::IdAndBirth
        );
        assert!(StudentSignIn::parse("face").is_err());
    }
}
