//! The board's live stream over a real socket: a station's call reaches a connected board at
//! once, the stream re-sends by itself, and it ends when the server shuts down.

use std::time::Duration;

use axum::http::{Method, Request, StatusCode, header};
use gradphoto_domain::CredentialKind;
use gradphoto_domain::venue::shooting_day;
use gradphoto_store::{Actor, IssueRequest};
use http_body_util::Full;
use tokio::time::timeout;

use crate::helpers::api_token;
use crate::server::{Events, HttpClient, http_client, start, text};
use crate::venue::{Setup, setup};

/// Long enough for a debug build on a busy machine; a test waits this long only when failing.
const PATIENCE: Duration = Duration::from_secs(20);

async fn open_board(
    s: &Setup,
    client: &HttpClient,
    base: &str,
    token: &str,
) -> Events<impl http_body_util::BodyExt<Data = axum::body::Bytes, Error: std::fmt::Debug> + Unpin>
{
    let req = Request::get(format!("{base}/board/{}/events", s.place.venue.id))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Full::default())
        .unwrap();
    let response = client.request(req).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    Events::new(response.into_body())
}

async fn post(
    client: &HttpClient,
    url: String,
    token: &str,
    body: serde_json::Value,
) -> (StatusCode, String) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::from(body.to_string()))
        .unwrap();
    let response = client.request(req).await.unwrap();
    let status = response.status();
    (status, text(response.into_body()).await)
}

fn current_seq(board: &serde_json::Value, station: usize) -> Option<i64> {
    board["stations"][station]["current"]["seq"].as_i64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_reaches_a_connected_board_at_once() {
    let mut s = setup().await;
    // No periodic re-send during the test: only the change notification can deliver.
    s.app.state.config.board_refresh = Duration::from_secs(3600);
    let base = format!("http://{}", start(s.app.state.clone()).await);
    let client = http_client();
    let screen = api_token(&s.app, "screen").await;
    let mut events = open_board(&s, &client, &base, &screen).await;

    let first = timeout(PATIENCE, events.next()).await.unwrap().unwrap();
    assert_eq!(first["venue_name"], "大学生事务中心");
    assert_eq!(first["waiting"], 0);
    assert!(current_seq(&first, 1).is_none());

    let (status, body) = post(
        &client,
        format!("{base}/api/v1/checkins"),
        &s.operator,
        serde_json::json!({"credential": "2019002"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The check-in's own event first, so that the call below must bring one of its own.
    let checked_in = timeout(PATIENCE, async {
        loop {
            let board = events.next().await.expect("the stream ended early");
            if board["waiting"] == 1 {
                return board;
            }
        }
    })
    .await
    .expect("the check-in never reached the board");
    assert_eq!(checked_in["next"][0]["seq"], 1);
    assert!(current_seq(&checked_in, 1).is_none());
    let station = s.place.stations[1].id;
    let (status, body) = post(
        &client,
        format!("{base}/api/v1/stations/{station}/actions"),
        &s.operator,
        serde_json::json!({"action": "call_next"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let called = timeout(PATIENCE, async {
        loop {
            let board = events.next().await.expect("the stream ended early");
            if current_seq(&board, 1).is_some() {
                return board;
            }
        }
    })
    .await
    .expect("the call never reached the board");
    assert_eq!(current_seq(&called, 1), Some(1));
    assert_eq!(called["stations"][1]["current"]["masked_name"], "王*");
    assert_eq!(called["stations"][1]["name"], "2号机位");

    // Shutting down ends the stream instead of holding the server open.
    s.app.state.shutdown.trigger();
    let ended = timeout(PATIENCE, async { while events.next().await.is_some() {} }).await;
    assert!(ended.is_ok(), "the stream did not end on shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_board_still_hears_every_few_moments() {
    let mut s = setup().await;
    s.app.state.config.board_refresh = Duration::from_millis(200);
    let base = format!("http://{}", start(s.app.state.clone()).await);
    let client = http_client();
    let mut events = open_board(&s, &client, &base, &s.operator).await;
    // Nothing changes, yet events keep coming: what another server process changed arrives,
    // and the page knows it is live.
    for _ in 0..3 {
        let board = timeout(PATIENCE, events.next()).await.unwrap().unwrap();
        assert_eq!(board["waiting"], 0);
    }
    // A change made behind this process's back (straight in the database, as another server
    // process would) shows up too.
    let now = s.app.app().now();
    let request = IssueRequest {
        venue_id: s.place.venue.id,
        day: shooting_day(now),
        student_id: s.app.student_id("2019001").await,
        credential: CredentialKind::StudentNo,
        proof_hash: "00".repeat(32),
        chip_photo: None,
        reissue_reason: None,
        name_mismatch: None,
        outside_slot: None,
    };
    let actor = Actor::system("another-process");
    s.app
        .repo()
        .issue_ticket(&request, &actor, now)
        .await
        .unwrap();
    let seen = timeout(PATIENCE, async {
        loop {
            if events.next().await.unwrap()["waiting"] == 1 {
                return;
            }
        }
    })
    .await;
    assert!(seen.is_ok());
}
