//! A venue for the queue tests: stations and desk devices made through the repository, as
//! the CLI makes them, and the few calls every queue test makes.

use axum::http::{Method, StatusCode};
use chrono::Utc;
use gradphoto_app::OsRandom;
use gradphoto_app::accounts::new_device_token;
use gradphoto_domain::{Role, Station, Venue};
use gradphoto_store::{Actor, AuditEvent};

use crate::helpers::{Client, Resp, TestApp, api_token, id_number, spawn_with_roster};

/// 李明's ID number (student 2019001 of the test roster).
pub fn li_ming_id() -> String {
    id_number("11010520000101001")
}

pub struct Place {
    pub venue: Venue,
    pub stations: Vec<Station>,
}

impl TestApp {
    /// A venue of the campaign with `n` stations named 1号机位, 2号机位, ….
    pub async fn add_venue(&self, name: &str, n: usize) -> Place {
        let actor = Actor::system("test");
        let venue = self
            .repo()
            .create_venue(self.campaign.id, name, &actor, Utc::now())
            .await
            .unwrap();
        let mut stations = Vec::new();
        for i in 1..=n {
            let station = self
                .repo()
                .create_station(venue.id, &format!("{i}号机位"), &actor, Utc::now())
                .await
                .unwrap();
            stations.push(station);
        }
        Place { venue, stations }
    }

    /// Registers a desk device at the venue and returns its token, as `gradphoto device add`.
    pub async fn add_device(&self, venue: &Venue, name: &str) -> String {
        let (token, hash) = new_device_token(&OsRandom);
        self.repo()
            .create_device(venue.id, name, &hash, &Actor::system("test"), Utc::now())
            .await
            .unwrap();
        token
    }

    /// The newest audit events with this action.
    pub async fn audit(&self, action: &str) -> Vec<AuditEvent> {
        self.repo()
            .audit_events(1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == action)
            .collect()
    }
}

/// The roster app with one venue of three stations, a display account (`screen`) and an
/// operator's bearer token.
pub struct Setup {
    pub app: TestApp,
    pub place: Place,
    pub operator: String,
}

pub async fn setup() -> Setup {
    let app = spawn_with_roster().await;
    let place = app.add_venue("大学生事务中心", 3).await;
    app.add_user("screen", Role::Display, vec![], None).await;
    let operator = api_token(&app, "operator").await;
    Setup {
        app,
        place,
        operator,
    }
}

/// `POST /api/v1/checkins` with a bearer token (a session's or a device's).
pub async fn check_in(c: &mut Client, token: &str, body: serde_json::Value) -> Resp {
    c.api(Method::POST, "/api/v1/checkins", Some(token), Some(body))
        .await
}

/// Checks 李明 in by his typed ID number and returns the answer, which must be a new ticket.
pub async fn issue_li_ming(s: &Setup) -> serde_json::Value {
    let mut c = s.app.client();
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({ "credential": li_ming_id() }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

/// Checks 王芳 (2019002, no account of her own) in at the desk; the response has her proof code.
pub async fn issue_wang_fang(s: &Setup) -> serde_json::Value {
    let mut c = s.app.client();
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({ "credential": id_number("11010520000202002") }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

/// `POST /api/v1/stations/{id}/actions` as the operator.
pub async fn station_act(s: &Setup, station: usize, body: serde_json::Value) -> Resp {
    let id = s.place.stations[station].id;
    s.app
        .client()
        .api(
            Method::POST,
            &format!("/api/v1/stations/{id}/actions"),
            Some(&s.operator),
            Some(body),
        )
        .await
}
