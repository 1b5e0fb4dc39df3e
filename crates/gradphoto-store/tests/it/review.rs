//! Review: each kind of problem is listed until its cause is gone; a retake asked for makes the
//! student's next ticket a priority one; rebinding an accepted frame takes it from its
//! student; replies, overrides and the students' sign-in method are kept and audited.

use chrono::{DateTime, Duration, Utc};
use gradphoto_domain::proof::{IssueKind, ProofIssue, ProofState};
use gradphoto_domain::review::ReviewKind;
use gradphoto_domain::student_sign_in::StudentSignIn;
use gradphoto_domain::{FrameId, FrameState, StationId, TicketId};
use gradphoto_store::{FrameDecision, NewProof, Repo, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now};
use crate::frames::{call, frame, receive};
use crate::queue::{request, venue_with_students};

/// Shoots and accepts a frame judged `overall` for the ticket the station calls next.
async fn shoot(
    repo: &dyn Repo,
    station: StationId,
    content: &str,
    overall: &str,
    at: DateTime<Utc>,
) -> (TicketId, FrameId) {
    let ticket = call(repo, station, at).await;
    let mut new = frame(station, content, at);
    if let Some((verdict, _)) = new.verdict.as_mut() {
        verdict.overall = overall.to_owned();
    }
    let f = repo
        .record_frame(&new, &actor(), at)
        .await
        .unwrap()
        .frame()
        .clone();
    repo.decide_frame(f.id, &FrameDecision::Accept { reason: None }, &actor(), at)
        .await
        .unwrap();
    (ticket, f.id)
}

fn kinds(items: &[gradphoto_store::ReviewItem]) -> Vec<ReviewKind> {
    items.iter().map(|i| i.kind).collect()
}

async fn each_kind_is_listed_until_its_cause_is_gone(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (campaign, venue, students) = venue_with_students(repo, 3).await;
    let station = repo.stations(venue).await.unwrap()[0].id;
    let t = |m| now() + Duration::minutes(m);
    assert!(repo.review_items(campaign).await.unwrap().is_empty());

    let orphan = receive(repo, station, "orphan", t(0)).await;
    for s in &students[..2] {
        repo.issue_ticket(&request(venue, *s), &actor(), t(1))
            .await
            .unwrap();
    }
    let (_, failed) = shoot(repo, station, "s0", "fail", t(2)).await;
    shoot(repo, station, "s1", "pass", t(3)).await;
    let dispute = NewProof {
        student_id: students[1],
        state: ProofState::Disputed,
        locked: false,
        photo_id: None,
        issues: vec![ProofIssue {
            kind: IssueKind::NotMyPhoto,
            field: None,
            proposed: None,
            comment: String::new(),
        }],
    };
    repo.record_proof(&dispute, &actor(), t(4)).await.unwrap();
    repo.request_retake(students[2], "没来拍", &actor(), t(5))
        .await
        .unwrap();

    let items = repo.review_items(campaign).await.unwrap();
    assert_eq!(
        kinds(&items),
        [
            ReviewKind::Orphan,
            ReviewKind::Verdict,
            ReviewKind::Dispute,
            ReviewKind::Retake
        ],
        "{items:?}"
    );
    assert_eq!(items[0].frame_id, Some(orphan.id));
    assert_eq!(items[0].venue_id, Some(venue));
    assert_eq!(items[1].frame_id, Some(failed));
    assert_eq!(items[1].note.as_deref(), Some("fail"));
    let s = items[2].student.as_ref().unwrap();
    assert_eq!((s.id, s.class_code.as_str()), (students[1], "190111"));
    assert_eq!(s.college_name.as_deref(), Some("航空制造工程学院"));
    assert_eq!(items[3].note.as_deref(), Some("没来拍"));

    // Each cause goes: the orphan discarded, the verdict overridden, the student confirms, a
    // photo accepted after the request.
    repo.decide_frame(
        orphan.id,
        &FrameDecision::Discard {
            reason: "空拍".to_owned(),
        },
        &actor(),
        t(6),
    )
    .await
    .unwrap();
    let o = repo
        .override_verdict(failed, "人工复核合格", &actor(), t(7))
        .await
        .unwrap();
    assert_eq!(repo.verdict_overrides(failed).await.unwrap(), [o]);
    assert_eq!(
        repo.frame_verdict(failed)
            .await
            .unwrap()
            .unwrap()
            .verdict
            .overall,
        "fail",
        "the verdict stays as it was"
    );
    let confirm = NewProof {
        state: ProofState::Confirmed,
        issues: vec![],
        ..dispute
    };
    repo.record_proof(&confirm, &actor(), t(8)).await.unwrap();
    assert_eq!(
        kinds(&repo.review_items(campaign).await.unwrap()),
        [ReviewKind::Retake]
    );
    let ticket = repo
        .issue_ticket(&request(venue, students[2]), &actor(), t(9))
        .await
        .unwrap()
        .ticket;
    assert!(ticket.priority, "a retake's ticket waits at the head");
    assert_eq!(
        repo.retake_requests(students[2]).await.unwrap()[0].ticket_id,
        Some(ticket.id)
    );
    assert_eq!(
        kinds(&repo.review_items(campaign).await.unwrap()),
        [ReviewKind::Retake],
        "until a photo is accepted"
    );
    shoot(repo, station, "s2", "pass", t(10)).await;
    assert!(repo.review_items(campaign).await.unwrap().is_empty());
    // A second request may wait again once the first has its ticket.
    repo.request_retake(students[2], "再拍一次", &actor(), t(11))
        .await
        .unwrap();
    let again = repo
        .request_retake(students[2], "又一次", &actor(), t(12))
        .await;
    assert!(matches!(again, Err(StoreError::Rejected(_))), "{again:?}");
}

async fn rebinding_an_accepted_frame_takes_it_from_its_student(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (_, venue, students) = venue_with_students(repo, 2).await;
    let station = repo.stations(venue).await.unwrap()[0].id;
    let mut tickets = Vec::new();
    for s in &students {
        let out = repo
            .issue_ticket(&request(venue, *s), &actor(), now())
            .await
            .unwrap();
        tickets.push(out.ticket.id);
    }
    let (_, wrong) = shoot(repo, station, "a", "pass", now()).await;
    let moved = repo
        .decide_frame(
            wrong,
            &FrameDecision::Bind {
                ticket: tickets[1],
                reason: "插队".to_owned(),
            },
            &actor(),
            now() + Duration::minutes(1),
        )
        .await
        .unwrap();
    assert_eq!(moved.state, FrameState::Bound);
    assert_eq!(moved.student_id, Some(students[1]));
    assert!(repo.current_photo(students[0]).await.unwrap().is_none());
    let history = repo.student_photos(students[0]).await.unwrap();
    assert!(
        history.photos[0]
            .superseded_reason
            .as_deref()
            .unwrap()
            .contains("插队")
    );
    let trail = repo
        .audit_about(&[format!("student:{}", students[0]), format!("frame:{wrong}")])
        .await
        .unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "frame.bind",
            "photo.accept",
            "photo.supersede",
            "frame.rebind"
        ],
        "{trail:?}"
    );
}

async fn replies_and_the_sign_in_method_are_kept(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (campaign, _, students) = venue_with_students(repo, 2).await;
    let first = repo
        .reply(students[0], "已收到", &actor(), now())
        .await
        .unwrap();
    let second = repo
        .reply(
            students[0],
            "已更正",
            &actor(),
            now() + Duration::minutes(1),
        )
        .await
        .unwrap();
    assert_eq!(repo.replies(students[0]).await.unwrap(), [second, first]);
    assert!(repo.replies(students[1]).await.unwrap().is_empty());
    assert_eq!(
        repo.student_sign_in(campaign).await.unwrap(),
        StudentSignIn::ProofCode
    );
    repo.set_student_sign_in(campaign, StudentSignIn::IdAndBirth, &actor(), now())
        .await
        .unwrap();
    assert_eq!(
        repo.student_sign_in(campaign).await.unwrap(),
        StudentSignIn::IdAndBirth
    );
    let last = &repo.audit_events(1).await.unwrap()[0];
    assert_eq!(last.action, "campaign.student_sign_in");
    assert_eq!(last.after, Some(serde_json::json!("id_and_birth")));
}

conformance!(
    each_kind_is_listed_until_its_cause_is_gone,
    rebinding_an_accepted_frame_takes_it_from_its_student,
    replies_and_the_sign_in_method_are_kept,
);
