//! Everything the student's own page shows, read in one place: their roster entry, their slot
//! and venue by the latest published timetable, their place in today's queue, their
//! proofreading, a retake the office asked for and the office's replies. The web only puts it
//! into words.

use gradphoto_domain::StudentId;
use gradphoto_domain::timetable::SlotTime;
use gradphoto_store::{Reply, RetakeRequest, StudentView};

use crate::App;
use crate::error::Result;
use crate::proofreading::{self, StudentProof};
use crate::queue_place::{QueuePlace, queue_place};

/// Where and when the student's class is shot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MySlot {
    /// No version published yet.
    NotPublished,
    /// Published, but the class is in none of its slots.
    NoSlot { class: String },
    At {
        time: SlotTime,
        venue: String,
        arrive_early_min: u32,
    },
}

/// The student's page.
#[derive(Debug, Clone, PartialEq)]
pub struct MyPage {
    pub student: StudentView,
    pub slot: MySlot,
    pub queue: Option<QueuePlace>,
    pub proof: StudentProof,
    /// A retake asked for and waiting for the student's next check-in (a priority ticket).
    pub retake: Option<RetakeRequest>,
    /// What the office wrote to the student, newest first.
    pub replies: Vec<Reply>,
}

/// The page of the student on the roster as `student`; `None` when the roster has no such
/// entry.
pub async fn my_page(app: &App, student: StudentId) -> Result<Option<MyPage>> {
    let Some(view) = app.repo.student(student).await? else {
        return Ok(None);
    };
    let campaign = view.student.campaign_id;
    Ok(Some(MyPage {
        slot: my_slot(app, &view).await?,
        queue: queue_place(app, student).await?,
        proof: proofreading::view(app, campaign, student).await?,
        retake: app
            .repo
            .retake_requests(student)
            .await?
            .into_iter()
            .find(|r| r.ticket_id.is_none()),
        replies: app.repo.replies(student).await?,
        student: view,
    }))
}

/// The student's slot and venue by the latest published version.
async fn my_slot(app: &App, s: &StudentView) -> Result<MySlot> {
    let campaign = s.student.campaign_id;
    if let Some(slot) = app
        .repo
        .published_slot(campaign, s.student.class_id)
        .await?
    {
        let policy = app.repo.timetable_policy(campaign).await?;
        return Ok(MySlot::At {
            time: slot.time,
            venue: slot.venue_name,
            arrive_early_min: policy.arrive_early_min,
        });
    }
    if app.repo.timetable_versions(campaign).await?.is_empty() {
        return Ok(MySlot::NotPublished);
    }
    Ok(MySlot::NoSlot {
        class: s.student.record.class_code.to_string(),
    })
}
