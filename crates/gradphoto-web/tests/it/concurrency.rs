//! 64 card readers at once over real HTTP: 10,000 check-ins of 10,000 students through
//! `POST /api/v1/checkins` get the numbers 1..10,000, each exactly once, and every ticket the
//! server acknowledged is stored as acknowledged. On SQLite and on PostgreSQL.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{Request, StatusCode, header};
use chrono::{NaiveDate, TimeZone, Utc};
use gradphoto_app::accounts::new_device_token;
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::id_number::check_char;
use gradphoto_domain::roster::ImportPlan;
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{
    ClassCode, FixedClock, IdNumber, NewCampaign, StudentNo, StudentRecord, TicketId,
};
use gradphoto_store::{Actor, Repo};
use gradphoto_web::{AppState, WebConfig};
use http_body_util::Full;

use crate::db::TestDb;
use crate::server::{http_client, start, text};

const STUDENTS: usize = 10_000;
const CLIENTS: usize = 64;
const DEVICES: usize = 4;

/// Student `i`: 学号 C00000…, a valid ID number born on one of ten days of 2000.
fn student(i: usize) -> StudentRecord {
    let born = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new((i / 1000) as u64);
    let first17 = format!("110105{}{:03}", born.format("%Y%m%d"), i % 1000);
    let id = format!("{first17}{}", check_char(&first17).unwrap());
    StudentRecord {
        student_no: StudentNo::parse(&format!("C{i:05}")).unwrap(),
        name: format!("学生{i}"),
        class_code: ClassCode::parse(&format!("19{:04}", i / 30)).unwrap(),
        sex: None,
        ethnicity: None,
        birth_date: None,
        id_number: Some(IdNumber::parse(&id).unwrap()),
        exam_no: None,
        college: Some("信息工程学院".to_owned()),
        major_code: None,
        major_name: None,
        level: None,
        duration: None,
        study_mode: None,
        enrolment_date: None,
        graduation_date: None,
        school_code: None,
    }
}

async fn ten_thousand_check_ins_over_http(db: &TestDb) {
    let repo: Arc<dyn Repo> = db.arc();
    let now = Utc.with_ymd_and_hms(2023, 3, 1, 8, 0, 0).unwrap();
    let actor = Actor::system("test");
    let new = NewCampaign::parse(2023, None, None, None).unwrap();
    let campaign = repo.create_campaign(&new, &actor, now).await.unwrap();
    let records: Vec<StudentRecord> = (0..STUDENTS).map(student).collect();
    let plan = ImportPlan {
        creates: records.clone(),
        ..ImportPlan::default()
    };
    repo.apply_import(campaign.id, &plan, &actor, now)
        .await
        .unwrap();
    let venue = repo
        .create_venue(campaign.id, "大学生事务中心", &actor, now)
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for d in 0..DEVICES {
        let (token, hash) = new_device_token(&OsRandom);
        repo.create_device(venue.id, &format!("读卡器{d}"), &hash, &actor, now)
            .await
            .unwrap();
        tokens.push(token);
    }
    let by_no: HashMap<String, i64> = repo
        .students(campaign.id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.record.student_no.as_str().to_owned(), s.id.0))
        .collect();

    let app = App::new(repo.clone(), Arc::new(FixedClock(now)), Arc::new(OsRandom));
    let state = AppState::new(app, WebConfig::default());
    let url = format!("http://{}/api/v1/checkins", start(state).await);
    let client = http_client();
    let records = Arc::new(records);
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (client, url, records, tokens, next) = (
                client.clone(),
                url.clone(),
                records.clone(),
                tokens.clone(),
                next.clone(),
            );
            tokio::spawn(async move {
                let token = &tokens[n % tokens.len()];
                let mut acknowledged = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(r) = records.get(i) else { break };
                    let card = serde_json::json!({
                        "certNumber": r.id_number.as_ref().unwrap().as_str(),
                        "partyName": r.name,
                    });
                    let req = Request::post(&url)
                        .header(header::AUTHORIZATION, format!("Bearer {token}"))
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(Full::from(card.to_string()))
                        .unwrap();
                    let response = client.request(req).await.unwrap();
                    let status = response.status();
                    let body = text(response.into_body()).await;
                    assert_eq!(status, StatusCode::CREATED, "student {i}: {body}");
                    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                    let ticket = &v["ticket"];
                    acknowledged.push((
                        i,
                        ticket["id"].as_i64().unwrap(),
                        ticket["seq"].as_i64().unwrap(),
                    ));
                }
                acknowledged
            })
        })
        .collect();
    let mut acknowledged = Vec::with_capacity(STUDENTS);
    for t in tasks {
        acknowledged.extend(t.await.unwrap());
    }
    assert_eq!(acknowledged.len(), STUDENTS);
    let mut seqs: Vec<i64> = acknowledged.iter().map(|(_, _, seq)| *seq).collect();
    seqs.sort_unstable();
    let expected: Vec<i64> = (1..=STUDENTS as i64).collect();
    assert!(seqs == expected, "numbers 1..=10000, each once");

    // What the server acknowledged is what the database holds.
    for (i, id, seq) in &acknowledged {
        let view = repo.ticket(TicketId(*id)).await.unwrap().unwrap();
        assert_eq!(view.ticket.seq, *seq);
        assert_eq!(view.ticket.venue_id, venue.id);
        let no = records[*i].student_no.as_str();
        assert_eq!(
            view.student.student.id.0, by_no[no],
            "ticket {id} is student {no}'s"
        );
    }
    let board = repo.board(venue.id, shooting_day(now)).await.unwrap();
    assert_eq!(board.waiting, STUDENTS as i64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let db = TestDb::sqlite().await;
    ten_thousand_check_ins_over_http(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let db = TestDb::postgres().await;
    ten_thousand_check_ins_over_http(&db).await;
}
