//! The card-reader bridge: `POST /api/v1/checkins` with a device token and the JSON reader
//! services return. Valid cards get a number and keep their chip photo; anything malformed is
//! refused with the field named, and a wrong or missing token is a 401.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use gradphoto_domain::venue::shooting_day;

use crate::helpers::{api_token, id_number};
use crate::venue::{Setup, check_in, li_ming_id, setup};

/// A tiny but real 2 x 2 24-bit BMP.
fn bmp() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&70u32.to_le_bytes());
    b.extend_from_slice(&[0, 0, 0, 0]);
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&2i32.to_le_bytes());
    b.extend_from_slice(&2i32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&[0; 24]);
    b.extend_from_slice(&[255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 255, 255, 255, 0]);
    b
}

/// What a reader service returns for 李明's card.
fn card() -> serde_json::Value {
    serde_json::json!({
        "partyName": "李明", "gender": "男", "nation": "汉", "bornDay": "20000101",
        "certAddress": "北京市朝阳区某某路1号", "certNumber": li_ming_id(),
        "certOrg": "北京市公安局朝阳分局", "effDate": "20180101", "expDate": "20280101",
        "certType": "", "identityPic": STANDARD.encode(bmp()),
    })
}

async fn nothing_issued(s: &Setup) {
    let day = shooting_day(s.app.app().now());
    let board = s.app.repo().board(s.place.venue.id, day).await.unwrap();
    assert_eq!(board.waiting, 0);
}

#[tokio::test]
async fn a_card_read_by_a_device_gets_a_number_and_keeps_its_photo() {
    let s = setup().await;
    let device = s.app.add_device(&s.place.venue, "前台读卡器").await;
    let mut c = s.app.client();
    let r = check_in(&mut c, &device, card()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let body = r.json();
    assert_eq!(body["ticket"]["seq"], 1);
    assert_eq!(body["venue_id"], s.place.venue.id.0);
    assert!(body["proof_code"].is_string());
    let ticket = body["ticket"]["id"].as_i64().unwrap();
    // The device is the actor; nothing of the card's address is kept.
    let issued = s.app.audit("ticket.issue").await;
    assert!(
        issued[0].actor.starts_with("device:"),
        "{}",
        issued[0].actor
    );
    let all = serde_json::to_string(&s.app.repo().audit_events(100).await.unwrap()).unwrap();
    assert!(!all.contains("朝阳区"));

    // The station sees the photo.
    let mut op = s.app.login("operator").await;
    let r = op.get(&format!("/tickets/{ticket}/chip-photo")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "image/bmp");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(r.bytes, bmp());
    let r = op
        .api(
            Method::GET,
            &format!("/api/v1/tickets/{ticket}"),
            Some(&s.operator),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["chip_photo_url"],
        format!("/tickets/{ticket}/chip-photo")
    );
    assert_eq!(r.json()["student"]["name"], "李明");

    // Not for students, and not for another ticket without one.
    let mut student = s.app.login("student").await;
    let r = student.get(&format!("/tickets/{ticket}/chip-photo")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let typed = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019002"}),
    )
    .await;
    let other = typed.json()["ticket"]["id"].as_i64().unwrap();
    assert_eq!(
        op.get(&format!("/tickets/{other}/chip-photo")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn malformed_bodies_are_refused_with_the_field_named() {
    let s = setup().await;
    let device = s.app.add_device(&s.place.venue, "前台读卡器").await;
    let mut c = s.app.client();

    let req = Request::post("/api/v1/checkins")
        .header(header::AUTHORIZATION, format!("Bearer {device}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"certNumber\": \"1101"))
        .unwrap();
    let r = c.send(req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "bad_request");
    assert!(
        r.json()["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("JSON")
    );

    let mut missing = card();
    missing.as_object_mut().unwrap().remove("certNumber");
    let r = check_in(&mut c, &device, missing).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "certNumber");
    assert!(
        r.json()["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("certNumber")
    );

    let mut bad_id = card();
    bad_id["certNumber"] = serde_json::json!("110105200001010011");
    let r = check_in(&mut c, &device, bad_id).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "certNumber");

    let mut number = card();
    number["certNumber"] = serde_json::json!(110105200001010011_u64);
    let r = check_in(&mut c, &device, number).await;
    assert_eq!(r.json()["error"]["field"], "certNumber");

    let mut bad_pic = card();
    bad_pic["identityPic"] = serde_json::json!("not base64 at all!");
    let r = check_in(&mut c, &device, bad_pic).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "identityPic");
    assert!(
        r.json()["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("base64")
    );

    let mut not_image = card();
    not_image["identityPic"] = serde_json::json!(STANDARD.encode(b"GIF89a not a chip photo"));
    let r = check_in(&mut c, &device, not_image).await;
    assert_eq!(r.json()["error"]["field"], "identityPic");

    let r = check_in(&mut c, &device, serde_json::json!(["certNumber"])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // A device may not re-issue: that is an operator's decision.
    let mut reissue = card();
    reissue["reissue_reason"] = serde_json::json!("丢了");
    let r = check_in(&mut c, &device, reissue).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    nothing_issued(&s).await;
}

#[tokio::test]
async fn wrong_or_missing_device_tokens_are_401() {
    let s = setup().await;
    s.app.add_device(&s.place.venue, "前台读卡器").await;
    let mut c = s.app.client();
    let (forged, _) = gradphoto_app::accounts::new_device_token(&gradphoto_app::OsRandom);
    for token in [forged.as_str(), "gpd_", "not-a-token"] {
        let r = check_in(&mut c, token, card()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "unauthenticated");
    }
    let r = c
        .api(Method::POST, "/api/v1/checkins", None, Some(card()))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
    // A wrong token is refused before the body is even read.
    let req = Request::post("/api/v1/checkins")
        .header(header::AUTHORIZATION, format!("Bearer {forged}"))
        .body(Body::from("garbage"))
        .unwrap();
    assert_eq!(c.send(req).await.status, StatusCode::UNAUTHORIZED);
    nothing_issued(&s).await;
}

#[tokio::test]
async fn a_device_token_opens_nothing_else() {
    let s = setup().await;
    let device = s.app.add_device(&s.place.venue, "前台读卡器").await;
    let mut c = s.app.client();
    for path in ["/api/v1/me", "/api/v1/students", "/api/v1/venues"] {
        let r = c.api(Method::GET, path, Some(&device), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // A session token is no device token either: an operator's check-in names the venue.
    let admin = api_token(&s.app, "admin").await;
    let r = check_in(&mut c, &admin, card()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A device checks in at its own venue only, whatever the body says.
    let other = s.app.add_venue("第二场地", 1).await;
    let there = s.app.add_device(&other.venue, "二号读卡器").await;
    let mut wang = card();
    wang["certNumber"] = serde_json::json!(id_number("11010520000202002"));
    wang["partyName"] = serde_json::json!("王芳");
    wang["venue_id"] = serde_json::json!(s.place.venue.id.0);
    let r = check_in(&mut c, &there, wang).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["venue_id"], other.venue.id.0);
}
