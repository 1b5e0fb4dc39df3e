//! The timetable: the campaign's shooting days and check-in policy, the working timetable of
//! each venue (slots and the classes in them), and published versions, which are never edited.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::timetable::{Policy, SlotTime};
use gradphoto_domain::{CampaignId, ClassId, CollegeId, SlotId, VenueId};
use serde::Serialize;

use super::Actor;
use crate::error::Result;

/// A class in a slot of the working timetable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotClass {
    pub class_id: ClassId,
    pub code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
    pub students: i64,
    /// A pinned class stays where it is when the planner proposes a timetable.
    pub pinned: bool,
}

/// A slot of a venue's working timetable with its classes, in the order they were placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub id: SlotId,
    pub venue_id: VenueId,
    pub time: SlotTime,
    pub classes: Vec<SlotClass>,
}

/// A slot to write: its time and its classes (with whether each is pinned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSlot {
    pub time: SlotTime,
    pub classes: Vec<(ClassId, bool)>,
}

/// A published version's heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    pub number: i64,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
}

/// A class as a version holds it: copied at publication, so later roster changes do not edit
/// a published notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionClass {
    pub class_id: ClassId,
    pub code: String,
    pub college_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSlot {
    pub venue_id: VenueId,
    pub venue_name: String,
    pub time: SlotTime,
    pub classes: Vec<VersionClass>,
}

/// A published timetable: every venue's slots, in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimetableVersion {
    #[serde(flatten)]
    pub info: VersionInfo,
    pub slots: Vec<VersionSlot>,
}

/// Where and when a class is to be shot, by the latest published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedSlot {
    pub version: i64,
    pub venue_id: VenueId,
    pub venue_name: String,
    pub time: SlotTime,
}

#[async_trait]
pub trait TimetableRepo: Send + Sync {
    /// The campaign's shooting days, in order.
    async fn campaign_days(&self, campaign: CampaignId) -> Result<Vec<NaiveDate>>;
    /// Replaces the shooting days. Refused when a slot of the working timetable is on a day
    /// that would no longer be one.
    async fn set_campaign_days(
        &self,
        campaign: CampaignId,
        days: &[NaiveDate],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The check-in policy; the notice's default until one is set.
    async fn timetable_policy(&self, campaign: CampaignId) -> Result<Policy>;
    async fn set_timetable_policy(
        &self,
        campaign: CampaignId,
        policy: &Policy,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The working timetable of a venue, in time order.
    async fn slots(&self, venue: VenueId) -> Result<Vec<Slot>>;
    /// Replaces a venue's working timetable with `slots`, all or nothing, audited with the
    /// timetable before and after. A class in a slot of another venue is refused.
    async fn replace_slots(
        &self,
        venue: VenueId,
        slots: &[NewSlot],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Moves a class to another slot (audited: from → to); a pinned class stays pinned.
    async fn move_class(
        &self,
        class: ClassId,
        to: SlotId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Moves a slot to another time, its classes with it (audited: from → to). Refused when
    /// it would overlap another slot of its venue.
    async fn move_slot(
        &self,
        slot: SlotId,
        to: SlotTime,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    async fn pin_class(
        &self,
        class: ClassId,
        pinned: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Copies every venue's working timetable into the next numbered version.
    async fn publish_timetable(
        &self,
        campaign: CampaignId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<VersionInfo>;
    /// The published versions, newest first.
    async fn timetable_versions(&self, campaign: CampaignId) -> Result<Vec<VersionInfo>>;
    async fn timetable_version(
        &self,
        campaign: CampaignId,
        number: i64,
    ) -> Result<Option<TimetableVersion>>;
    /// The class's slot in the latest published version, if it has one.
    async fn published_slot(
        &self,
        campaign: CampaignId,
        class: ClassId,
    ) -> Result<Option<PublishedSlot>>;
}
