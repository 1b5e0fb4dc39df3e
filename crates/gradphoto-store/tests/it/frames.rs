//! Capture: frames bound to the ticket their station had called when they arrived, orphans,
//! copies, the operator's decisions, and exactly one current photo per student.

use chrono::{DateTime, Duration, Utc};
use gradphoto_domain::{
    CampaignId, Frame, FrameSource, FrameState, FrameVerdict, Msg, StationId, StudentId, TicketId,
    TicketState, VenueId,
};
use gradphoto_store::{FrameDecision, FrameOutcome, NewFrame, Repo, StationAction, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now};
use crate::queue::{request, venue_with_students};

pub(crate) fn frame(station: StationId, content: &str, at: DateTime<Utc>) -> NewFrame {
    let sha = format!("{:0>64}", hex_of(content));
    NewFrame {
        station_id: station,
        source: FrameSource::HotFolder,
        blob_key: format!("sha256/{sha}"),
        thumb_key: format!("renditions/{sha}/thumb.jpg"),
        preview_key: format!("renditions/{sha}/preview.jpg"),
        sha256: sha,
        original_name: Some(format!("{content}.jpg")),
        bytes: 123_456,
        width: 4000,
        height: 6000,
        arrived_at: at,
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

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// A venue with its three stations and students, all checked in.
struct Scene {
    campaign: CampaignId,
    venue: VenueId,
    stations: Vec<StationId>,
    students: Vec<StudentId>,
    tickets: Vec<TicketId>,
}

/// A venue with `n` students checked in, and its three stations.
async fn checked_in(repo: &dyn Repo, n: u32) -> Scene {
    let (campaign, venue, students) = venue_with_students(repo, n).await;
    let mut tickets = Vec::new();
    for s in &students {
        let out = repo
            .issue_ticket(&request(venue, *s), &actor(), now())
            .await
            .unwrap();
        tickets.push(out.ticket.id);
    }
    let stations = repo
        .stations(venue)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    Scene {
        campaign,
        venue,
        stations,
        students,
        tickets,
    }
}

/// Records a frame arriving at `station` at `at`; the frame wherever it went.
pub(crate) async fn receive(
    repo: &dyn Repo,
    station: StationId,
    content: &str,
    at: DateTime<Utc>,
) -> Frame {
    repo.record_frame(&frame(station, content, at), &actor(), at)
        .await
        .unwrap()
        .frame()
        .clone()
}

pub(crate) async fn call(repo: &dyn Repo, station: StationId, at: DateTime<Utc>) -> TicketId {
    repo.station_action(station, &StationAction::CallNext, &actor(), at)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn bound_to_the_called_ticket_or_orphaned(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        venue,
        stations,
        students,
        tickets,
        ..
    } = checked_in(repo, 2).await;
    let t0 = now();
    // Nothing called yet: an orphan.
    let early = repo
        .record_frame(&frame(stations[0], "early", t0), &actor(), t0)
        .await
        .unwrap();
    assert!(matches!(early, FrameOutcome::Orphan { .. }));
    assert_eq!(early.frame().ticket_id, None);
    assert_eq!(early.frame().state, FrameState::Orphan);

    let called = call(repo, stations[0], t0 + Duration::seconds(1)).await;
    assert_eq!(called, tickets[0]);
    let at = t0 + Duration::seconds(5);
    let shot = repo
        .record_frame(&frame(stations[0], "shot", at), &actor(), at)
        .await
        .unwrap();
    let FrameOutcome::Bound { frame: f } = &shot else {
        panic!("{shot:?}")
    };
    assert_eq!(f.ticket_id, Some(tickets[0]));
    assert_eq!(f.student_id, Some(students[0]));
    assert_eq!(f.verdict.as_ref().unwrap().overall, "pass");
    // Another station with nothing called keeps its own frames as orphans.
    let other = repo
        .record_frame(&frame(stations[1], "other", at), &actor(), at)
        .await
        .unwrap();
    assert!(matches!(other, FrameOutcome::Orphan { .. }));
    // The same bytes again, under any name: the frame already recorded.
    let again = repo
        .record_frame(&frame(stations[0], "shot", at), &actor(), at)
        .await
        .unwrap();
    assert_eq!(again, FrameOutcome::Duplicate { frame: f.clone() });
    assert_eq!(repo.ticket_frames(tickets[0]).await.unwrap().len(), 1);
    // Which bytes are already here, and whom each station has called, without a board.
    assert_eq!(
        repo.frame_with_content(&f.sha256).await.unwrap(),
        Some(f.clone())
    );
    assert_eq!(
        repo.frame_with_content(&"0".repeat(64)).await.unwrap(),
        None
    );
    let called_there = repo.called_ticket(stations[0]).await.unwrap().unwrap();
    assert_eq!(called_there.id, tickets[0]);
    assert_eq!(repo.called_ticket(stations[1]).await.unwrap(), None);
    let tray = repo.orphan_frames(venue).await.unwrap();
    assert_eq!(tray.len(), 2);
    let verdict = repo.frame_verdict(f.id).await.unwrap().unwrap();
    assert_eq!(verdict.detail, serde_json::json!({ "results": [] }));
    let events = repo.audit_events(50).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "frame.bind" && e.subject == format!("frame:{}", f.id))
    );
    assert!(events.iter().any(|e| e.action == "frame.orphan"));
}

async fn a_late_file_belongs_to_the_ticket_called_when_it_landed(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        stations, tickets, ..
    } = checked_in(repo, 2).await;
    let t0 = now();
    call(repo, stations[0], t0).await;
    let landed = t0 + Duration::seconds(10);
    // The operator finishes and calls the next before the file has settled in the folder.
    repo.station_action(
        stations[0],
        &StationAction::Finish,
        &actor(),
        t0 + Duration::seconds(11),
    )
    .await
    .unwrap();
    let next = call(repo, stations[0], t0 + Duration::seconds(12)).await;
    assert_eq!(next, tickets[1]);
    let late = repo
        .record_frame(
            &frame(stations[0], "late", landed),
            &actor(),
            t0 + Duration::seconds(13),
        )
        .await
        .unwrap();
    assert_eq!(late.frame().ticket_id, Some(tickets[0]));
    // Landed after the call of the next one: theirs.
    let at = t0 + Duration::seconds(14);
    let new = repo
        .record_frame(&frame(stations[0], "new", at), &actor(), at)
        .await
        .unwrap();
    assert_eq!(new.frame().ticket_id, Some(tickets[1]));
}

async fn an_upload_for_a_ticket_no_longer_called_is_refused(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        stations, tickets, ..
    } = checked_in(repo, 2).await;
    let t0 = now();
    let mut upload = frame(stations[0], "upload", t0);
    upload.source = FrameSource::Upload;
    upload.expected_ticket = Some(tickets[0]);
    let none_called = repo.record_frame(&upload, &actor(), t0).await;
    assert!(matches!(none_called, Err(StoreError::Rejected(_))));
    call(repo, stations[0], t0).await;
    repo.station_action(stations[0], &StationAction::Finish, &actor(), t0)
        .await
        .unwrap();
    call(repo, stations[0], t0).await;
    let moved_on = repo.record_frame(&upload, &actor(), t0).await;
    let Err(StoreError::Rejected(msg)) = moved_on else {
        panic!("{moved_on:?}")
    };
    assert!(msg.zh.contains("2 号"), "{msg:?}");
    // Nothing was kept: the same upload for the ticket now called goes in.
    upload.expected_ticket = Some(tickets[1]);
    let ok = repo.record_frame(&upload, &actor(), t0).await.unwrap();
    assert_eq!(ok.frame().ticket_id, Some(tickets[1]));
}

async fn accepting_makes_exactly_one_current_photo(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        stations,
        students,
        tickets,
        ..
    } = checked_in(repo, 1).await;
    let t0 = now();
    call(repo, stations[0], t0).await;
    let first = receive(repo, stations[0], "first", t0).await;
    let second = receive(repo, stations[0], "second", t0).await;
    let rejected = repo
        .decide_frame(
            first.id,
            &FrameDecision::Reject {
                reason: "闭眼".to_owned(),
            },
            &actor(),
            t0,
        )
        .await
        .unwrap();
    assert_eq!(rejected.state, FrameState::Rejected);
    assert_eq!(rejected.decided_reason.as_deref(), Some("闭眼"));
    let accepted = repo
        .decide_frame(
            second.id,
            &FrameDecision::Accept { reason: None },
            &actor(),
            t0,
        )
        .await
        .unwrap();
    assert_eq!(accepted.state, FrameState::Accepted);
    // Accepting finished the ticket being shot.
    let t = repo.ticket(tickets[0]).await.unwrap().unwrap().ticket;
    assert_eq!(t.state, TicketState::Done);
    let current = repo.current_photo(students[0]).await.unwrap().unwrap();
    assert_eq!(current.frame_id, second.id);
    // Accepting twice is refused.
    let twice = repo
        .decide_frame(
            second.id,
            &FrameDecision::Accept { reason: None },
            &actor(),
            t0,
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Rejected(_))));

    // A retake later: the student comes back, the new photo supersedes the old one.
    repo.station_action(
        stations[0],
        &StationAction::Retake(tickets[0]),
        &actor(),
        t0,
    )
    .await
    .unwrap();
    let t1 = t0 + Duration::minutes(5);
    call(repo, stations[1], t1).await;
    let third = receive(repo, stations[1], "third", t1).await;
    assert_eq!(third.ticket_id, Some(tickets[0]));
    repo.decide_frame(
        third.id,
        &FrameDecision::Accept {
            reason: Some("原照片反光".to_owned()),
        },
        &actor(),
        t1,
    )
    .await
    .unwrap();
    let photos = repo.student_photos(students[0]).await.unwrap();
    assert_eq!(photos.frames.len(), 3);
    assert_eq!(photos.photos.len(), 2);
    assert_eq!(photos.current().unwrap().frame_id, third.id);
    let old = photos.photos.iter().find(|p| !p.is_current()).unwrap();
    assert_eq!(old.frame_id, second.id);
    assert_eq!(old.superseded_reason.as_deref(), Some("原照片反光"));
    let actions: Vec<String> = repo
        .audit_events(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "photo.accept",
        "photo.supersede",
        "frame.reject",
        "queue.finish",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
    }
}

async fn orphans_are_bound_or_discarded_by_hand(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        venue,
        stations,
        students,
        tickets,
        ..
    } = checked_in(repo, 2).await;
    let t0 = now();
    let a = receive(repo, stations[2], "a", t0).await;
    let b = receive(repo, stations[2], "b", t0).await;
    // An orphan cannot be accepted before it is bound, nor bound without a reason.
    let accept = repo
        .decide_frame(a.id, &FrameDecision::Accept { reason: None }, &actor(), t0)
        .await;
    assert!(matches!(accept, Err(StoreError::Rejected(_))));
    let no_reason = FrameDecision::Bind {
        ticket: tickets[1],
        reason: "  ".to_owned(),
    };
    assert!(matches!(
        repo.decide_frame(a.id, &no_reason, &actor(), t0).await,
        Err(StoreError::Rejected(_))
    ));
    let bind = FrameDecision::Bind {
        ticket: tickets[1],
        reason: "机位未叫号时拍摄".to_owned(),
    };
    let bound = repo.decide_frame(a.id, &bind, &actor(), t0).await.unwrap();
    assert_eq!(bound.state, FrameState::Bound);
    assert_eq!(bound.student_id, Some(students[1]));
    // Rebinding to another ticket is its own audited move.
    let rebind = FrameDecision::Bind {
        ticket: tickets[0],
        reason: "绑错了".to_owned(),
    };
    let rebound = repo
        .decide_frame(a.id, &rebind, &actor(), t0)
        .await
        .unwrap();
    assert_eq!(rebound.student_id, Some(students[0]));
    // A bound frame cannot be discarded; an orphan can.
    let discard = FrameDecision::Discard {
        reason: "测光试拍".to_owned(),
    };
    assert!(matches!(
        repo.decide_frame(a.id, &discard, &actor(), t0).await,
        Err(StoreError::Rejected(_))
    ));
    let thrown = repo
        .decide_frame(b.id, &discard, &actor(), t0)
        .await
        .unwrap();
    assert_eq!(thrown.state, FrameState::Discarded);
    // Thrown-away bytes may come again as a new frame.
    assert_eq!(repo.frame_with_content(&b.sha256).await.unwrap(), None);
    assert!(repo.orphan_frames(venue).await.unwrap().is_empty());
    let actions: Vec<String> = repo
        .audit_events(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in ["frame.bind", "frame.rebind", "frame.discard"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing");
    }
}

async fn a_frame_is_bound_only_within_its_venue(db: &TestDb) {
    let repo = db.repo.as_ref();
    let Scene {
        campaign, stations, ..
    } = checked_in(repo, 1).await;
    // A second venue's ticket.
    let other = repo
        .create_venue(campaign, "第二场地", &actor(), now())
        .await
        .unwrap();
    let students = repo.students(campaign).await.unwrap();
    let mut req = request(other.id, students[0].id);
    req.reissue_reason = Some("换场地".to_owned());
    let foreign = repo
        .issue_ticket(&req, &actor(), now())
        .await
        .unwrap()
        .ticket
        .id;
    let orphan = repo
        .record_frame(&frame(stations[0], "x", now()), &actor(), now())
        .await
        .unwrap()
        .frame()
        .clone();
    let bind = FrameDecision::Bind {
        ticket: foreign,
        reason: "试试".to_owned(),
    };
    assert!(matches!(
        repo.decide_frame(orphan.id, &bind, &actor(), now()).await,
        Err(StoreError::Rejected(_))
    ));
}

conformance!(
    bound_to_the_called_ticket_or_orphaned,
    a_late_file_belongs_to_the_ticket_called_when_it_landed,
    an_upload_for_a_ticket_no_longer_called_is_refused,
    accepting_makes_exactly_one_current_photo,
    orphans_are_bound_or_discarded_by_hand,
    a_frame_is_bound_only_within_its_venue,
);
