//! Campaigns and the audit trail their creation leaves.

use gradphoto_domain::{Fen, NewCampaign};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now};

async fn campaign_round_trip(db: &TestDb) {
    let repo = db.repo.as_ref();
    assert!(repo.current_campaign().await.unwrap().is_none());
    let first = NewCampaign::parse(2023, None, Some(Fen(2000)), Some(8)).unwrap();
    let a = repo.create_campaign(&first, &actor(), now()).await.unwrap();
    assert_eq!(a.title, "2023届毕业生图像信息采集");
    assert_eq!(a.fee_fen, Fen(2000));
    assert_eq!(a.created_at, now());
    let second = NewCampaign::parse(2024, Some("2024届采集"), None, None).unwrap();
    let b = repo
        .create_campaign(&second, &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.campaigns().await.unwrap(), vec![a.clone(), b.clone()]);
    assert_eq!(repo.current_campaign().await.unwrap(), Some(b.clone()));
    assert_eq!(repo.campaign(a.id).await.unwrap(), Some(a.clone()));

    let events = repo.audit_events(10).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].action, "campaign.create");
    assert_eq!(events[0].subject, format!("campaign:{}", b.id));
    assert_eq!(events[0].actor, "test");
    assert_eq!(events[0].after.as_ref().unwrap()["cohort"], 2024);

    let login = serde_json::json!({ "ok": false });
    repo.append_audit(
        &actor(),
        "login.failure",
        "user:nobody",
        None,
        Some(&login),
        now(),
    )
    .await
    .unwrap();
    let last = &repo.audit_events(1).await.unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.after.as_ref()),
        ("login.failure", Some(&login))
    );
    assert!(last.id > events[0].id);
}

conformance!(campaign_round_trip);
