//! Proofreading (校对): a graduate checks their photo and their data before anything is sent
//! to the registry, and answers "正确" (correct) or "有误" (wrong, saying what). Each answer is
//! kept as it was given, the newest being the current one; a confirmed answer may be locked
//! ("确认不再更改"), after which only the office changes anything. Answers are taken only
//! within the campaign's proof window.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Msg;
use crate::roster::Column;

/// The longest comment a student may write on one problem.
pub const MAX_COMMENT_CHARS: usize = 500;

/// The first and last day (China) on which students may proofread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofWindow {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl ProofWindow {
    pub fn new(opens_on: NaiveDate, closes_on: NaiveDate) -> Result<Self, Msg> {
        if closes_on < opens_on {
            return Err(Msg::new(
                format!("校对截止日期 {closes_on} 早于开始日期 {opens_on}"),
                format!("the proof window closes ({closes_on}) before it opens ({opens_on})"),
            ));
        }
        Ok(Self {
            opens_on,
            closes_on,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.opens_on..=self.closes_on).contains(&day)
    }
}

/// The student's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofState {
    /// 正确: photo and data are right.
    Confirmed,
    /// 有误: something is wrong; the issues say what.
    Disputed,
}

impl ProofState {
    pub fn code(self) -> &'static str {
        match self {
            ProofState::Confirmed => "confirmed",
            ProofState::Disputed => "disputed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "confirmed" => Some(ProofState::Confirmed),
            "disputed" => Some(ProofState::Disputed),
            _ => None,
        }
    }
}

/// What a student says is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// The photo is of someone else.
    NotMyPhoto,
    /// It is me, but the photo is not good enough (closed eyes, blur, …).
    PhotoQuality,
    /// A field of the record is wrong: which, and what it should be.
    Field,
}

/// One problem a student reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofIssue {
    pub kind: IssueKind,
    /// For [`IssueKind::Field`]: the field ([`Column::field_name`]).
    pub field: Option<String>,
    /// For [`IssueKind::Field`]: the value it should have.
    pub proposed: Option<String>,
    pub comment: String,
}

/// Checks a dispute's issues; the error names the form field (`issue`, `field`, `proposed`,
/// `comment`) and says what to do.
pub fn check_issues(issues: &[ProofIssue]) -> Result<(), (&'static str, Msg)> {
    if issues.is_empty() {
        return Err((
            "issue",
            Msg::new(
                "请选择哪里有误：照片不是本人、照片质量，或某一项信息",
                "say what is wrong: not my photo, the photo's quality, or a field",
            ),
        ));
    }
    for issue in issues {
        if issue.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err((
                "comment",
                Msg::new(
                    format!("说明最多 {MAX_COMMENT_CHARS} 个字"),
                    format!("the comment may have at most {MAX_COMMENT_CHARS} characters"),
                ),
            ));
        }
        if issue.kind != IssueKind::Field {
            continue;
        }
        let column = issue
            .field
            .as_deref()
            .and_then(|f| Column::ALL.into_iter().find(|c| c.field_name() == f));
        let Some(column) = column else {
            return Err((
                "field",
                Msg::new("请选择有误的信息项", "choose the field that is wrong"),
            ));
        };
        if issue
            .proposed
            .as_deref()
            .is_none_or(|p| p.trim().is_empty())
        {
            return Err((
                "proposed",
                Msg::new(
                    format!("请填写“{}”的正确内容", column.header_zh()),
                    format!("write what {} should be", column.label_en()),
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn field(f: &str, proposed: &str) -> ProofIssue {
        ProofIssue {
            kind: IssueKind::Field,
            field: Some(f.to_owned()),
            proposed: Some(proposed.to_owned()),
            comment: String::new(),
        }
    }

    #[test]
    fn a_dispute_says_what_is_wrong() {
        assert_eq!(check_issues(&[]).unwrap_err().0, "issue");
        assert!(check_issues(&[field("ethnicity", "回族")]).is_ok());
        assert_eq!(
            check_issues(&[field("shoe_size", "42")]).unwrap_err().0,
            "field"
        );
        let (name, msg) = check_issues(&[field("ethnicity", " ")]).unwrap_err();
        assert_eq!(name, "proposed");
        assert!(msg.zh.contains("民族"), "{}", msg.zh);
        let photo = ProofIssue {
            kind: IssueKind::NotMyPhoto,
            field: None,
            proposed: None,
            comment: "x".repeat(MAX_COMMENT_CHARS + 1),
        };
        assert_eq!(check_issues(&[photo]).unwrap_err().0, "comment");
    }

    #[test]
    fn the_window_holds_both_ends() {
        let d = |day| NaiveDate::from_ymd_opt(2023, 4, day).unwrap();
        let w = ProofWindow::new(d(1), d(10)).unwrap();
        assert!(w.contains(d(1)) && w.contains(d(10)) && !w.contains(d(11)));
        assert!(ProofWindow::new(d(10), d(1)).is_err());
    }
}
