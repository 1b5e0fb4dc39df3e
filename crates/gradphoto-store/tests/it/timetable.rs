//! The timetable: shooting days, the policy, a venue's working slots replaced all or nothing,
//! moves audited, and published versions that later edits do not touch.

use chrono::{NaiveDate, NaiveTime};
use gradphoto_domain::ClassId;
use gradphoto_domain::timetable::{OutsideSlot, Policy, SlotTime};
use gradphoto_store::{NewSlot, Repo};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now, small_roster};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 10, d).unwrap()
}

fn slot(d: u32, h: u32) -> SlotTime {
    SlotTime::new(
        day(d),
        NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(h + 1, 0, 0).unwrap(),
    )
    .unwrap()
}

async fn class_ids(repo: &dyn Repo, campaign: gradphoto_domain::CampaignId) -> Vec<ClassId> {
    repo.classes(campaign)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

async fn days_and_policy(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    assert!(repo.campaign_days(campaign).await.unwrap().is_empty());
    repo.set_campaign_days(campaign, &[day(21), day(20)], &actor(), now())
        .await
        .unwrap();
    assert_eq!(
        repo.campaign_days(campaign).await.unwrap(),
        [day(20), day(21)]
    );
    assert_eq!(
        repo.timetable_policy(campaign).await.unwrap(),
        Policy::default()
    );
    let strict = Policy {
        outside: OutsideSlot::Refuse,
        late_tolerance_min: 10,
        ..Policy::default()
    };
    repo.set_timetable_policy(campaign, &strict, &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.timetable_policy(campaign).await.unwrap(), strict);
}

async fn slots_replace_move_and_publish(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    repo.set_campaign_days(campaign, &[day(20), day(21)], &actor(), now())
        .await
        .unwrap();
    let venue = repo
        .create_venue(campaign, "大学生事务中心", &actor(), now())
        .await
        .unwrap();
    let ids = class_ids(repo, campaign).await; // 190111, 190112, 190211
    let draft = [
        NewSlot {
            time: slot(20, 9),
            classes: vec![(ids[1], false), (ids[0], true)],
        },
        NewSlot {
            time: slot(20, 10),
            classes: vec![(ids[2], false)],
        },
    ];
    repo.replace_slots(venue.id, &draft, &actor(), now())
        .await
        .unwrap();
    let slots = repo.slots(venue.id).await.unwrap();
    assert_eq!(slots.len(), 2);
    let codes: Vec<_> = slots[0].classes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        ["190112", "190111"],
        "the order classes were placed in"
    );
    assert!(slots[0].classes[1].pinned);
    assert_eq!(slots[0].classes[0].students, 1);
    assert_eq!(
        slots[0].classes[0].college_name.as_deref(),
        Some("航空制造工程学院")
    );

    // A class placed in two slots is refused and nothing changes.
    let twice = [
        NewSlot {
            time: slot(21, 9),
            classes: vec![(ids[0], false)],
        },
        NewSlot {
            time: slot(21, 10),
            classes: vec![(ids[0], false)],
        },
    ];
    assert!(
        repo.replace_slots(venue.id, &twice, &actor(), now())
            .await
            .is_err()
    );
    assert_eq!(repo.slots(venue.id).await.unwrap(), slots);

    assert!(
        repo.published_slot(campaign, ids[0])
            .await
            .unwrap()
            .is_none()
    );
    let v1 = repo
        .publish_timetable(campaign, &actor(), now())
        .await
        .unwrap();
    assert_eq!(v1.number, 1);
    let published = repo
        .published_slot(campaign, ids[2])
        .await
        .unwrap()
        .unwrap();
    assert_eq!((published.version, published.time), (1, slot(20, 10)));

    // Moves change the working timetable, not the published one, and are audited.
    repo.move_class(ids[2], slots[0].id, &actor(), now())
        .await
        .unwrap();
    repo.move_slot(slots[1].id, slot(21, 9), &actor(), now())
        .await
        .unwrap();
    assert!(
        repo.move_slot(slots[1].id, slot(22, 9), &actor(), now())
            .await
            .is_err(),
        "not a shooting day"
    );
    assert!(
        repo.move_slot(slots[0].id, slot(21, 9), &actor(), now())
            .await
            .is_err(),
        "would overlap"
    );
    // The refused moves left no trace.
    let events = repo.audit_events(2).await.unwrap();
    assert_eq!(events[0].action, "timetable.move_slot");
    assert_eq!(
        events[0].before.as_ref().unwrap()["slot"],
        "10月20日 10:00-11:00"
    );
    assert_eq!(events[1].action, "timetable.move_class");
    assert_eq!(events[1].after.as_ref().unwrap()["class"], "190211");
    assert_eq!(
        repo.published_slot(campaign, ids[2])
            .await
            .unwrap()
            .unwrap()
            .time,
        slot(20, 10),
        "version 1 is not edited"
    );
    repo.publish_timetable(campaign, &actor(), now())
        .await
        .unwrap();
    assert_eq!(
        repo.published_slot(campaign, ids[2])
            .await
            .unwrap()
            .unwrap()
            .time,
        slot(20, 9)
    );
    let versions = repo.timetable_versions(campaign).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [2, 1]
    );
    let first = repo.timetable_version(campaign, 1).await.unwrap().unwrap();
    assert_eq!(first.slots.len(), 2);
    assert_eq!(first.slots[1].classes[0].code, "190211");
    assert_eq!(first.slots[0].venue_name, "大学生事务中心");
    let second = repo.timetable_version(campaign, 2).await.unwrap().unwrap();
    assert_eq!(second.slots[0].classes.len(), 3);
    assert!(
        second.slots[1].classes.is_empty(),
        "an emptied slot stays in the version"
    );
    assert!(repo.timetable_version(campaign, 3).await.unwrap().is_none());

    // A day that still has slots cannot be dropped.
    assert!(
        repo.set_campaign_days(campaign, &[day(21)], &actor(), now())
            .await
            .is_err()
    );
    repo.pin_class(ids[2], true, &actor(), now()).await.unwrap();
    // Moved by hand, a pinned class stays pinned.
    repo.move_class(ids[2], slots[1].id, &actor(), now())
        .await
        .unwrap();
    let moved = repo.slots(venue.id).await.unwrap();
    assert!(
        moved[1]
            .classes
            .iter()
            .any(|c| c.code == "190211" && c.pinned)
    );
    assert!(
        repo.slots(venue.id).await.unwrap()[0]
            .classes
            .iter()
            .all(|c| c.code != "190211" || c.pinned)
    );
}

conformance!(days_and_policy, slots_replace_move_and_publish);
