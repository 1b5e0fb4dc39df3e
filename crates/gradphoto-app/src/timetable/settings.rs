//! The campaign's shooting days and check-in policy, and which venue a timetable belongs to.

use chrono::NaiveDate;
use gradphoto_domain::timetable::Policy;
use gradphoto_domain::{CampaignId, Msg, Venue};
use gradphoto_store::Actor;

use crate::App;
use crate::error::{AppError, Result};

/// Sets the shooting days (any order, duplicates dropped).
pub async fn set_days(
    app: &App,
    campaign: CampaignId,
    days: &[NaiveDate],
    actor: &Actor,
) -> Result<Vec<NaiveDate>> {
    let mut days = days.to_vec();
    days.sort();
    days.dedup();
    if days.is_empty() {
        return Err(AppError::invalid(
            "days",
            Msg::new("请至少给出一个拍摄日期", "give at least one shooting day"),
        ));
    }
    app.repo
        .set_campaign_days(campaign, &days, actor, app.now())
        .await?;
    Ok(days)
}

pub async fn set_policy(
    app: &App,
    campaign: CampaignId,
    policy: &Policy,
    actor: &Actor,
) -> Result<()> {
    Ok(app
        .repo
        .set_timetable_policy(campaign, policy, actor, app.now())
        .await?)
}

/// The venue named, or the campaign's only venue when none is named.
pub async fn venue_or_only(app: &App, campaign: CampaignId, name: Option<&str>) -> Result<Venue> {
    let venues = app.repo.venues(campaign).await?;
    match name {
        Some(name) => venues.into_iter().find(|v| v.name == name).ok_or_else(|| {
            AppError::NotFound(Msg::new(
                format!("没有名为“{name}”的地点"),
                format!("there is no venue named \"{name}\""),
            ))
        }),
        None => match venues.len() {
            1 => Ok(venues
                .into_iter()
                .next()
                .ok_or_else(|| AppError::Internal("venue".into()))?),
            0 => Err(AppError::invalid(
                "venue",
                Msg::new(
                    "本次采集还没有拍摄地点：请先添加地点（gradphoto venue add）",
                    "the campaign has no venue yet: add one first (gradphoto venue add)",
                ),
            )),
            _ => Err(AppError::invalid(
                "venue",
                Msg::new(
                    "本次采集有多个拍摄地点：请指明时间安排属于哪个地点",
                    "the campaign has several venues: say which one the timetable is for",
                ),
            )),
        },
    }
}
