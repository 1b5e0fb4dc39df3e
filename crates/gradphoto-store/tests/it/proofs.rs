//! Proofreading: the campaign's window, and the students' answers kept newest first, a
//! locked one refusing the next.

use chrono::{Duration, NaiveDate};
use gradphoto_domain::proof::{IssueKind, ProofIssue, ProofState, ProofWindow};
use gradphoto_store::{NewProof, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now, small_roster};

async fn the_window_is_set_changed_and_closed(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    assert_eq!(repo.proof_window(campaign).await.unwrap(), None);
    let day = |d| NaiveDate::from_ymd_opt(2023, 4, d).unwrap();
    let window = ProofWindow::new(day(1), day(30)).unwrap();
    repo.set_proof_window(campaign, Some(window), &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.proof_window(campaign).await.unwrap(), Some(window));
    let later = ProofWindow::new(day(5), day(20)).unwrap();
    repo.set_proof_window(campaign, Some(later), &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.proof_window(campaign).await.unwrap(), Some(later));
    repo.set_proof_window(campaign, None, &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.proof_window(campaign).await.unwrap(), None);
    assert_eq!(
        repo.audit_events(1).await.unwrap()[0].action,
        "proof.window"
    );
}

async fn answers_are_kept_and_a_locked_one_ends_them(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    let student = repo.students(campaign).await.unwrap()[0].id;
    let dispute = NewProof {
        student_id: student,
        state: ProofState::Disputed,
        locked: false,
        photo_id: None,
        issues: vec![ProofIssue {
            kind: IssueKind::Field,
            field: Some("ethnicity".to_owned()),
            proposed: Some("回族".to_owned()),
            comment: "身份证上是回族".to_owned(),
        }],
    };
    let first = repo.record_proof(&dispute, &actor(), now()).await.unwrap();
    assert_eq!(first.issues, dispute.issues);
    let confirm = NewProof {
        state: ProofState::Confirmed,
        locked: true,
        issues: vec![],
        ..dispute.clone()
    };
    let second = repo
        .record_proof(&confirm, &actor(), now() + Duration::minutes(1))
        .await
        .unwrap();
    assert!(second.locked);
    let answers = repo.proofs(student).await.unwrap();
    assert_eq!(answers, [second.clone(), first]);
    let refused = repo.record_proof(&dispute, &actor(), now()).await;
    assert!(
        matches!(refused, Err(StoreError::Rejected(_))),
        "{refused:?}"
    );
    assert_eq!(repo.proofs(student).await.unwrap().len(), 2);
    let other = repo.students(campaign).await.unwrap()[1].id;
    assert!(repo.proofs(other).await.unwrap().is_empty());
    assert_eq!(
        repo.audit_events(1).await.unwrap()[0].action,
        "proof.answer"
    );
}

conformance!(
    the_window_is_set_changed_and_closed,
    answers_are_kept_and_a_locked_one_ends_them,
);
