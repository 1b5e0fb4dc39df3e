//! Publishing the timetable: the working timetable of every venue becomes the next numbered
//! version, never edited afterwards, and the change list since the previous version is worked
//! out per college ("班级 190111：10月20日 9:00 → 10月21日 9:00") for the notice and for the
//! college leads.

use std::collections::{BTreeMap, HashMap};

use gradphoto_domain::timetable::SlotTime;
use gradphoto_domain::{CampaignId, ClassId, Msg};
use gradphoto_store::{Actor, TimetableVersion, VersionInfo};
use serde::Serialize;

use crate::App;
use crate::error::{AppError, Result};

/// One class whose slot differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassChange {
    pub class: String,
    pub from: Option<SlotTime>,
    pub to: Option<SlotTime>,
    /// `班级 190111：10月20日 9:00 → 10月21日 9:00`.
    pub line: String,
}

/// The changes that concern one college.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollegeChanges {
    pub college: String,
    pub changes: Vec<ClassChange>,
}

/// What the class's place is in a version: (college, code, venue, time).
fn placements(v: &TimetableVersion) -> HashMap<ClassId, (String, String, String, SlotTime)> {
    v.slots
        .iter()
        .flat_map(|s| {
            s.classes.iter().map(move |c| {
                (
                    c.class_id,
                    (
                        c.college_name
                            .clone()
                            .unwrap_or_else(|| "（未填学院）".to_owned()),
                        c.code.clone(),
                        s.venue_name.clone(),
                        s.time,
                    ),
                )
            })
        })
        .collect()
}

/// The classes whose slot (or venue) changed from `before` to `after`, grouped by college in
/// name order, classes in code order.
pub fn changes_between(before: &TimetableVersion, after: &TimetableVersion) -> Vec<CollegeChanges> {
    let old = placements(before);
    let new = placements(after);
    let mut by_college: BTreeMap<String, Vec<ClassChange>> = BTreeMap::new();
    let mut ids: Vec<&ClassId> = old.keys().chain(new.keys()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (from, to) = (old.get(id), new.get(id));
        let same = match (from, to) {
            (Some(a), Some(b)) => a.2 == b.2 && a.3 == b.3,
            _ => false,
        };
        if same {
            continue;
        }
        let Some((college, code, _, _)) = to.or(from) else {
            continue;
        };
        let venue_moved = matches!((from, to), (Some(a), Some(b)) if a.2 != b.2);
        let place = |p: Option<&(String, String, String, SlotTime)>| match p {
            None => "未安排".to_owned(),
            Some((_, _, venue, time)) if venue_moved => format!("{venue} {}", time.start_label()),
            Some((_, _, _, time)) => time.start_label(),
        };
        let line = format!("班级 {code}：{} → {}", place(from), place(to));
        by_college
            .entry(college.clone())
            .or_default()
            .push(ClassChange {
                class: code.clone(),
                from: from.map(|p| p.3),
                to: to.map(|p| p.3),
                line,
            });
    }
    by_college
        .into_iter()
        .map(|(college, mut changes)| {
            changes.sort_by(|a, b| a.class.cmp(&b.class));
            CollegeChanges { college, changes }
        })
        .collect()
}

/// What publishing made: the version and its changes since the one before.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub info: VersionInfo,
    pub changes: Vec<CollegeChanges>,
}

/// Publishes the working timetable as the next version. Refused when nothing changed since
/// the latest version, or when no class has a slot.
pub async fn publish(app: &App, campaign: CampaignId, actor: &Actor) -> Result<Published> {
    // The working timetable as (venue, time, class) triples, to compare with the latest version.
    let mut working = Vec::new();
    for venue in app.repo.venues(campaign).await? {
        for slot in app.repo.slots(venue.id).await? {
            working.push((venue.name.clone(), slot.time, None));
            working.extend(
                slot.classes
                    .iter()
                    .map(|c| (venue.name.clone(), slot.time, Some(c.class_id))),
            );
        }
    }
    if working.iter().all(|(_, _, class)| class.is_none()) {
        return Err(AppError::invalid(
            "timetable",
            Msg::new(
                "时间安排中还没有任何班级：请先导入时间安排，再发布",
                "the timetable has no classes yet: import it first, then publish",
            ),
        ));
    }
    let previous = match app.repo.timetable_versions(campaign).await?.first() {
        Some(info) => app.repo.timetable_version(campaign, info.number).await?,
        None => None,
    };
    if let Some(previous) = &previous {
        let mut published: Vec<_> = previous
            .slots
            .iter()
            .flat_map(|s| {
                std::iter::once((s.venue_name.clone(), s.time, None)).chain(
                    s.classes
                        .iter()
                        .map(|c| (s.venue_name.clone(), s.time, Some(c.class_id))),
                )
            })
            .collect();
        published.sort();
        working.sort();
        if published == working {
            return Err(AppError::invalid(
                "timetable",
                Msg::new(
                    format!(
                        "时间安排与第 {} 版相同，无需发布新版本",
                        previous.info.number
                    ),
                    format!(
                        "the timetable is the same as version {}: there is nothing new to publish",
                        previous.info.number
                    ),
                ),
            ));
        }
    }
    let info = app
        .repo
        .publish_timetable(campaign, actor, app.now())
        .await?;
    let current = app
        .repo
        .timetable_version(campaign, info.number)
        .await?
        .ok_or_else(|| AppError::Internal(format!("version {} just published", info.number)))?;
    let changes = match &previous {
        Some(previous) => changes_between(previous, &current),
        None => Vec::new(),
    };
    Ok(Published { info, changes })
}
