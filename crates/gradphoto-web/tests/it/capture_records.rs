//! What capture leaves behind, through the pages and the API: the orphan tray, a frame's page
//! and images (and who may open them), a student's photo history, the desk's warning for a
//! student who has a photo, and the OpenAPI document.

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use chrono::Utc;
use gradphoto_domain::{FixedClock, FrameState, Role};

use crate::capture_support::{
    CaptureApp, capture_app, face_photo, form_at, frame_state, large_face_photo, orphan, portrait,
    sha256_hex,
};
use crate::helpers::{Client, api_token, hidden_value, spawn};

#[tokio::test]
async fn an_orphan_is_bound_from_the_tray_by_student_number_with_a_reason() {
    let s = capture_app(2).await;
    s.check_in_all().await;
    let frame = orphan(&s, 1, face_photo(&portrait(), 1)).await;
    assert_eq!(frame.state, FrameState::Orphan);
    assert_eq!(frame.ticket_id, None);
    let tray_path = format!("/venues/{}/orphans", s.place.venue.id);
    let mut c = s.app.login("operator").await;

    let tray = c.get(&tray_path).await;
    assert_eq!(tray.status, StatusCode::OK, "{}", tray.body);
    assert!(
        tray.body.contains(&format!("data-frame=\"{}\"", frame.id))
            && tray.body.contains("2号机位"),
        "{}",
        tray.body
    );
    let bind = form_at(&tray.body, "name=\"action\" value=\"bind\"");
    let csrf = hidden_value(bind, "_csrf").unwrap();
    let back = hidden_value(bind, "back").unwrap();
    assert_eq!(back, tray_path);
    let decision = format!("/frames/{}/decision", frame.id);

    // Without a reason the frame stays where it is, and the page says why.
    let r = c
        .post_form(
            &decision,
            &[
                ("_csrf", &csrf),
                ("action", "bind"),
                ("credential", &s.numbers[1]),
                ("reason", "  "),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("手动绑定照片需要填写原因"), "{}", r.body);
    assert_eq!(frame_state(&s, frame.id.0).await.state, FrameState::Orphan);
    assert!(s.app.audit("frame.bind").await.is_empty());

    let r = c
        .post_form(
            &decision,
            &[
                ("_csrf", &csrf),
                ("action", "bind"),
                ("credential", &s.numbers[1]),
                ("reason", "叫号前试拍，确认为该生"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), tray_path);
    let student = s.app.student_id(&s.numbers[1]).await;
    let today = s
        .app
        .repo()
        .live_ticket(student, gradphoto_domain::venue::shooting_day(Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let bound = frame_state(&s, frame.id.0).await;
    assert_eq!(bound.state, FrameState::Bound);
    assert_eq!(bound.ticket_id, Some(today.id));
    assert_eq!(bound.student_id, Some(student));
    let audit = s.app.audit("frame.bind").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("frame:{}", frame.id));
    assert_eq!(
        audit[0].after.as_ref().unwrap()["reason"],
        "叫号前试拍，确认为该生"
    );
    assert!(audit[0].actor_user_id.is_some(), "{:?}", audit[0]);

    let tray = c.get(&tray_path).await;
    assert!(!tray.body.contains(&format!("data-frame=\"{}\"", frame.id)));
    assert!(tray.body.contains("id=\"orphans-empty\""), "{}", tray.body);
}

#[tokio::test]
async fn a_discarded_orphan_leaves_the_tray() {
    let s = capture_app(1).await;
    let keep = orphan(&s, 0, face_photo(&portrait(), 1)).await;
    let drop = orphan(&s, 2, face_photo(&portrait(), 2)).await;
    let tray_path = format!("/venues/{}/orphans", s.place.venue.id);
    let mut c = s.app.login("operator").await;
    let tray = c.get(&tray_path).await;
    for f in [&keep, &drop] {
        assert!(tray.body.contains(&format!("data-frame=\"{}\"", f.id)));
    }
    let discard = form_at(
        &tray.body[tray
            .body
            .find(&format!("data-frame=\"{}\"", drop.id))
            .unwrap()..],
        "name=\"action\" value=\"discard\"",
    );
    assert!(discard.contains(&format!("action=\"/frames/{}/decision\"", drop.id)));
    let r = c
        .post_form(
            &format!("/frames/{}/decision", drop.id),
            &[
                ("_csrf", &hidden_value(discard, "_csrf").unwrap()),
                ("action", "discard"),
                ("reason", "试拍"),
                ("back", &hidden_value(discard, "back").unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), tray_path);
    assert_eq!(
        frame_state(&s, drop.id.0).await.state,
        FrameState::Discarded
    );
    let audit = s.app.audit("frame.discard").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("frame:{}", drop.id));
    assert_eq!(audit[0].after.as_ref().unwrap()["reason"], "试拍");

    let tray = c.get(&tray_path).await;
    assert!(!tray.body.contains(&format!("data-frame=\"{}\"", drop.id)));
    assert!(tray.body.contains(&format!("data-frame=\"{}\"", keep.id)));
    let r = c
        .api(
            Method::GET,
            &format!("/api/v1/venues/{}/orphans", s.place.venue.id),
            Some(&s.operator),
            None,
        )
        .await;
    let ids: Vec<i64> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![keep.id.0]);
}

/// The width and height of a JPEG's image.
fn jpeg_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "not a JPEG");
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).unwrap();
    (img.width(), img.height())
}

#[tokio::test]
async fn a_frame_page_shows_its_rules_and_serves_its_images() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut api = s.app.client();
    let ticket = s.call_next(&mut api, 0).await;
    let photo = large_face_photo(&portrait(), 0, 1536, 2048);
    let frame = s.upload_ok(&mut api, 0, ticket, &photo).await;
    let stored = s
        .app
        .repo()
        .frame_verdict(gradphoto_domain::FrameId(frame))
        .await
        .unwrap()
        .expect("a verdict");
    let rules = stored.detail["results"].as_array().unwrap();
    assert!(!rules.is_empty());
    let mut c = s.app.login("operator").await;

    let page = c.get(&format!("/frames/{frame}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains(&format!("<img src=\"/frames/{frame}/preview.jpg\""))
    );
    assert!(
        page.body
            .contains(&format!("href=\"/frames/{frame}/original\""))
    );
    assert!(page.body.contains(&sha256_hex(&photo)));
    assert!(page.body.contains("1536 × 2048"), "{}", page.body);
    let table = &page.body[page.body.find("class=\"rules\"").expect("the rule table")..];
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr").count(), rules.len(), "{body}");
    for rule in rules {
        let title = rule["title"]["zh"].as_str().unwrap();
        let status = rule["status"].as_str().unwrap();
        assert!(
            body.contains(&format!(
                "<tr class=\"{status}\"><td>{title}</td><td><span class=\"verdict {status}\">"
            )),
            "{title} ({status}) in {body}"
        );
    }

    for which in ["original", "preview.jpg", "thumb.jpg"] {
        let r = c.get(&format!("/frames/{frame}/{which}")).await;
        assert_eq!(r.status, StatusCode::OK, "{which}: {}", r.body);
        let cache = r.headers[header::CACHE_CONTROL].to_str().unwrap();
        assert!(cache.starts_with("private"), "{which}: {cache}");
        assert_eq!(r.headers[header::CONTENT_TYPE], "image/jpeg", "{which}");
        match which {
            "original" => assert!(r.bytes == photo, "the original differs from the upload"),
            "preview.jpg" => assert_eq!(jpeg_size(&r.bytes), (960, 1280)),
            _ => assert_eq!(jpeg_size(&r.bytes), (240, 320)),
        }
    }
    let r = c.get(&format!("/frames/{frame}/secrets.txt")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_station_crew_may_open_frames() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut api = s.app.client();
    let ticket = s.call_next(&mut api, 0).await;
    let frame = s
        .upload_ok(&mut api, 0, ticket, &face_photo(&portrait(), 0))
        .await;
    let college = s.app.college_id("信息工程学院").await;
    s.app
        .add_user("lead", Role::CollegeLead, vec![college], None)
        .await;
    // The student whose photo it is may not open the station's copies either.
    let me = s.app.student_id(&s.numbers[0]).await;
    s.app
        .add_user("student", Role::Student, vec![], Some(me))
        .await;
    let paths = [
        format!("/frames/{frame}"),
        format!("/frames/{frame}/thumb.jpg"),
        format!("/frames/{frame}/preview.jpg"),
        format!("/frames/{frame}/original"),
    ];
    for login in ["lead", "student"] {
        let mut c = s.app.login(login).await;
        for path in &paths {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {path}");
            assert!(
                !r.bytes.starts_with(&[0xFF, 0xD8]),
                "{login} {path} got the image"
            );
        }
        let token = api_token(&s.app, login).await;
        let r = c
            .api(
                Method::GET,
                &format!("/api/v1/frames/{frame}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
    }
    // Signed out: to the login page, no image.
    let r = s.app.client().get(&paths[3]).await;
    assert_ne!(r.status, StatusCode::OK);
    assert!(!r.bytes.starts_with(&[0xFF, 0xD8]));
    let mut c = s.app.login("operator").await;
    for path in &paths {
        assert_eq!(c.get(path).await.status, StatusCode::OK, "operator {path}");
    }
}

/// Shoots and accepts `photo` for the ticket station 1 has called; returns the frame's id.
async fn shoot_and_accept(
    s: &CaptureApp,
    c: &mut Client,
    ticket: i64,
    photo: &[u8],
    reason: Option<&str>,
) -> i64 {
    let frame = s.upload_ok(c, 0, ticket, photo).await;
    let mut body = serde_json::json!({"action": "accept"});
    if let Some(reason) = reason {
        body["reason"] = reason.into();
    }
    let r = s.decide(c, frame, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["state"], "accepted");
    frame
}

#[tokio::test]
async fn a_student_page_shows_the_current_photo_and_the_superseded_one() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut api = s.app.client();
    let src = portrait();
    let ticket = s.call_next(&mut api, 0).await;
    let first = shoot_and_accept(&s, &mut api, ticket, &face_photo(&src, 0), None).await;
    // Eyes closed: the station puts the number back and shoots again.
    s.act(
        &mut api,
        0,
        serde_json::json!({"action": "retake", "ticket_id": ticket}),
    )
    .await;
    assert_eq!(s.call_next(&mut api, 0).await, ticket);
    let second = shoot_and_accept(
        &s,
        &mut api,
        ticket,
        &face_photo(&src, 100),
        Some("第一张闭眼"),
    )
    .await;
    let student = s.app.student_id(&s.numbers[0]).await;

    let mut c = s.app.login("operator").await;
    let page = c.get(&format!("/students/{student}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let photos = &page.body[page.body.find("id=\"photos\"").expect("the photo history")..];
    assert!(
        photos.contains(&format!(
            "<img src=\"/frames/{second}/preview.jpg\" alt=\"当前照片\" id=\"current-photo\">"
        )),
        "{photos}"
    );
    let accepted = &photos[photos.find("<ul class=\"accepted\">").unwrap()..];
    let accepted = &accepted[..accepted.find("</ul>").unwrap()];
    let rows: Vec<&str> = accepted.split("<li>").skip(1).collect();
    assert_eq!(rows.len(), 2, "{accepted}");
    assert!(
        rows[0].contains(&format!("href=\"/frames/{second}\""))
            && rows[0].contains("<strong>当前照片</strong>"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains(&format!("href=\"/frames/{first}\""))
            && rows[1].contains("已被替换")
            && rows[1].contains("第一张闭眼"),
        "{}",
        rows[1]
    );

    let r = c
        .api(
            Method::GET,
            &format!("/api/v1/students/{student}/photos"),
            Some(&s.operator),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    assert_eq!(body["current_frame_id"], second);
    let photos = body["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2, "{body}");
    assert_eq!(photos[0]["frame_id"], second);
    assert_eq!(photos[0]["current"], true);
    assert!(photos[0]["superseded_reason"].is_null());
    assert_eq!(photos[1]["frame_id"], first);
    assert_eq!(photos[1]["current"], false);
    assert_eq!(photos[1]["superseded_reason"], "第一张闭眼");
    assert_eq!(body["frames"].as_array().unwrap().len(), 2);
    assert_eq!(s.app.audit("photo.supersede").await.len(), 1);
}

#[tokio::test]
async fn the_desk_is_warned_when_a_student_with_a_photo_checks_in() {
    let mut s = capture_app(2).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    shoot_and_accept(&s, &mut c, ticket, &face_photo(&portrait(), 0), None).await;

    // The next day both come back: one has a photo, the other has not.
    s.app.state.app.clock = Arc::new(FixedClock(Utc::now() + chrono::Duration::days(1)));
    let operator = api_token(&s.app, "operator").await;
    let mut c = s.app.client();
    let again = crate::venue::check_in(
        &mut c,
        &operator,
        serde_json::json!({"credential": s.numbers[0]}),
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let again = again.json();
    assert_eq!(again["outcome"], "issued");
    assert_eq!(again["has_photo"], true);
    assert!(
        again["message_zh"]
            .as_str()
            .unwrap()
            .contains("已有采用的照片"),
        "{again}"
    );
    assert!(
        again["message_en"]
            .as_str()
            .unwrap()
            .contains("already has an accepted photo"),
        "{again}"
    );
    let other = crate::venue::check_in(
        &mut c,
        &operator,
        serde_json::json!({"credential": s.numbers[1]}),
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let other = other.json();
    assert_eq!(other["has_photo"], false);
    assert!(
        !other["message_zh"]
            .as_str()
            .unwrap()
            .contains("已有采用的照片"),
        "{other}"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_the_capture_routes() {
    let app = spawn().await;
    let r = app
        .client()
        .api(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let doc = r.json();
    for (path, method) in [
        ("/api/v1/stations/{id}/frames", "post"),
        ("/api/v1/tickets/{id}/frames", "get"),
        ("/api/v1/frames/{id}", "get"),
        ("/api/v1/frames/{id}/decision", "post"),
        ("/api/v1/venues/{id}/orphans", "get"),
        ("/api/v1/students/{id}/photos", "get"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} missing");
        assert_eq!(op["tags"][0], "capture", "{method} {path}");
    }
    let upload = &doc["paths"]["/api/v1/stations/{id}/frames"]["post"];
    assert!(upload["requestBody"]["content"]["multipart/form-data"].is_object());
    for status in ["201", "422"] {
        assert!(upload["responses"][status].is_object(), "upload {status}");
    }
    for schema in [
        "FrameDto",
        "FrameOutcomeDto",
        "FrameDecisionRequest",
        "StudentPhotosDto",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} missing"
        );
    }
}
