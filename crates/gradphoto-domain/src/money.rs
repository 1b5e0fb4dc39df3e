//! Money: an amount in fen (1 yuan = 100 fen), exactly, as one type for reading what a person
//! typed, adding up and showing. Never a float.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::{Deserialize, Serialize};

use crate::Msg;

/// An amount of money in fen; negative for a correction that takes money back.
///
/// Shown as yuan with two decimals (`15.00`, `-0.05`), everywhere: pages, workbooks, the
/// command line. Stored and sent as the integer number of fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// The largest amount a person may type: ten million yuan.
const MAX_TYPED: i64 = 1_000_000_000;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Reads an amount of yuan as a person writes it — `15`, `15.5`, `15.50`, `¥20`, `20元`,
    /// `1,500.00` — exactly. Refuses a sign: use [`Fen::parse_signed`] where one is allowed.
    pub fn parse(raw: &str) -> Result<Fen, Msg> {
        let s = Self::bare(raw);
        if s.starts_with(['-', '+', '－']) {
            return Err(Msg::new(
                format!("金额“{raw}”不能为负数或带符号，应写作 15 或 15.50（元）"),
                format!("amount \"{raw}\" cannot carry a sign; write it like 15 or 15.50 (yuan)"),
            ));
        }
        Self::digits(s).ok_or_else(|| Self::not_understood(raw))
    }

    /// Like [`Fen::parse`], with an optional leading `-` or `+`.
    pub fn parse_signed(raw: &str) -> Result<Fen, Msg> {
        let s = Self::bare(raw);
        let (negative, rest) = match s.chars().next() {
            Some(c @ ('-' | '－' | '+')) => (c != '+', s[c.len_utf8()..].trim_start()),
            _ => (false, s),
        };
        let fen = Self::digits(rest).ok_or_else(|| Self::not_understood(raw))?;
        Ok(if negative { -fen } else { fen })
    }

    /// The text without spaces, currency signs, `元` and thousands separators.
    fn bare(raw: &str) -> &str {
        raw.trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .trim()
    }

    fn digits(s: &str) -> Option<Fen> {
        let s: String = s.chars().filter(|&c| c != ',').collect();
        let (whole, frac) = match s.split_once('.') {
            // A point with nothing after it is a number cut short: "1." meant "1.5"?
            Some((_, "")) => return None,
            Some(parts) => parts,
            None => (s.as_str(), ""),
        };
        let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 8 || frac.len() > 2 || !all_digits(whole) {
            return None;
        }
        if !all_digits(frac) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let frac: i64 = format!("{frac:0<2}").parse().ok()?;
        let fen = whole * 100 + frac;
        (fen <= MAX_TYPED).then_some(Fen(fen))
    }

    fn not_understood(raw: &str) -> Msg {
        Msg::new(
            format!("金额“{raw}”无法识别，应写作 15 或 15.50（元），最多两位小数"),
            format!(
                "amount \"{raw}\" is not understood; write it like 15 or 15.50 (yuan), at most \
                 two decimals"
            ),
        )
    }

    /// This amount `n` times, or `None` on overflow.
    pub fn times(self, n: i64) -> Option<Fen> {
        self.0.checked_mul(n).map(Fen)
    }

    /// How many whole times `unit` goes into this amount (0 for a zero or negative unit).
    pub fn whole_units_of(self, unit: Fen) -> i64 {
        if unit.0 <= 0 {
            0
        } else {
            self.0.div_euclid(unit.0)
        }
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals: 1500 → `15.00`, -5 → `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 += rhs.0;
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0 - rhs.0)
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yuan_as_typed_to_fen_exactly() {
        for (raw, fen) in [
            ("15", 1500),
            ("15.5", 1550),
            ("15.50", 1550),
            ("￥20.05", 2005),
            ("¥ 20", 2000),
            ("20元", 2000),
            ("1,500.00", 150_000),
            ("0.05", 5),
            (" 7 ", 700),
        ] {
            assert_eq!(Fen::parse(raw), Ok(Fen(fen)), "{raw}");
        }
        for bad in [
            "",
            "abc",
            "1.234",
            "-5",
            "+5",
            "1e3",
            ".",
            "1.",
            "1.x",
            "999999999",
        ] {
            let err = Fen::parse(bad).err();
            assert!(err.is_some(), "{bad}");
        }
    }

    #[test]
    fn a_sign_only_where_it_is_allowed() {
        assert_eq!(Fen::parse_signed("-15"), Ok(Fen(-1500)));
        assert_eq!(Fen::parse_signed("－0.50"), Ok(Fen(-50)));
        assert_eq!(Fen::parse_signed("+3"), Ok(Fen(300)));
        assert_eq!(Fen::parse_signed("3"), Ok(Fen(300)));
        assert!(Fen::parse_signed("--3").is_err());
        let refused = Fen::parse("-3").err().unwrap();
        assert!(refused.zh.contains("负数"), "{}", refused.zh);
    }

    #[test]
    fn one_display_everywhere() {
        assert_eq!(Fen(1500).to_string(), "15.00");
        assert_eq!(Fen(1550).to_string(), "15.50");
        assert_eq!(Fen(-5).to_string(), "-0.05");
        assert_eq!(Fen(0).to_string(), "0.00");
        assert_eq!(Fen(i64::MIN).to_string(), "-92233720368547758.08");
    }

    #[test]
    fn arithmetic_stays_in_fen() {
        let total: Fen = [Fen(1500), Fen(-300), Fen(5)].into_iter().sum();
        assert_eq!(total, Fen(1205));
        assert_eq!(Fen(1500).times(30), Some(Fen(45_000)));
        assert_eq!(Fen(i64::MAX).times(2), None);
        assert_eq!(Fen(4_499).whole_units_of(Fen(1500)), 2);
        assert_eq!(Fen(-1).whole_units_of(Fen(1500)), -1);
        assert_eq!(Fen(4_500).whole_units_of(Fen::ZERO), 0);
        assert_eq!(serde_json::to_string(&Fen(1500)).unwrap(), "1500");
    }
}
