//! A campaign: one cohort's collection, e.g. "2023届毕业生图像信息采集".

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{CampaignId, Msg};

/// The fee of the notice (教学厅〔2002〕5号): 15 yuan per student, in fen.
pub const DEFAULT_FEE_FEN: i64 = 1500;
/// Two-inch prints included per student in the notice.
pub const DEFAULT_PRINTS: i64 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    /// The graduating cohort, e.g. 2023 for 2023届.
    pub cohort: i32,
    pub title: String,
    /// Collection fee per student in fen (1 yuan = 100 fen).
    pub fee_fen: i64,
    pub prints_per_student: i64,
    pub created_at: DateTime<Utc>,
}

/// A campaign as requested, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    pub cohort: i32,
    pub title: String,
    pub fee_fen: i64,
    pub prints_per_student: i64,
}

impl NewCampaign {
    /// Checks the values a person typed; the title defaults to the usual wording for the cohort.
    pub fn parse(
        cohort: i32,
        title: Option<&str>,
        fee_fen: Option<i64>,
        prints: Option<i64>,
    ) -> Result<Self, Msg> {
        if !(2000..=2100).contains(&cohort) {
            return Err(Msg::new(
                format!("届别 {cohort} 不合理，应为 2000 到 2100 之间的年份"),
                format!("cohort {cohort} is not a plausible year (2000 to 2100)"),
            ));
        }
        let title = match title.map(str::trim) {
            Some(t) if !t.is_empty() => t.to_owned(),
            _ => format!("{cohort}届毕业生图像信息采集"),
        };
        let fee_fen = fee_fen.unwrap_or(DEFAULT_FEE_FEN);
        if !(0..=100_000).contains(&fee_fen) {
            return Err(Msg::new(
                format!("采集费 {fee_fen} 分不合理，应为 0 到 1000 元"),
                format!("fee of {fee_fen} fen is not plausible (0 to 1000 yuan)"),
            ));
        }
        let prints_per_student = prints.unwrap_or(DEFAULT_PRINTS);
        if !(0..=100).contains(&prints_per_student) {
            return Err(Msg::new(
                format!("每人像片数 {prints_per_student} 不合理，应为 0 到 100"),
                format!("{prints_per_student} prints per student is not plausible (0 to 100)"),
            ));
        }
        Ok(Self {
            cohort,
            title,
            fee_fen,
            prints_per_student,
        })
    }
}

/// Reads an amount of yuan as a person writes it ("15", "15.5", "15.50", "¥20") into fen,
/// exactly: money is never a float.
pub fn parse_yuan(raw: &str) -> Result<i64, Msg> {
    let s = raw
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元');
    let bad = || {
        Msg::new(
            format!("金额“{raw}”无法识别，应写作 15 或 15.50（元）"),
            format!("amount \"{raw}\" is not understood; write it like 15 or 15.50 (yuan)"),
        )
    };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 9
        || frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(whole * 100 + frac)
}

/// Fen as yuan for display: 1500 → "15.00".
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yuan_to_fen_exactly() {
        assert_eq!(parse_yuan("15").unwrap(), 1500);
        assert_eq!(parse_yuan("15.5").unwrap(), 1550);
        assert_eq!(parse_yuan("￥20.05").unwrap(), 2005);
        assert_eq!(parse_yuan("20元").unwrap(), 2000);
        for bad in ["", "abc", "1.234", "-5", "1e3", "."] {
            assert!(parse_yuan(bad).is_err(), "{bad}");
        }
        assert_eq!(format_yuan(1500), "15.00");
        assert_eq!(format_yuan(-5), "-0.05");
    }

    #[test]
    fn campaign_defaults_follow_the_notice() {
        let c = NewCampaign::parse(2023, None, None, None).unwrap();
        assert_eq!(c.title, "2023届毕业生图像信息采集");
        assert_eq!((c.fee_fen, c.prints_per_student), (1500, 8));
        assert!(NewCampaign::parse(1990, None, None, None).is_err());
    }
}
