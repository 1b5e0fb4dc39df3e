//! A campaign: one cohort's collection, e.g. "2023届毕业生图像信息采集".

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{CampaignId, Fen, Msg};

/// The fee of the notice (教学厅〔2002〕5号): 15 yuan per student, in fen.
pub const DEFAULT_FEE: Fen = Fen(1500);
/// Two-inch prints included per student in the notice.
pub const DEFAULT_PRINTS: i64 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    /// The graduating cohort, e.g. 2023 for 2023届.
    pub cohort: i32,
    pub title: String,
    /// Collection fee per student.
    pub fee_fen: Fen,
    pub prints_per_student: i64,
    pub created_at: DateTime<Utc>,
}

/// A campaign as requested, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    pub cohort: i32,
    pub title: String,
    pub fee_fen: Fen,
    pub prints_per_student: i64,
}

impl NewCampaign {
    /// Checks the values a person typed; the title defaults to the usual wording for the cohort.
    pub fn parse(
        cohort: i32,
        title: Option<&str>,
        fee: Option<Fen>,
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
        let fee_fen = fee.unwrap_or(DEFAULT_FEE);
        if !(0..=100_000).contains(&fee_fen.0) {
            return Err(Msg::new(
                format!("采集费 {fee_fen} 元不合理，应为 0 到 1000 元"),
                format!("a fee of {fee_fen} yuan is not plausible (0 to 1000 yuan)"),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn campaign_defaults_follow_the_notice() {
        let c = NewCampaign::parse(2023, None, None, None).unwrap();
        assert_eq!(c.title, "2023届毕业生图像信息采集");
        assert_eq!((c.fee_fen, c.prints_per_student), (Fen(1500), 8));
        assert!(NewCampaign::parse(1990, None, None, None).is_err());
    }
}
