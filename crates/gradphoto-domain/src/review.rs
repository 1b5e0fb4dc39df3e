//! The review queue (复核): one list of every problem staff must look at before the registry
//! export — a student's dispute, a photo accepted although the judging engine failed or warned
//! on it, a frame nobody claimed, a retake asked for and not yet shot — and the rules for what
//! staff write about them (reasons and replies).

use serde::{Deserialize, Serialize};

use crate::Msg;

/// The longest reply a student is sent, and the longest reason kept with an action.
pub const MAX_TEXT_CHARS: usize = 1000;

/// What kind of problem an item of the review queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// The student's current answer is "有误".
    Dispute,
    /// The current photo's verdict is fail or warn, and no operator has overridden it.
    Verdict,
    /// A frame that arrived with no ticket called, still in the tray.
    Orphan,
    /// A retake was asked for and no photo has been accepted since.
    Retake,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 4] = [Self::Dispute, Self::Verdict, Self::Orphan, Self::Retake];

    pub fn code(self) -> &'static str {
        match self {
            Self::Dispute => "dispute",
            Self::Verdict => "verdict",
            Self::Orphan => "orphan",
            Self::Retake => "retake",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Dispute => Msg::new("学生提出有误", "disputed by the student"),
            Self::Verdict => Msg::new(
                "照片未通过检测仍被采用",
                "photo accepted although it failed or warned",
            ),
            Self::Orphan => Msg::new("无主照片", "orphan frame"),
            Self::Retake => Msg::new("待重拍", "retake requested"),
        }
    }
}

/// A reason or a reply as typed: trimmed, not empty, not too long. `what` names it in the
/// message (原因 / reason, 回复 / reply).
pub fn check_text(raw: &str, what: (&str, &str)) -> Result<String, Msg> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Msg::new(
            format!("请填写{}", what.0),
            format!("write the {}", what.1),
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Msg::new(
            format!("{}最多 {MAX_TEXT_CHARS} 个字", what.0),
            format!(
                "the {} may have at most {MAX_TEXT_CHARS} characters",
                what.1
            ),
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_code() {
        for kind in ReviewKind::ALL {
            assert_eq!(ReviewKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(ReviewKind::parse("dance"), None);
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(
            check_text("  照片已换绑 ", ("原因", "reason")).unwrap(),
            "照片已换绑"
        );
        assert!(
            check_text(" \n", ("原因", "reason"))
                .unwrap_err()
                .zh
                .contains("原因")
        );
        let long = "字".repeat(MAX_TEXT_CHARS + 1);
        assert!(
            check_text(&long, ("回复", "reply"))
                .unwrap_err()
                .en
                .contains("reply")
        );
    }
}
