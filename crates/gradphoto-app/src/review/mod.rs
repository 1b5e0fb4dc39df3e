//! The review queue (复核) for operators and admins: one list of every problem before the
//! registry export — disputes, photos accepted against the judging engine's verdict, orphans,
//! retakes asked for — filtered by college, class and kind; each student's whole history; and
//! what staff do about it ([`actions`]).

pub mod actions;
pub mod history;

use gradphoto_domain::review::ReviewKind;
use gradphoto_domain::{Campaign, CollegeId};
use gradphoto_store::{ClassSummary, College, ReviewItem};

use crate::App;
use crate::error::Result;

/// Which items to list; `None` lists all. An orphan belongs to no college or class yet, so a
/// college or class filter leaves orphans out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewFilter {
    pub kind: Option<ReviewKind>,
    pub college: Option<CollegeId>,
    /// A class code, as the roster spells it.
    pub class: Option<String>,
}

impl ReviewFilter {
    pub fn keeps(&self, item: &ReviewItem) -> bool {
        if self.kind.is_some_and(|k| k != item.kind) {
            return false;
        }
        let student = item.student.as_ref();
        if let Some(college) = self.college
            && student.and_then(|s| s.college_id) != Some(college)
        {
            return false;
        }
        if let Some(class) = &self.class
            && student.is_none_or(|s| !s.class_code.eq_ignore_ascii_case(class))
        {
            return false;
        }
        true
    }
}

/// The queue: the items the filter keeps, oldest first, how many of each kind there are under
/// the college and class filters (what the kind tabs show), and the colleges and classes to
/// filter by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewQueue {
    pub campaign: Campaign,
    pub items: Vec<ReviewItem>,
    pub counts: Vec<(ReviewKind, usize)>,
    pub colleges: Vec<College>,
    pub classes: Vec<ClassSummary>,
}

/// The current campaign's queue; `None` when there is no campaign yet.
pub async fn queue(app: &App, filter: &ReviewFilter) -> Result<Option<ReviewQueue>> {
    let Some(campaign) = app.repo.current_campaign().await? else {
        return Ok(None);
    };
    let all = app.repo.review_items(campaign.id).await?;
    let place = ReviewFilter {
        kind: None,
        ..filter.clone()
    };
    let counts = ReviewKind::ALL
        .into_iter()
        .map(|k| {
            let n = all.iter().filter(|i| i.kind == k && place.keeps(i)).count();
            (k, n)
        })
        .collect();
    Ok(Some(ReviewQueue {
        items: all.into_iter().filter(|i| filter.keeps(i)).collect(),
        counts,
        colleges: app.repo.colleges(campaign.id).await?,
        classes: app.repo.classes(campaign.id).await?,
        campaign,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};
    use gradphoto_domain::{ClassId, FrameId, StudentId};
    use gradphoto_store::ReviewStudent;

    use super::*;

    fn item(kind: ReviewKind, college: Option<i64>, class: Option<i64>) -> ReviewItem {
        ReviewItem {
            kind,
            student: class.map(|c| ReviewStudent {
                id: StudentId(c),
                student_no: format!("{c}"),
                name: "李明".into(),
                class_id: ClassId(c),
                class_code: format!("Z{c}"),
                college_id: college.map(CollegeId),
                college_name: None,
            }),
            frame_id: Some(FrameId(1)),
            venue_id: None,
            at: Utc.timestamp_opt(0, 0).unwrap(),
            note: None,
        }
    }

    #[test]
    fn filters_by_kind_college_and_class() {
        let dispute = item(ReviewKind::Dispute, Some(1), Some(10));
        let orphan = item(ReviewKind::Orphan, None, None);
        let all = ReviewFilter::default();
        assert!(all.keeps(&dispute) && all.keeps(&orphan));
        let college = ReviewFilter {
            college: Some(CollegeId(1)),
            ..all.clone()
        };
        assert!(college.keeps(&dispute) && !college.keeps(&orphan));
        let other_class = ReviewFilter {
            class: Some("Z11".into()),
            ..all.clone()
        };
        let own_class = ReviewFilter {
            class: Some("z10".into()),
            ..all.clone()
        };
        assert!(own_class.keeps(&dispute));
        assert!(!other_class.keeps(&dispute));
        let orphans = ReviewFilter {
            kind: Some(ReviewKind::Orphan),
            ..all
        };
        assert!(orphans.keeps(&orphan) && !orphans.keeps(&dispute));
    }
}
