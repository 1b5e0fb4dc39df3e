//! The JSON API: sessions, the roster, imports, and the OpenAPI document.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::helpers::{
    BOUNDARY, FilePart, PASSWORD, api_token, multipart_body, roster_rows, spawn, spawn_with_roster,
    xlsx,
};

#[tokio::test]
async fn sign_in_who_am_i_sign_out() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"login": "admin", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let body = r.json();
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["role"], "admin");
    assert!(body["csrf_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(r.set_cookies().is_empty(), "the API sets no cookie");

    let r = c.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["login"], "admin");
    assert_eq!(r.json()["role_zh"], "教务处管理员");

    let r = c
        .api(Method::DELETE, "/api/v1/session", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = c.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let err = &r.json()["error"];
    assert_eq!(err["code"], "unauthenticated");
    assert_eq!(
        err["request_id"],
        r.headers["x-request-id"].to_str().unwrap(),
        "the error quotes the request id"
    );
}

#[tokio::test]
async fn wrong_credentials_are_a_401() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"login": "admin", "password": "nope-nope"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let err = &r.json()["error"];
    assert_eq!(err["code"], "bad_credentials");
    assert!(
        err["message_zh"]
            .as_str()
            .unwrap()
            .contains("用户名或密码错误")
    );
    assert!(!r.body.contains("nope-nope"));

    let r = c
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"login": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "bad_request");
}

#[tokio::test]
async fn the_campaign_with_counts() {
    let app = spawn_with_roster().await;
    let token = api_token(&app, "admin").await;
    let mut c = app.client();
    let r = c
        .api(Method::GET, "/api/v1/campaign", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    assert_eq!(body["campaign"]["cohort"], 2023);
    assert_eq!(body["campaign"]["fee_fen"], 1500);
    assert_eq!(body["campaign"]["fee_yuan"], "15.00");
    assert_eq!(body["colleges"].as_array().unwrap().len(), 2);
    let classes = body["classes"].as_array().unwrap();
    let c190111 = classes.iter().find(|k| k["code"] == "190111").unwrap();
    assert_eq!(c190111["students"], 2);
}

fn import_request(
    token: &str,
    dry_run: Option<bool>,
    file_name: &str,
    bytes: &[u8],
) -> Request<Body> {
    let uri = match dry_run {
        Some(d) => format!("/api/v1/imports?dry_run={d}"),
        None => "/api/v1/imports".to_owned(),
    };
    Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart_body(
            &[],
            Some(FilePart {
                name: "file",
                file_name,
                bytes,
            }),
        )))
        .unwrap()
}

#[tokio::test]
async fn import_dry_run_then_for_real() {
    let app = spawn().await;
    let token = api_token(&app, "admin").await;
    let mut c = app.client();
    let bytes = xlsx(&roster_rows());

    for dry_run in [Some(true), None] {
        let r = c
            .send(import_request(&token, dry_run, "roster.xlsx", &bytes))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let report = r.json();
        assert_eq!(report["dry_run"], true, "a dry run unless asked otherwise");
        assert_eq!(report["creates"], 3);
        assert!(report["applied"].is_null());
        assert_eq!(app.student_count().await, 0);
    }

    let r = c
        .send(import_request(&token, Some(false), "roster.xlsx", &bytes))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["applied"]["created"], 3);
    assert_eq!(app.student_count().await, 3);

    // A file that is not a spreadsheet: 422 with the problem, nothing written.
    let r = c
        .send(import_request(
            &token,
            Some(false),
            "roster.xlsx",
            b"%PDF-1.4 not a roster",
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let problems = r.json()["problems"].as_array().unwrap().clone();
    assert_eq!(problems.len(), 1);
    assert!(problems[0]["message_en"].as_str().unwrap().contains("PDF"));
    assert!(problems[0]["row"].is_null());
    assert_eq!(app.student_count().await, 3);
}

#[tokio::test]
async fn openapi_lists_the_paths() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c.get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/campaign",
        "/api/v1/students",
        "/api/v1/students/{id}",
        "/api/v1/imports",
        "/api/v1/checkins",
        "/api/v1/credentials/chsi-links",
        "/api/v1/venues",
        "/api/v1/venues/{id}/board",
        "/api/v1/stations/{id}",
        "/api/v1/stations/{id}/actions",
        "/api/v1/tickets/{id}",
    ] {
        assert!(paths.contains_key(p), "{p} missing from {:?}", paths.keys());
    }
    assert!(paths["/api/v1/session"]["delete"].is_object());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "StudentDto",
        "ImportReportDto",
        "ErrorBody",
        "CampaignOverview",
        "CheckinResponse",
        "BoardDto",
        "StationStateDto",
        "TicketDetailDto",
    ] {
        assert!(schemas.contains_key(s), "{s} schema");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["securitySchemes"]["device"].is_object());
    let checkin = &paths["/api/v1/checkins"]["post"];
    for status in ["200", "201", "401", "404", "409", "422"] {
        assert!(
            checkin["responses"][status].is_object(),
            "check-in {status}"
        );
    }
}

#[tokio::test]
async fn unknown_api_paths_answer_in_json() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c.api(Method::GET, "/api/v1/nothing", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = c.api(Method::PUT, "/api/v1/me", None, None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.json()["error"]["message_en"].is_string());
}
