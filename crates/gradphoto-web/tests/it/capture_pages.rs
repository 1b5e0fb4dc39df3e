//! Capture through the station's page and the upload API: the frames panel with its upload
//! and decision forms, and the uploads refused (nothing kept).

use axum::http::{StatusCode, header};
use gradphoto_domain::{FrameSource, FrameState, TicketState};

use crate::capture_support::{
    capture_app, face_photo, form_at, frame_state, portrait, sha256_hex, upload_raw, verdict_label,
};
use crate::helpers::{FilePart, api_token, hidden_value, spawn};

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
