//! Where shooting happens: a venue (大学生事务中心), its capture stations (机位), and the desk
//! devices (card readers, scanners) that check students in there.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::{CampaignId, DeviceId, Msg, StationId, VenueId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Venue {
    pub id: VenueId,
    pub campaign_id: CampaignId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Station {
    pub id: StationId,
    pub venue_id: VenueId,
    /// Shown on the board: "1号机位".
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub id: DeviceId,
    pub venue_id: VenueId,
    pub name: String,
}

/// A venue, station or device name: 1 to 50 characters after trimming.
pub fn parse_place_name(raw: &str) -> Result<String, Msg> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(Msg::new(
            format!("名称“{name}”应为 1 到 50 个字符"),
            format!("the name \"{name}\" should be 1 to 50 characters"),
        ));
    }
    Ok(name.to_owned())
}

/// China Standard Time: shooting days and the timetable are local dates and times there.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The shooting day a moment falls on, in China Standard Time. Sequence numbers restart every
/// day at every venue.
pub fn shooting_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_time()).date_naive()
}
