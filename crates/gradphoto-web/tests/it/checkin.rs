//! Check-in at the desk: every way a credential resolves (or does not), what the operator must
//! settle, and that a number is issued only when it should be.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gradphoto_domain::TicketState;
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{StudentId, TicketId};
use sha2::{Digest, Sha256};

use crate::helpers::{api_token, id_number};
use crate::venue::{Setup, check_in, issue_li_ming, li_ming_id, setup};

async fn waiting(s: &Setup) -> i64 {
    let day = shooting_day(s.app.app().now());
    s.app
        .repo()
        .board(s.place.venue.id, day)
        .await
        .unwrap()
        .waiting
}

#[tokio::test]
async fn a_typed_id_number_gets_the_next_number() {
    let s = setup().await;
    let body = issue_li_ming(&s).await;
    assert_eq!(body["outcome"], "issued");
    assert_eq!(body["credential_kind"], "resident_id");
    let ticket = &body["ticket"];
    assert_eq!(ticket["seq"], 1);
    assert_eq!(ticket["masked_name"], "李*");
    assert_eq!(ticket["class_code"], "190111");
    assert_eq!(ticket["state"], "waiting");
    let proof = body["proof_code"].as_str().unwrap();
    assert_eq!(proof.len(), 8);
    assert!(body["message_zh"].as_str().unwrap().contains("第 1 号"));
    // Only the proof code's hash is kept, and nothing of it went to the audit log.
    let issued = s.app.audit("ticket.issue").await;
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].actor, "operator");
    let hash = hex::encode(Sha256::digest(proof.as_bytes()));
    let events = serde_json::to_string(&s.app.repo().audit_events(100).await.unwrap()).unwrap();
    assert!(!events.contains(proof) && !events.contains(&hash));

    // A student number works too, and takes the next number.
    let mut c = s.app.client();
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019002"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["ticket"]["seq"], 2);
    assert_eq!(r.json()["ticket"]["masked_name"], "王*");
    assert_eq!(r.json()["credential_kind"], "student_no");
}

#[tokio::test]
async fn a_student_who_holds_a_ticket_gets_the_same_one() {
    let s = setup().await;
    let first = issue_li_ming(&s).await;
    let mut c = s.app.client();
    // The same student by another credential: the same ticket, no proof code, no new number.
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019001"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = r.json();
    assert_eq!(again["outcome"], "existing");
    assert_eq!(again["ticket"]["id"], first["ticket"]["id"]);
    assert_eq!(again["ticket"]["seq"], 1);
    assert!(again["proof_code"].is_null());
    assert!(again["message_zh"].as_str().unwrap().contains("未重复发号"));
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019002"}),
    )
    .await;
    assert_eq!(r.json()["ticket"]["seq"], 2, "no number was used up");
    assert_eq!(s.app.audit("ticket.issue").await.len(), 2);
}

#[tokio::test]
async fn a_reissue_needs_a_reason_and_voids_the_old_ticket() {
    let s = setup().await;
    let first = issue_li_ming(&s).await;
    let old = TicketId(first["ticket"]["id"].as_i64().unwrap());
    let mut c = s.app.client();
    for blank in ["", "   "] {
        let r = check_in(
            &mut c,
            &s.operator,
            serde_json::json!({"credential": li_ming_id(), "reissue_reason": blank}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"]["field"], "reissue_reason");
        assert!(
            r.json()["error"]["message_zh"]
                .as_str()
                .unwrap()
                .contains("原因")
        );
    }
    let view = s.app.repo().ticket(old).await.unwrap().unwrap();
    assert_eq!(view.ticket.state, TicketState::Waiting, "still live");

    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": li_ming_id(), "reissue_reason": "小票丢失"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let body = r.json();
    assert_eq!(body["outcome"], "issued");
    assert_eq!(body["ticket"]["seq"], 2);
    assert!(body["proof_code"].is_string());
    assert!(body["message_zh"].as_str().unwrap().contains("作废"));
    let view = s.app.repo().ticket(old).await.unwrap().unwrap();
    assert_eq!(view.ticket.state, TicketState::Void);
    assert_eq!(s.app.audit("ticket.void").await.len(), 1);
    assert_eq!(waiting(&s).await, 1);
}

#[tokio::test]
async fn unknown_credentials_are_refused_and_logged_masked() {
    let s = setup().await;
    let mut c = s.app.client();
    let stranger = id_number("36010219990101123");
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": stranger}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let body = r.json();
    assert_eq!(body["outcome"], "unknown");
    assert!(body["ticket"].is_null());
    let masked = format!("3601**********{}", &stranger[14..]);
    assert!(body["message_zh"].as_str().unwrap().contains(&masked));
    assert!(
        !r.body.contains(&stranger),
        "the whole number is not echoed"
    );

    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2099999"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["message_en"].as_str().unwrap().contains("2099999"));

    let logged = s.app.audit("checkin.unknown").await;
    assert_eq!(logged.len(), 2);
    let text = serde_json::to_string(&logged).unwrap();
    assert!(
        text.contains(&masked) && !text.contains(&stranger),
        "{text}"
    );
    assert!(text.contains("2099999") && text.contains("student_no"));
    assert_eq!(waiting(&s).await, 0);
}

#[tokio::test]
async fn a_typo_in_an_id_number_is_reported_and_nothing_issued() {
    let s = setup().await;
    let mut c = s.app.client();
    let good = li_ming_id();
    let last = good.chars().last().unwrap();
    let wrong = if last == '0' { '1' } else { '0' };
    let typo = format!("{}{wrong}", &good[..17]);
    let r = check_in(&mut c, &s.operator, serde_json::json!({"credential": typo})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let err = &r.json()["error"];
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "credential");
    assert!(
        err["message_zh"].as_str().unwrap().contains("校验位"),
        "{err}"
    );
    assert_eq!(waiting(&s).await, 0);
    assert!(s.app.audit("checkin.unknown").await.is_empty());
    assert!(s.app.audit("ticket.issue").await.is_empty());
}

#[tokio::test]
async fn a_collection_code_is_linked_once_then_resolves_directly() {
    let s = setup().await;
    let mut c = s.app.client();
    let code = "https://x.chsi.com.cn/c/Zm9vYmFyYmF6cXV4MTIzNDU2";
    let r = check_in(&mut c, &s.operator, serde_json::json!({"credential": code})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["outcome"], "needs_link");
    assert_eq!(r.json()["credential_kind"], "chsi_code");
    assert_eq!(waiting(&s).await, 0);

    let wang = s.app.student_id("2019002").await;
    let link = |student: StudentId| serde_json::json!({"code": code, "student_id": student.0});
    let r = c
        .api(
            axum::http::Method::POST,
            "/api/v1/credentials/chsi-links",
            Some(&s.operator),
            Some(link(wang)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["student"]["name"], "王芳");
    assert_eq!(s.app.audit("credential.link").await.len(), 1);

    let r = check_in(&mut c, &s.operator, serde_json::json!({"credential": code})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["ticket"]["masked_name"], "王*");

    // The code is Wang Fang's now: linking it to another student is refused.
    let li = s.app.student_id("2019001").await;
    let r = c
        .api(
            axum::http::Method::POST,
            "/api/v1/credentials/chsi-links",
            Some(&s.operator),
            Some(link(li)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "rejected");
    // Not a code at all.
    let r = c
        .api(
            axum::http::Method::POST,
            "/api/v1/credentials/chsi-links",
            Some(&s.operator),
            Some(serde_json::json!({"code": "short", "student_id": li.0})),
        )
        .await;
    assert_eq!(r.json()["error"]["field"], "code");
}

#[tokio::test]
async fn a_name_that_differs_from_the_roster_needs_acknowledging() {
    let s = setup().await;
    let mut c = s.app.client();
    let card = serde_json::json!({"certNumber": li_ming_id(), "partyName": "李鸣"});
    let r = check_in(&mut c, &s.operator, card.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let body = r.json();
    assert_eq!(body["outcome"], "name_mismatch");
    assert_eq!(body["card_name"], "李鸣");
    assert_eq!(body["roster_name"], "李明");
    assert!(body["ticket"].is_null());
    assert_eq!(waiting(&s).await, 0, "no ticket until acknowledged");

    let mut acknowledged = card.clone();
    acknowledged["acknowledge_name_mismatch"] = serde_json::json!(true);
    let r = check_in(&mut c, &s.operator, acknowledged).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["ticket"]["seq"], 1);
    let logged = s.app.audit("checkin.name_mismatch_acknowledged").await;
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].after.as_ref().unwrap()["card_name"], "李鸣");

    // The same name written with a space is the same name.
    let card =
        serde_json::json!({"certNumber": id_number("11010520000202002"), "partyName": "王 芳"});
    let r = check_in(&mut c, &s.operator, card).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn the_desk_page_s_cookie_calls_need_the_csrf_header() {
    let s = setup().await;
    let mut c = s.app.login("operator").await;
    let csrf = c.session_csrf().await;
    let body = serde_json::json!({"credential": li_ming_id()}).to_string();
    let req = |csrf: Option<&str>| {
        let mut r =
            Request::post("/api/v1/checkins").header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = csrf {
            r = r.header("x-csrf-token", t);
        }
        r.body(Body::from(body.clone())).unwrap()
    };
    let r = c.send(req(None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "csrf");
    assert_eq!(waiting(&s).await, 0);
    let r = c.send(req(Some(&csrf))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn with_several_venues_the_desk_names_one() {
    let s = setup().await;
    let second = s.app.add_venue("第二场地", 1).await;
    let mut c = s.app.client();
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019001"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "venue_id");
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019001", "venue_id": second.venue.id.0}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["venue_id"], second.venue.id.0);
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({"credential": "2019002", "venue_id": 9999}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn only_desk_roles_check_students_in() {
    let s = setup().await;
    let mut c = s.app.client();
    for login in ["student", "screen", "lead"] {
        let token = api_token(&s.app, login).await;
        let r = check_in(&mut c, &token, serde_json::json!({"credential": "2019001"})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
    }
    let admin = api_token(&s.app, "admin").await;
    let r = check_in(&mut c, &admin, serde_json::json!({"credential": "2019001"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(waiting(&s).await, 1);
}
