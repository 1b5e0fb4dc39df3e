//! Class progress: per class, the students, who checked in (once however many tickets) and
//! who has a current photo and who has proofread it, scoped to colleges; and the students of
//! some classes who never checked in, or never proofread.

use gradphoto_domain::proof::ProofState;
use gradphoto_domain::{FrameSource, FrameVerdict, Msg, StudentId};
use gradphoto_store::{ClassCounts, FrameDecision, NewFrame, NewProof, Repo, StationAction};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now, small_roster};
use crate::queue::request;

fn counts(all: &[ClassCounts], code: &str) -> (i64, i64, i64) {
    let c = all.iter().find(|c| c.code == code).unwrap();
    (c.students, c.checked_in, c.photographed)
}

async fn student(repo: &dyn Repo, campaign: gradphoto_domain::CampaignId, no: &str) -> StudentId {
    repo.students(campaign)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.record.student_no.as_str() == no)
        .unwrap()
        .id
}

fn frame(station: gradphoto_domain::StationId) -> NewFrame {
    let sha = "ab".repeat(32);
    NewFrame {
        station_id: station,
        source: FrameSource::Upload,
        blob_key: format!("sha256/{sha}"),
        thumb_key: format!("renditions/{sha}/thumb.jpg"),
        preview_key: format!("renditions/{sha}/preview.jpg"),
        sha256: sha,
        original_name: None,
        bytes: 1000,
        width: 480,
        height: 640,
        arrived_at: now(),
        expected_ticket: None,
        verdict: Some((
            FrameVerdict {
                pack: "chsi-2017".to_owned(),
                overall: "pass".to_owned(),
                reason: Msg::new("合格", "passes"),
            },
            serde_json::json!({ "results": [] }),
        )),
    }
}

async fn counts_per_class_and_who_never_came(db: &TestDb) {
    let repo = db.repo.as_ref();
    // 张三 190111 and 李四 190112 in 航空制造工程学院, 王五 190211 in 信息工程学院.
    let campaign = small_roster(repo).await;
    let venue = repo
        .create_venue(campaign, "大学生事务中心", &actor(), now())
        .await
        .unwrap();
    let station = repo
        .create_station(venue.id, "1号机位", &actor(), now())
        .await
        .unwrap();
    let all = repo.class_counts(campaign, None).await.unwrap();
    let codes: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["190111", "190112", "190211"]);
    assert_eq!(counts(&all, "190111"), (1, 0, 0));
    let classes: Vec<_> = all.iter().map(|c| c.class_id).collect();
    let absent = repo
        .students_without_ticket(campaign, &classes)
        .await
        .unwrap();
    assert_eq!(absent.len(), 3);

    // 张三 checks in and is photographed; 王五 checks in twice (his first number voided).
    let zhang = student(repo, campaign, "1901110101").await;
    repo.issue_ticket(&request(venue.id, zhang), &actor(), now())
        .await
        .unwrap();
    repo.station_action(station.id, &StationAction::CallNext, &actor(), now())
        .await
        .unwrap();
    let frame = repo
        .record_frame(&frame(station.id), &actor(), now())
        .await
        .unwrap()
        .frame()
        .clone();
    repo.decide_frame(
        frame.id,
        &FrameDecision::Accept { reason: None },
        &actor(),
        now(),
    )
    .await
    .unwrap();
    let wang = student(repo, campaign, "1902110101").await;
    repo.issue_ticket(&request(venue.id, wang), &actor(), now())
        .await
        .unwrap();
    let mut again = request(venue.id, wang);
    again.reissue_reason = Some("小票丢失".to_owned());
    repo.issue_ticket(&again, &actor(), now()).await.unwrap();

    let all = repo.class_counts(campaign, None).await.unwrap();
    assert_eq!(counts(&all, "190111"), (1, 1, 1));
    assert_eq!(counts(&all, "190112"), (1, 0, 0));
    assert_eq!(counts(&all, "190211"), (1, 1, 0), "counted once");
    assert_eq!(all[0].college_name.as_deref(), Some("航空制造工程学院"));

    let absent = repo
        .students_without_ticket(campaign, &classes)
        .await
        .unwrap();
    let names: Vec<&str> = absent.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["李四"]);
    assert_eq!(absent[0].class_code, "190112");
    assert_eq!(absent[0].student_no, "1901120101");
    assert_eq!(absent[0].college_name.as_deref(), Some("航空制造工程学院"));
    assert!(
        repo.students_without_ticket(campaign, &classes[..1])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        repo.students_without_ticket(campaign, &[])
            .await
            .unwrap()
            .is_empty()
    );

    // A college's lead sees only its classes; an empty scope sees none.
    let college = all[2].college_id.unwrap();
    let scoped = repo.class_counts(campaign, Some(&[college])).await.unwrap();
    assert_eq!(scoped.len(), 1);
    assert_eq!(scoped[0].code, "190211");
    assert!(
        repo.class_counts(campaign, Some(&[]))
            .await
            .unwrap()
            .is_empty()
    );
}

/// Proofreading per class: the current (newest) answer of each student counts once.
async fn proofreading_counts_the_current_answer_and_lists_who_has_none(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    let zhang = student(repo, campaign, "1901110101").await;
    let answer = |state, who| NewProof {
        student_id: who,
        state,
        locked: false,
        photo_id: None,
        issues: vec![],
    };
    // 张三 says wrong, then correct: confirmed once, not disputed.
    for state in [ProofState::Disputed, ProofState::Confirmed] {
        repo.record_proof(&answer(state, zhang), &actor(), now())
            .await
            .unwrap();
    }
    let all = repo.class_counts(campaign, None).await.unwrap();
    let proof = |code: &str| {
        let c = all.iter().find(|c| c.code == code).unwrap();
        (c.students, c.confirmed, c.disputed)
    };
    assert_eq!(proof("190111"), (1, 1, 0));
    assert_eq!(proof("190112"), (1, 0, 0));
    let classes: Vec<_> = all.iter().map(|c| c.class_id).collect();
    let none = repo
        .students_without_proof(campaign, &classes)
        .await
        .unwrap();
    let numbers: Vec<&str> = none.iter().map(|s| s.student_no.as_str()).collect();
    assert_eq!(numbers, ["1901120101", "1902110101"], "{none:?}");
}

conformance!(
    counts_per_class_and_who_never_came,
    proofreading_counts_the_current_answer_and_lists_who_has_none,
);
