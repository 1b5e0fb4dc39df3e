//! Changing the working timetable by hand: a class to another slot, a slot to another time, a
//! class pinned where it is. Each change is audited (from → to); none touches a published
//! version until the next is published.

use chrono::{NaiveDate, NaiveTime};
use gradphoto_domain::timetable::SlotTime;
use gradphoto_domain::{CampaignId, ClassCode, Msg, Venue};
use gradphoto_store::{Actor, ClassSummary, Slot};

use crate::App;
use crate::error::{AppError, Result};

async fn class(app: &App, campaign: CampaignId, code: &str) -> Result<ClassSummary> {
    let code = ClassCode::parse(code).map_err(|m| AppError::invalid("class", m))?;
    app.repo
        .classes(campaign)
        .await?
        .into_iter()
        .find(|c| c.code == code.as_str())
        .ok_or_else(|| {
            AppError::NotFound(Msg::new(
                format!("花名册中没有班级 {code}"),
                format!("class {code} is not on the roster"),
            ))
        })
}

/// The venue's slot that starts on `date` at `start`.
pub async fn slot_at(app: &App, venue: &Venue, date: NaiveDate, start: NaiveTime) -> Result<Slot> {
    app.repo
        .slots(venue.id)
        .await?
        .into_iter()
        .find(|s| s.time.date == date && s.time.start == start)
        .ok_or_else(|| {
            AppError::NotFound(Msg::new(
                format!(
                    "“{}”在 {date} {} 没有开始的时段",
                    venue.name,
                    start.format("%-H:%M")
                ),
                format!(
                    "\"{}\" has no slot starting on {date} at {}",
                    venue.name,
                    start.format("%-H:%M")
                ),
            ))
        })
}

pub async fn move_class(
    app: &App,
    venue: &Venue,
    code: &str,
    date: NaiveDate,
    start: NaiveTime,
    actor: &Actor,
) -> Result<()> {
    let class = class(app, venue.campaign_id, code).await?;
    let slot = slot_at(app, venue, date, start).await?;
    Ok(app
        .repo
        .move_class(class.id, slot.id, actor, app.now())
        .await?)
}

pub async fn move_slot(
    app: &App,
    venue: &Venue,
    date: NaiveDate,
    start: NaiveTime,
    to: SlotTime,
    actor: &Actor,
) -> Result<()> {
    let slot = slot_at(app, venue, date, start).await?;
    Ok(app.repo.move_slot(slot.id, to, actor, app.now()).await?)
}

pub async fn pin(
    app: &App,
    campaign: CampaignId,
    code: &str,
    pinned: bool,
    actor: &Actor,
) -> Result<()> {
    let class = class(app, campaign, code).await?;
    Ok(app
        .repo
        .pin_class(class.id, pinned, actor, app.now())
        .await?)
}
