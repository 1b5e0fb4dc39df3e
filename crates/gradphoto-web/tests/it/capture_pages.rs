//! Capture through the pages and the API, one thing at a time: the station's frames panel and
//! its upload and decision forms, the uploads refused (nothing kept), the orphan tray, a
//! frame's page and images (and who may open them), a student's photo history, the desk's
//! warning for a student who has a photo, and the OpenAPI document.

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use bytes::Bytes;
use chrono::Utc;
use gradphoto_domain::{FixedClock, Frame, FrameSource, FrameState, Role, TicketState};
use gradphoto_store::{Actor, FrameOutcome};
use gradphoto_web::capture::{Arrival, ingest};

use crate::capture_support::{
    CaptureApp, capture_app, face_photo, large_face_photo, portrait, sha256_hex,
};
use crate::helpers::{
    BOUNDARY, Client, FilePart, Resp, api_token, hidden_value, multipart_body, spawn,
};

/// The badge text of an overall verdict, as the pages print it (in Chinese).
fn verdict_label(overall: &str) -> &'static str {
    match overall {
        "pass" => "合格",
        "warn" => "注意",
        "fail" => "不合格",
        _ => "未判定",
    }
}

/// The part of `html` from `marker` to the end of the form it is in.
fn form_at<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let start = html[..at].rfind("<form").unwrap_or(at);
    let end = html[at..].find("</form>").map_or(html.len(), |e| at + e);
    &html[start..end]
}

/// `POST /api/v1/stations/{id}/frames` with any fields and file bytes.
async fn upload_raw(
    c: &mut Client,
    token: &str,
    station: i64,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> Resp {
    let body = multipart_body(
        fields,
        Some(FilePart {
            name: "file",
            file_name: name,
            bytes,
        }),
    );
    let req = axum::http::Request::post(format!("/api/v1/stations/{station}/frames"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    c.send(req).await
}

/// A frame that reached station `i` with nothing called, through the ingest itself.
async fn orphan(s: &CaptureApp, station: usize, photo: Vec<u8>) -> Frame {
    let arrival = Arrival {
        station: s.place.stations[station].id,
        source: FrameSource::HotFolder,
        name: Some("IMG_TEST.JPG".to_owned()),
        bytes: Bytes::from(photo),
        arrived_at: Utc::now(),
        expected_ticket: None,
    };
    match ingest(&s.app.state, arrival, &Actor::system("test"))
        .await
        .unwrap()
    {
        FrameOutcome::Orphan { frame } => frame,
        other => panic!("expected an orphan, got {other:?}"),
    }
}

async fn frame_state(s: &CaptureApp, id: i64) -> Frame {
    s.app
        .repo()
        .frame(gradphoto_domain::FrameId(id))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_station_page_uploads_through_its_form_and_accepting_calls_the_next() {
    let s = capture_app(2).await;
    s.check_in_all().await;
    let mut api = s.app.client();
    let first = s.call_next(&mut api, 0).await;
    let station = s.place.stations[0].id;
    let page_path = format!("/stations/{station}");
    let mut c = s.app.login("operator").await;

    let page = c.get(&page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("还没有收到照片"), "{}", page.body);
    let form = form_at(&page.body, "id=\"frame-upload\"");
    assert!(
        form.contains(&format!("action=\"/stations/{station}/frames\""))
            && form.contains("enctype=\"multipart/form-data\"")
            && form.contains("name=\"file\""),
        "{form}"
    );
    let ticket = hidden_value(form, "ticket_id").unwrap();
    assert_eq!(ticket, first.to_string());
    let csrf = hidden_value(form, "_csrf").unwrap();

    let photo = face_photo(&portrait(), 0);
    let file = || FilePart {
        name: "file",
        file_name: "IMG_0001.JPG",
        bytes: &photo,
    };
    let upload_path = format!("/stations/{station}/frames");
    // A forged token keeps nothing.
    let r = c
        .post_multipart(
            &upload_path,
            &[("_csrf", "forged"), ("ticket_id", &ticket)],
            Some(file()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(s.ticket_frames(first).await.is_empty());

    let r = c
        .post_multipart(
            &upload_path,
            &[
                ("_csrf", &csrf),
                ("ticket_id", &ticket),
                ("source", "upload"),
            ],
            Some(file()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), page_path);
    let frames = s.ticket_frames(first).await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    let frame = &frames[0];
    assert_eq!(frame.sha256, sha256_hex(&photo));
    assert_eq!(frame.source, FrameSource::Upload);
    assert_eq!(frame.state, FrameState::Bound);
    assert_eq!(frame.original_name.as_deref(), Some("IMG_0001.JPG"));
    let overall = frame.verdict.as_ref().expect("judged").overall.clone();

    // The panel alone, as the page's script fetches it.
    let panel = c.get(&format!("/stations/{station}/frames")).await;
    assert_eq!(panel.status, StatusCode::OK, "{}", panel.body);
    assert_eq!(
        panel.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    assert!(
        panel.body.contains(&format!("data-frame=\"{}\"", frame.id)),
        "{}",
        panel.body
    );
    assert!(
        panel.body.contains(&format!(
            "<span class=\"verdict {overall}\">{}</span>",
            verdict_label(&overall)
        )),
        "{}",
        panel.body
    );
    assert!(
        panel
            .body
            .contains(&format!("src=\"/frames/{}/thumb.jpg\"", frame.id))
    );

    // Accept through the panel's own form.
    let accept = form_at(&panel.body, "name=\"action\" value=\"accept\"");
    assert!(accept.contains(&format!("action=\"/frames/{}/decision\"", frame.id)));
    let back = hidden_value(accept, "back").unwrap();
    assert_eq!(back, page_path);
    let r = c
        .post_form(
            &format!("/frames/{}/decision", frame.id),
            &[
                ("_csrf", &hidden_value(accept, "_csrf").unwrap()),
                ("action", "accept"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), page_path);
    assert_eq!(
        frame_state(&s, frame.id.0).await.state,
        FrameState::Accepted
    );
    assert_eq!(s.ticket(first).await.state, TicketState::Done);
    let photo_now = s
        .app
        .repo()
        .current_photo(s.ticket(first).await.student_id)
        .await
        .unwrap()
        .expect("a current photo");
    assert_eq!(photo_now.frame_id, frame.id);
    // The station has called the next number by itself.
    let second = s.ticket(first + 1).await;
    assert_eq!(second.state, TicketState::Called);
    assert_eq!(second.station_id, Some(station));
    let page = c.get(&page_path).await;
    assert!(
        page.body
            .contains(&format!("id=\"called-seq\">{}<", second.seq)),
        "{}",
        page.body
    );
    assert_eq!(s.app.audit("photo.accept").await.len(), 1);
    assert_eq!(s.app.audit("queue.finish").await.len(), 1);
}

#[tokio::test]
async fn asking_for_a_retake_marks_the_frame_rejected_and_keeps_the_ticket_called() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut api = s.app.client();
    let ticket = s.call_next(&mut api, 0).await;
    let frame = s
        .upload_ok(&mut api, 0, ticket, &face_photo(&portrait(), 0))
        .await;
    let station = s.place.stations[0].id;
    let mut c = s.app.login("operator").await;

    let panel = c.get(&format!("/stations/{station}/frames")).await;
    let reject = form_at(&panel.body, "name=\"action\" value=\"reject\"");
    let r = c
        .post_form(
            &format!("/frames/{frame}/decision"),
            &[
                ("_csrf", &hidden_value(reject, "_csrf").unwrap()),
                ("action", "reject"),
                ("back", &hidden_value(reject, "back").unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/stations/{station}"));

    let f = frame_state(&s, frame).await;
    assert_eq!(f.state, FrameState::Rejected);
    assert_eq!(f.ticket_id.map(|t| t.0), Some(ticket));
    assert!(f.decided_reason.is_some());
    let t = s.ticket(ticket).await;
    assert_eq!(t.state, TicketState::Called);
    assert_eq!(t.station_id, Some(station));
    assert!(s.app.audit("photo.accept").await.is_empty());
    assert_eq!(s.app.audit("frame.reject").await.len(), 1);
    assert!(
        s.app
            .repo()
            .current_photo(t.student_id)
            .await
            .unwrap()
            .is_none()
    );

    // The panel shows it as rejected, with nothing more to decide, and still takes uploads.
    let panel = c.get(&format!("/stations/{station}/frames")).await;
    assert!(
        panel.body.contains("class=\"frame rejected\"") && panel.body.contains("已要求重拍"),
        "{}",
        panel.body
    );
    assert!(
        !panel
            .body
            .contains(&format!("action=\"/frames/{frame}/decision\""))
    );
    assert!(panel.body.contains("id=\"frame-upload\""));
}

#[tokio::test]
async fn uploads_that_are_not_photos_are_refused_and_nothing_is_kept() {
    let s = capture_app(1).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let ticket = s.call_next(&mut c, 0).await;
    let station = s.place.stations[0].id.0;
    let photo = face_photo(&portrait(), 0);

    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.resize(4096, 0);
    // A Canon CR2: a little-endian TIFF header with "CR" at offset 8.
    let mut raw = b"II*\0\x10\0\0\0CR\x02\0\0\0\0\0".to_vec();
    raw.resize(4096, 0x5a);
    let text = "学号,姓名\n20190000,学生甲\n".as_bytes().to_vec();
    let truncated = photo[..photo.len() / 2].to_vec();
    let cases: [(&str, Vec<u8>, &str, &str); 4] = [
        ("IMG_0001.HEIC", heic, "HEIC", "HEIC"),
        ("IMG_0001.CR2", raw, "RAW", "RAW"),
        ("notes.txt", text, "文本文件", "text file"),
        ("IMG_0001.JPG", truncated, "不完整", "incomplete"),
    ];
    for (name, bytes, zh, en) in &cases {
        let r = upload_raw(
            &mut c,
            &s.operator,
            station,
            &[("ticket_id", &ticket.to_string())],
            name,
            bytes,
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            r.body
        );
        let error = &r.json()["error"];
        assert_eq!(error["field"], "file", "{name}: {error}");
        let (message_zh, message_en) = (
            error["message_zh"].as_str().unwrap(),
            error["message_en"].as_str().unwrap(),
        );
        assert!(message_zh.contains(zh), "{name}: {message_zh}");
        assert!(message_en.contains(en), "{name}: {message_en}");
        let key = gradphoto_store::BlobKey::of(bytes);
        assert!(
            !s.blob_dir().join(key.as_str()).exists(),
            "{name} was stored"
        );
    }
    assert!(s.ticket_frames(ticket).await.is_empty());
    assert_eq!(s.ticket(ticket).await.state, TicketState::Called);
    assert_eq!(s.stored_blobs(), Vec::<std::path::PathBuf>::new());
    assert!(s.app.audit("frame.bind").await.is_empty());
    assert!(s.app.audit("frame.orphan").await.is_empty());

    // The same station then takes a real photo: the refusals were about the files.
    s.upload_ok(&mut c, 0, ticket, &photo).await;
    assert_eq!(s.stored_blobs().len(), 3, "{:?}", s.stored_blobs());
}

#[tokio::test]
async fn an_upload_for_a_ticket_no_longer_called_is_refused_and_nothing_is_kept() {
    let s = capture_app(2).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let first = s.call_next(&mut c, 0).await;
    // The page still shows the first number; meanwhile the station skipped it and moved on.
    s.act(
        &mut c,
        0,
        serde_json::json!({"action": "skip", "ticket_id": first}),
    )
    .await;
    let second = s.call_next(&mut c, 0).await;
    let station = s.place.stations[0].id.0;
    let photo = face_photo(&portrait(), 0);

    let r = upload_raw(
        &mut c,
        &s.operator,
        station,
        &[("ticket_id", &first.to_string())],
        "IMG_0001.JPG",
        &photo,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let error = &r.json()["error"];
    assert!(
        error["message_zh"]
            .as_str()
            .unwrap()
            .contains("已改叫 2 号"),
        "{error}"
    );
    assert!(s.ticket_frames(first).await.is_empty());
    assert!(s.ticket_frames(second).await.is_empty());
    assert_eq!(s.ticket(second).await.state, TicketState::Called);
    assert_eq!(
        s.stored_blobs(),
        Vec::<std::path::PathBuf>::new(),
        "a refused photo was kept"
    );

    // Nothing called: naming the last ticket, or none, is refused as well.
    s.act(
        &mut c,
        0,
        serde_json::json!({"action": "finish", "ticket_id": second}),
    )
    .await;
    let r = upload_raw(
        &mut c,
        &s.operator,
        station,
        &[("ticket_id", &second.to_string())],
        "IMG_0001.JPG",
        &photo,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("没有叫号"),
        "{}",
        r.body
    );
    let r = upload_raw(&mut c, &s.operator, station, &[], "IMG_0001.JPG", &photo).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "ticket_id");
    assert!(s.ticket_frames(second).await.is_empty());
    assert!(
        s.app
            .repo()
            .orphan_frames(s.place.venue.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.stored_blobs(), Vec::<std::path::PathBuf>::new());
    assert!(s.app.audit("frame.bind").await.is_empty());
}

#[tokio::test]
async fn without_photo_storage_uploads_are_unavailable() {
    let app = spawn().await;
    let place = app.add_venue("大学生事务中心", 1).await;
    let token = api_token(&app, "operator").await;
    let station = place.stations[0].id;
    let mut c = app.client();
    let r = upload_raw(
        &mut c,
        &token,
        station.0,
        &[("ticket_id", "1")],
        "IMG_0001.JPG",
        &face_photo(&portrait(), 0),
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.json()["error"]["message_zh"].is_string());
    // The station page says so instead of offering an upload.
    let mut c = app.login("operator").await;
    let page = c.get(&format!("/stations/{station}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("本服务器未配置照片存储"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"frame-upload\""));
}

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
    s.app.state.clock = Arc::new(FixedClock(Utc::now() + chrono::Duration::days(1)));
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
