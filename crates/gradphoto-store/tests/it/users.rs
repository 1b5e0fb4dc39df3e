//! Users, college scopes and sessions; failed sign-ins and students' accounts.

use chrono::Duration;
use gradphoto_domain::Role;
use gradphoto_store::{NewSession, NewUser, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now, small_roster};

fn new_user(login: &str, role: Role) -> NewUser {
    NewUser {
        login: login.to_owned(),
        display_name: format!("{login} 老师"),
        password_hash: "$argon2id$fake".to_owned(),
        role,
        colleges: vec![],
        student_id: None,
    }
}

async fn users_and_scopes(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let college = repo.colleges(id).await.unwrap()[0].id;
    let lead = NewUser {
        colleges: vec![college],
        ..new_user("lead", Role::CollegeLead)
    };
    let created = repo.create_user(&lead, &actor(), now()).await.unwrap();
    assert_eq!(created.colleges, vec![college]);
    let (found, hash) = repo.user_by_login("lead").await.unwrap().unwrap();
    assert_eq!((found, hash.as_str()), (created.clone(), "$argon2id$fake"));
    assert!(repo.user_by_login("nobody").await.unwrap().is_none());

    let again = repo
        .create_user(&new_user("lead", Role::Admin), &actor(), now())
        .await;
    assert!(matches!(again, Err(StoreError::Rejected(_))));

    let student_id = repo.students(id).await.unwrap()[0].id;
    let student = NewUser {
        student_id: Some(student_id),
        ..new_user("s1", Role::Student)
    };
    repo.create_user(&student, &actor(), now()).await.unwrap();
    let all = repo.users().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].student_id, Some(student_id));
    assert_eq!(repo.audit_events(1).await.unwrap()[0].action, "user.create");
}

async fn sessions_expire_and_end(db: &TestDb) {
    let repo = db.repo.as_ref();
    let user = repo
        .create_user(&new_user("admin", Role::Admin), &actor(), now())
        .await
        .unwrap();
    let session = NewSession {
        token_hash: "ab".repeat(32),
        user_id: user.id,
        csrf_token: "csrf".to_owned(),
        expires_at: now() + Duration::hours(12),
    };
    repo.create_session(&session, now()).await.unwrap();
    let got = repo
        .session(&session.token_hash, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((got.user, got.csrf_token.as_str()), (user, "csrf"));
    let later = now() + Duration::hours(13);
    assert!(
        repo.session(&session.token_hash, later)
            .await
            .unwrap()
            .is_none()
    );
    assert!(repo.session("unknown", now()).await.unwrap().is_none());
    repo.delete_session(&session.token_hash).await.unwrap();
    assert!(
        repo.session(&session.token_hash, now())
            .await
            .unwrap()
            .is_none()
    );
}

async fn login_failures_are_counted_per_key_forgotten_and_cleared(db: &TestDb) {
    let repo = db.repo.as_ref();
    let t0 = now();
    let keys = [
        "account:staff:admin".to_owned(),
        "address:10.0.0.1".to_owned(),
    ];
    for minute in [0, 1, 2] {
        let at = t0 + Duration::minutes(minute);
        repo.record_login_failure(&keys, at, at - Duration::minutes(15))
            .await
            .unwrap();
    }
    let since = |m| t0 + Duration::minutes(m);
    assert_eq!(
        repo.login_failures("account:staff:admin", since(0))
            .await
            .unwrap(),
        [since(0), since(1), since(2)]
    );
    assert_eq!(
        repo.login_failures("address:10.0.0.1", since(1))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        repo.login_failures("account:staff:other", since(0))
            .await
            .unwrap()
            .is_empty()
    );
    // A failure an hour later forgets those older than its window.
    let later = t0 + Duration::minutes(60);
    repo.record_login_failure(&keys[1..], later, later - Duration::minutes(15))
        .await
        .unwrap();
    assert!(
        repo.login_failures("account:staff:admin", since(-60))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        repo.login_failures("address:10.0.0.1", since(-60))
            .await
            .unwrap(),
        [later]
    );
    repo.clear_login_failures("address:10.0.0.1").await.unwrap();
    assert!(
        repo.login_failures("address:10.0.0.1", since(-60))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_students_account_is_found_by_their_roster_entry(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let students = repo.students(id).await.unwrap();
    assert!(repo.student_user(students[0].id).await.unwrap().is_none());
    assert!(
        repo.student_proof_hashes(students[0].id)
            .await
            .unwrap()
            .is_empty()
    );
    let student = NewUser {
        student_id: Some(students[0].id),
        ..new_user("s1", Role::Student)
    };
    let created = repo.create_user(&student, &actor(), now()).await.unwrap();
    assert_eq!(
        repo.student_user(students[0].id).await.unwrap(),
        Some(created)
    );
    assert!(repo.student_user(students[1].id).await.unwrap().is_none());
}

conformance!(
    users_and_scopes,
    sessions_expire_and_end,
    login_failures_are_counted_per_key_forgotten_and_cleared,
    a_students_account_is_found_by_their_roster_entry,
);
