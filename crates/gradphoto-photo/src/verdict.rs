//! The verdict on one photo: every rule's result with its measured value and range, the
//! overall result, and the one line to tell the photographer.

use gradphoto_domain::Msg;
use serde::Serialize;

use crate::decode::FileInfo;
use crate::geometry::{CropProposal, Geometry};
use crate::measure::Measures;
use crate::rules::Severity;

/// One rule's outcome. `Skip`: it could not be measured (no face) — the rule that explains
/// why (one face) fails on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    pub fn zh(&self) -> &'static str {
        match self {
            Self::Pass => "合格",
            Self::Skip => "未测",
            Self::Warn => "注意",
            Self::Fail => "不合格",
        }
    }
    pub fn en(&self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Skip => "skipped",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// Whether the photo is the file for the registry (judged as it is) or a camera original
/// (judged on the crop the export would make).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Final,
    Original,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub title: Msg,
    pub status: Status,
    /// The measured number, when the rule reads one.
    pub value: Option<f64>,
    /// The measured value as shown to a person, with its unit.
    pub shown: String,
    /// The allowed range as shown to a person.
    pub range: String,
    pub severity: Severity,
    /// What to do about it (or why it could not be measured); `None` when it passed.
    pub reason: Option<Msg>,
}

/// The verdict on one photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub pack: String,
    pub mode: Mode,
    /// The worst result of any rule (`Skip` counts as pass).
    pub overall: Status,
    /// One line for the photographer: the first failure's advice, else the first warning's.
    pub reason: Msg,
    pub results: Vec<RuleResult>,
    pub file: FileInfo,
    pub measures: Measures,
    pub as_shot: Option<Geometry>,
    pub crop: Option<CropProposal>,
    /// Working-copy pixels per upright original pixel.
    pub work_scale: f32,
}

impl Verdict {
    pub fn result(&self, id: &str) -> Option<&RuleResult> {
        self.results.iter().find(|r| r.id == id)
    }

    pub fn failed(&self) -> bool {
        self.overall == Status::Fail
    }

    pub(crate) fn summarise(results: &[RuleResult]) -> (Status, Msg) {
        let worst = results
            .iter()
            .map(|r| {
                if r.status == Status::Skip {
                    Status::Pass
                } else {
                    r.status
                }
            })
            .max()
            .unwrap_or(Status::Pass);
        let first = |s: Status| results.iter().find(|r| r.status == s);
        let reason = match first(Status::Fail).or_else(|| first(Status::Warn)) {
            Some(r) => r.reason.clone().unwrap_or_else(|| r.title.clone()),
            None => Msg::new("合格", "meets every rule"),
        };
        (worst, reason)
    }
}
