//! At the desk: is the student's class due now, by the latest published timetable? The
//! check-in asks [`due_now`] before it issues a number; the policy decides whether a class that
//! is not due is only warned about or refused (an operator may override with a reason).

use gradphoto_domain::ClassCode;
use gradphoto_domain::timetable::due::Admission;
use gradphoto_domain::timetable::{Due, Policy};
use gradphoto_store::StudentView;

use crate::App;
use crate::error::Result;

/// When the student's class is due, and what the campaign's policy says about it.
#[derive(Debug, Clone)]
pub struct DueCheck {
    pub due: Due,
    pub policy: Policy,
    /// The venue of the class's slot, when it has one.
    pub venue: Option<String>,
    /// Whether any timetable has been published. Before the first, every class is due: the
    /// desk cannot hold students to a timetable nobody has seen.
    pub published: bool,
}

impl DueCheck {
    pub fn admission(&self, override_reason: Option<&str>) -> Admission {
        if !self.published {
            return Admission::Admit { warning: None };
        }
        Admission::decide(&self.due, &self.policy, override_reason)
    }
}

pub async fn due_now(app: &App, student: &StudentView) -> Result<DueCheck> {
    let record = &student.student;
    let campaign = record.campaign_id;
    let policy = app.repo.timetable_policy(campaign).await?;
    let slot = app.repo.published_slot(campaign, record.class_id).await?;
    let published = match &slot {
        Some(_) => true,
        None => !app.repo.timetable_versions(campaign).await?.is_empty(),
    };
    let class: &ClassCode = &record.record.class_code;
    Ok(DueCheck {
        due: Due::at(class, slot.as_ref().map(|s| s.time), app.now(), &policy),
        policy,
        venue: slot.map(|s| s.venue_name),
        published,
    })
}
