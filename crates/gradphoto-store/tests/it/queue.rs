//! The venue: credentials, tickets with gapless sequence numbers under concurrency, the
//! stations' moves through the queue, and the board.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use gradphoto_domain::{
    CampaignId, ChsiCode, Credential, CredentialKind, StudentId, StudentNo, TicketState, VenueId,
};
use gradphoto_store::{IssueRequest, NameMismatch, Repo, StationAction, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, campaign, creates, id_number, now, record};

/// A campaign with `n` students (学号 S0000…) and a venue with three stations.
pub(crate) async fn venue_with_students(
    repo: &dyn Repo,
    n: u32,
) -> (CampaignId, VenueId, Vec<StudentId>) {
    let id = campaign(repo).await;
    let records = (0..n)
        .map(|i| {
            let mut r = record(
                &format!("S{i:05}"),
                &format!("学生{i}"),
                "190111",
                Some("航空制造工程学院"),
            );
            r.id_number = (i < 1000).then(|| id_number(i));
            r
        })
        .collect();
    repo.apply_import(id, &creates(records), &actor(), now())
        .await
        .unwrap();
    let venue = repo
        .create_venue(id, "大学生事务中心", &actor(), now())
        .await
        .unwrap();
    for name in ["1号机位", "2号机位", "3号机位"] {
        repo.create_station(venue.id, name, &actor(), now())
            .await
            .unwrap();
    }
    let students = repo
        .students(id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    (id, venue.id, students)
}

pub(crate) fn today() -> NaiveDate {
    gradphoto_domain::venue::shooting_day(now())
}

pub(crate) fn request(venue: VenueId, student: StudentId) -> IssueRequest {
    IssueRequest {
        venue_id: venue,
        day: today(),
        student_id: student,
        credential: CredentialKind::ResidentId,
        proof_hash: "00".repeat(32),
        chip_photo: None,
        reissue_reason: None,
        name_mismatch: None,
        outside_slot: None,
    }
}

async fn places_and_devices(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (campaign, venue, _) = venue_with_students(repo, 1).await;
    assert_eq!(
        repo.venues(campaign).await.unwrap()[0].name,
        "大学生事务中心"
    );
    let again = repo
        .create_venue(campaign, "大学生事务中心", &actor(), now())
        .await;
    assert!(matches!(again, Err(StoreError::Rejected(_))));
    let stations = repo.stations(venue).await.unwrap();
    assert_eq!(stations.len(), 3);
    assert_eq!(
        repo.station(stations[1].id).await.unwrap().unwrap().name,
        "2号机位"
    );
    let device = repo
        .create_device(venue, "前台读卡器", &"ab".repeat(32), &actor(), now())
        .await
        .unwrap();
    assert_eq!(
        repo.device_by_token(&"ab".repeat(32)).await.unwrap(),
        Some(device)
    );
    assert!(
        repo.device_by_token(&"cd".repeat(32))
            .await
            .unwrap()
            .is_none()
    );
}

async fn credentials_resolve_to_one_student(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (campaign, _, students) = venue_with_students(repo, 3).await;
    let by_id = Credential::IdNumber(id_number(1));
    assert_eq!(
        repo.resolve_credential(campaign, &by_id)
            .await
            .unwrap()
            .unwrap()
            .student
            .id,
        students[1]
    );
    let by_no = Credential::StudentNo(StudentNo::parse("S00002").unwrap());
    assert_eq!(
        repo.resolve_credential(campaign, &by_no)
            .await
            .unwrap()
            .unwrap()
            .student
            .id,
        students[2]
    );
    let unknown = Credential::StudentNo(StudentNo::parse("S99999").unwrap());
    assert!(
        repo.resolve_credential(campaign, &unknown)
            .await
            .unwrap()
            .is_none()
    );

    let code = ChsiCode::parse("CHSI-QR-0123456789abcdef").unwrap();
    let by_code = Credential::ChsiCode(code.clone());
    assert!(
        repo.resolve_credential(campaign, &by_code)
            .await
            .unwrap()
            .is_none()
    );
    repo.link_chsi_code(campaign, &code, students[0], &actor(), now())
        .await
        .unwrap();
    assert_eq!(
        repo.resolve_credential(campaign, &by_code)
            .await
            .unwrap()
            .unwrap()
            .student
            .id,
        students[0]
    );
    // Linking again to the same student is harmless; to another is refused.
    repo.link_chsi_code(campaign, &code, students[0], &actor(), now())
        .await
        .unwrap();
    let other = repo
        .link_chsi_code(campaign, &code, students[1], &actor(), now())
        .await;
    assert!(matches!(other, Err(StoreError::Rejected(_))));
}

async fn tickets_are_numbered_per_venue_and_day(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (campaign, venue, students) = venue_with_students(repo, 5).await;
    let mut first = request(venue, students[0]);
    first.chip_photo = Some(("image/bmp".to_owned(), vec![b'B', b'M', 0, 1, 2]));
    let a = repo.issue_ticket(&first, &actor(), now()).await.unwrap();
    let b = repo
        .issue_ticket(&request(venue, students[1]), &actor(), now())
        .await
        .unwrap();
    assert_eq!((a.ticket.seq, b.ticket.seq, a.existing), (1, 2, false));
    assert_eq!(a.ticket.state, TicketState::Waiting);

    // The same student again: the same ticket, and no number used up.
    let again = repo
        .issue_ticket(&request(venue, students[0]), &actor(), now())
        .await
        .unwrap();
    assert_eq!((again.ticket.id, again.existing), (a.ticket.id, true));
    let c = repo
        .issue_ticket(&request(venue, students[2]), &actor(), now())
        .await
        .unwrap();
    assert_eq!(c.ticket.seq, 3);

    // A re-issue voids the old ticket and gives the next number.
    let mut reissue = request(venue, students[0]);
    reissue.reissue_reason = Some("小票丢失".to_owned());
    let d = repo.issue_ticket(&reissue, &actor(), now()).await.unwrap();
    assert_eq!((d.ticket.seq, d.existing), (4, false));
    assert_eq!(
        repo.ticket(a.ticket.id)
            .await
            .unwrap()
            .unwrap()
            .ticket
            .state,
        TicketState::Void
    );
    assert_eq!(
        repo.live_ticket(students[0], today())
            .await
            .unwrap()
            .unwrap()
            .id,
        d.ticket.id
    );

    // The next day, and another venue, count from 1.
    let mut tomorrow = request(venue, students[3]);
    tomorrow.day = today() + Duration::days(1);
    assert_eq!(
        repo.issue_ticket(&tomorrow, &actor(), now())
            .await
            .unwrap()
            .ticket
            .seq,
        1
    );
    let other = repo
        .create_venue(campaign, "第二场地", &actor(), now())
        .await
        .unwrap();
    let e = repo
        .issue_ticket(&request(other.id, students[4]), &actor(), now())
        .await
        .unwrap();
    assert_eq!(e.ticket.seq, 1);

    let view = repo.ticket(a.ticket.id).await.unwrap().unwrap();
    assert!(view.has_chip_photo);
    assert_eq!(view.student.student.id, students[0]);
    let photo = repo.chip_photo(a.ticket.id).await.unwrap().unwrap();
    assert_eq!(photo, ("image/bmp".to_owned(), vec![b'B', b'M', 0, 1, 2]));
    assert!(
        !repo
            .ticket(b.ticket.id)
            .await
            .unwrap()
            .unwrap()
            .has_chip_photo
    );
    let issued = repo
        .audit_events(100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "ticket.issue")
        .count();
    assert_eq!(issued, 6);
}

async fn concurrent_check_ins_have_no_gaps(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.repo.clone();
    let n = 1500;
    let (_, venue, students) = venue_with_students(repo.as_ref(), n).await;
    let students = Arc::new(students);
    // 64 desks at once; every student is also checked in a second time by another desk.
    let tasks: Vec<_> = (0..64)
        .map(|desk| {
            let repo = repo.clone();
            let students = students.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                for i in (desk..students.len() * 2).step_by(64) {
                    let student = students[i % students.len()];
                    let out = repo
                        .issue_ticket(&request(venue, student), &actor(), now())
                        .await
                        .unwrap();
                    got.push((student, out.ticket.seq, out.ticket.id));
                }
                got
            })
        })
        .collect();
    let mut seen = std::collections::HashMap::new();
    for t in tasks {
        for (student, seq, id) in t.await.unwrap() {
            let first = *seen.entry(student).or_insert((seq, id));
            assert_eq!(first, (seq, id), "a student got two tickets");
        }
    }
    let mut seqs: Vec<i64> = seen.values().map(|(seq, _)| *seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=i64::from(n)).collect::<Vec<_>>());
    let board = repo.board(venue, today()).await.unwrap();
    assert_eq!(board.waiting, i64::from(n));
    // One audit event per number issued, none for the repeats.
    let issued = repo
        .audit_events(100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "ticket.issue")
        .count();
    assert_eq!(issued, n as usize);
    // The counter carries on after the rush: a re-issue takes the next number.
    let mut again = request(venue, students[0]);
    again.reissue_reason = Some("小票丢失".to_owned());
    let next = repo.issue_ticket(&again, &actor(), now()).await.unwrap();
    assert_eq!(next.ticket.seq, i64::from(n) + 1);
}

async fn stations_work_the_queue(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (_, venue, students) = venue_with_students(repo, 6).await;
    let stations = repo.stations(venue).await.unwrap();
    let (s1, s2) = (stations[0].id, stations[1].id);
    let mut tickets = Vec::new();
    for s in &students {
        tickets.push(
            repo.issue_ticket(&request(venue, *s), &actor(), now())
                .await
                .unwrap()
                .ticket,
        );
    }
    let act = |station, action: StationAction, minutes| async move {
        repo.station_action(
            station,
            &action,
            &actor(),
            now() + Duration::minutes(minutes),
        )
        .await
    };
    assert!(matches!(
        act(s1, StationAction::Finish, 0).await,
        Err(StoreError::Rejected(_))
    ));
    assert_eq!(
        act(s1, StationAction::CallNext, 1)
            .await
            .unwrap()
            .unwrap()
            .seq,
        1
    );
    assert!(
        matches!(
            act(s1, StationAction::CallNext, 1).await,
            Err(StoreError::Rejected(_))
        ),
        "busy"
    );
    assert_eq!(
        act(s2, StationAction::CallNext, 1)
            .await
            .unwrap()
            .unwrap()
            .seq,
        2
    );
    assert!(act(s1, StationAction::Finish, 3).await.unwrap().is_none());
    assert!(act(s2, StationAction::Skip, 2).await.unwrap().is_none());
    // Out of order needs a reason.
    let out = StationAction::CallOutOfOrder {
        ticket: tickets[4].id,
        reason: " ".into(),
    };
    assert!(matches!(
        act(s1, out, 4).await,
        Err(StoreError::Rejected(_))
    ));
    let out = StationAction::CallOutOfOrder {
        ticket: tickets[4].id,
        reason: "行动不便".into(),
    };
    assert_eq!(act(s1, out, 4).await.unwrap().unwrap().seq, 5);
    assert!(act(s1, StationAction::Finish, 6).await.unwrap().is_none());
    // Number 1 needs a retake: it goes to the head of the queue.
    assert!(
        act(s1, StationAction::Retake(tickets[0].id), 7)
            .await
            .unwrap()
            .is_none()
    );
    let board = repo.board(venue, today()).await.unwrap();
    let next: Vec<i64> = board.next.iter().map(|c| c.seq).collect();
    assert_eq!(next, vec![1, 3, 4, 6]);
    assert!(board.next[0].priority);
    assert_eq!(
        board.skipped.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![2]
    );
    assert_eq!((board.waiting, board.done), (4, 1));
    assert_eq!(board.mean_service_seconds, Some(120.0));
    assert_eq!(board.next[1].masked_name, "学*2");
    assert_eq!(
        act(s1, StationAction::CallNext, 8)
            .await
            .unwrap()
            .unwrap()
            .seq,
        1
    );
    // The absent student comes back: recalled at station 2.
    assert_eq!(
        act(s2, StationAction::Recall(tickets[1].id), 8)
            .await
            .unwrap()
            .unwrap()
            .seq,
        2
    );
    // A waiting ticket cannot be recalled, a done one cannot be called.
    assert!(act(s2, StationAction::Finish, 9).await.unwrap().is_none());
    assert!(matches!(
        act(s2, StationAction::Recall(tickets[2].id), 9).await,
        Err(StoreError::Rejected(_))
    ));
    let board = repo.board(venue, today()).await.unwrap();
    assert_eq!(board.stations[0].current.as_ref().map(|c| c.seq), Some(1));
    assert!(board.stations[1].current.is_none());
    let actions: HashSet<String> = repo
        .audit_events(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "queue.call_next",
        "queue.finish",
        "queue.skip",
        "queue.call_out_of_order",
        "queue.retake",
        "queue.recall",
    ] {
        assert!(actions.contains(a), "{a} is not audited");
    }
}

async fn stations_never_call_the_same_ticket(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.repo.clone();
    let (_, venue, students) = venue_with_students(repo.as_ref(), 60).await;
    for s in &students {
        repo.issue_ticket(&request(venue, *s), &actor(), now())
            .await
            .unwrap();
    }
    let stations = repo.stations(venue).await.unwrap();
    let tasks: Vec<_> = stations
        .iter()
        .map(|st| {
            let repo = repo.clone();
            let id = st.id;
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(t) = repo
                    .station_action(id, &StationAction::CallNext, &actor(), now())
                    .await
                    .unwrap()
                {
                    mine.push(t.seq);
                    repo.station_action(id, &StationAction::Finish, &actor(), now())
                        .await
                        .unwrap();
                }
                mine
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    assert_eq!(all, (1..=60).collect::<Vec<_>>());
}

/// The operator's acknowledgement of a card name that differs from the roster's is written
/// with the ticket it let through: in the same transaction, right after the ticket's issue
/// event, on SQLite's group-commit path and on the one-at-a-time path alike.
async fn an_acknowledged_name_mismatch_is_audited_with_its_ticket(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.repo.clone();
    let (_, venue, students) = venue_with_students(repo.as_ref(), 20).await;
    let acknowledged = |i: usize, card: &str| {
        let mut r = request(venue, students[i]);
        r.name_mismatch = Some(NameMismatch {
            card_name: card.to_owned(),
            roster_name: format!("学生{i}"),
        });
        r
    };
    // Twenty desks at once (on SQLite, some of them in one batch); every other one vouched
    // for a name that differs.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let repo = repo.clone();
            let req = if i % 2 == 0 {
                acknowledged(i, &format!("学生{i}号"))
            } else {
                request(venue, students[i])
            };
            tokio::spawn(async move { repo.issue_ticket(&req, &actor(), now()).await.unwrap() })
        })
        .collect();
    let mut expected = std::collections::HashMap::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let issued = t.await.unwrap();
        if i % 2 == 0 {
            let names = (format!("学生{i}号"), format!("学生{i}"));
            expected.insert(format!("ticket:{}", issued.ticket.id), names);
        }
    }
    // The same student again, still acknowledging: the existing ticket, and no second event.
    let again = repo
        .issue_ticket(&acknowledged(0, "学生0号"), &actor(), now())
        .await
        .unwrap();
    assert!(again.existing);
    // A re-issue goes alone; its new ticket gets the event.
    let mut reissue = acknowledged(2, "学生贰");
    reissue.reissue_reason = Some("小票丢失".to_owned());
    let reissued = repo.issue_ticket(&reissue, &actor(), now()).await.unwrap();
    assert!(!reissued.existing);
    let names = ("学生贰".to_owned(), "学生2".to_owned());
    expected.insert(format!("ticket:{}", reissued.ticket.id), names);

    let mut log = repo.audit_events(1000).await.unwrap();
    log.reverse();
    let mut seen = std::collections::HashMap::new();
    for (i, e) in log.iter().enumerate() {
        if e.action != "checkin.name_mismatch_acknowledged" {
            continue;
        }
        let (card, roster) = &expected[&e.subject];
        assert_eq!(
            e.after,
            Some(serde_json::json!({ "card_name": card, "roster_name": roster })),
        );
        assert_eq!((e.actor.as_str(), e.at), (actor().label.as_str(), now()));
        let issue = &log[i - 1];
        assert_eq!(
            (issue.action.as_str(), &issue.subject),
            ("ticket.issue", &e.subject),
            "written right after its ticket's issue"
        );
        *seen.entry(e.subject.clone()).or_insert(0) += 1;
    }
    assert_eq!(
        seen.len(),
        expected.len(),
        "one event per acknowledged ticket"
    );
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
}

conformance!(
    places_and_devices,
    credentials_resolve_to_one_student,
    tickets_are_numbered_per_venue_and_day,
    concurrent_check_ins_have_no_gaps,
    stations_work_the_queue,
    stations_never_call_the_same_ticket,
    an_acknowledged_name_mismatch_is_audited_with_its_ticket,
);
