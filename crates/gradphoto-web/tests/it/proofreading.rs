//! Proofreading on the student's page: nothing is taken outside the proof window; a field
//! can be disputed before the photo exists, the photo is confirmed once it does, and a locked
//! answer ends the changes; every answer is kept and audited, and the college lead sees the
//! class's counts and the students who have not answered (XLSX). A student fetches their own
//! photo and nobody else's, and reaches no other student's record by changing an id.

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate};
use gradphoto_app::proofreading::set_window;
use gradphoto_domain::roster::Cell;
use gradphoto_sheet::{Limits, read_table};
use gradphoto_store::Actor;

use crate::capture_support::{capture_app, face_photo, portrait};
use crate::helpers::{Client, PASSWORD, Resp};
use crate::timetable_support::accept_photo;
use crate::venue::{issue_li_ming, setup};

async fn send(c: &mut Client, fields: &[(&str, &str)]) -> Resp {
    let csrf = c.session_csrf().await;
    let mut all = vec![("_csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    c.post_form("/me/proof", &all).await
}

const CORRECT: &[(&str, &str)] = &[("answer", "correct")];

#[tokio::test]
async fn a_student_disputes_a_field_then_confirms_the_photo_and_locks_it() {
    let s = setup().await;
    let app = s.app.app();
    let li = s.app.student_id("2019001").await;
    let mut phone = s.app.login("student").await;

    // No window yet: the page says so, and nothing is taken.
    let home = phone.get("/").await;
    assert!(home.body.contains("校对尚未开放"), "{}", home.body);
    assert!(!home.body.contains("id=\"proof-correct\""));
    let r = send(&mut phone, CORRECT).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("校对尚未开放"));

    // Open around the test's day (2023-03-01).
    let day = |d| NaiveDate::from_ymd_opt(2023, 3, d).unwrap();
    let office = Actor::system("test");
    set_window(app, s.app.campaign.id, Some((day(1), day(31))), &office)
        .await
        .unwrap();
    let home = phone.get("/").await;
    assert!(home.body.contains("校对时间：2023-03-01 至 2023-03-31"));
    assert!(home.body.contains("尚未校对"));
    assert!(home.body.contains("还没有你的照片"));

    // Without a photo there is nothing to confirm, nor a photo to complain about…
    for fields in [
        CORRECT.to_vec(),
        vec![("answer", "wrong"), ("kind", "not_my_photo")],
    ] {
        let r = send(&mut phone, &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("还没有你的照片"), "{}", r.body);
    }
    // …but a wrong field can be reported, and must say what it should be.
    let r = send(
        &mut phone,
        &[
            ("answer", "wrong"),
            ("kind", "field"),
            ("field", "ethnicity"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请填写“民族”的正确内容"), "{}", r.body);
    assert!(
        app.repo.proofs(li).await.unwrap().is_empty(),
        "a refusal writes nothing"
    );
    let r = send(
        &mut phone,
        &[
            ("answer", "wrong"),
            ("kind", "field"),
            ("field", "ethnicity"),
            ("proposed", "回族"),
            ("comment", "身份证上是回族"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = phone.get("/").await;
    assert!(home.body.contains("有误（等待处理）"), "{}", home.body);
    assert!(
        home.body.contains("民族 → 回族（身份证上是回族）"),
        "{}",
        home.body
    );

    // Photographed: the photo shows, and the student confirms it, locked.
    issue_li_ming(&s).await;
    accept_photo(&s, li).await;
    let home = phone.get("/").await;
    assert!(home.body.contains("src=\"/me/photo.jpg\""), "{}", home.body);
    let r = send(&mut phone, &[("answer", "correct"), ("lock", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = phone.get("/").await;
    assert!(home.body.contains("已确认并锁定"), "{}", home.body);
    assert!(
        !home.body.contains("id=\"proof-wrong\""),
        "no form once locked"
    );
    let r = send(
        &mut phone,
        &[("answer", "wrong"), ("kind", "photo_quality")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("不能再修改"), "{}", r.body);

    // Both answers kept, newest first, each audited; the confirmation names the photo.
    let answers = app.repo.proofs(li).await.unwrap();
    assert_eq!(answers.len(), 2);
    assert!(answers[0].locked && answers[0].photo_id.is_some());
    assert_eq!(answers[1].issues[0].proposed.as_deref(), Some("回族"));
    let audit = s.app.audit("proof.answer").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].actor, "student");

    // The college lead sees the class's proofreading, and who has not answered.
    let lead = crate::helpers::api_token(&s.app, "lead").await;
    let r = s
        .app
        .client()
        .api(Method::GET, "/api/v1/timetable/classes", Some(&lead), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let class = &r.json()["classes"][0];
    assert_eq!(class["code"], "190111");
    let counts = ["confirmed", "disputed", "not_proofread"].map(|k| class[k].as_i64().unwrap());
    assert_eq!(counts, [1, 0, 1], "{class}");
    let mut lead_page = s.app.login("lead").await;
    let sheet = lead_page.get("/classes/not-proofread.xlsx").await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.body);
    let table = read_table(&sheet.bytes, "not-proofread.xlsx", &Limits::default()).unwrap();
    let names: Vec<String> = table
        .rows
        .iter()
        .map(|r| match &r.cells[1] {
            Cell::Text(s) => s.clone(),
            other => panic!("not text: {other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        ["姓名", "王芳"],
        "only college A's student who has not answered"
    );

    // Staff have no proofreading of their own.
    let mut operator = s.app.login("operator").await;
    assert_eq!(
        send(&mut operator, CORRECT).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn outside_the_window_the_page_is_read_only() {
    let s = setup().await;
    let past = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    set_window(
        s.app.app(),
        s.app.campaign.id,
        Some((past, past + Duration::days(10))),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let mut phone = s.app.login("student").await;
    let home = phone.get("/").await;
    assert!(home.body.contains("现在不在校对时间内"), "{}", home.body);
    assert!(!home.body.contains("id=\"proof-correct\""));
    let r = send(
        &mut phone,
        &[("answer", "wrong"), ("kind", "photo_quality")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("校对时间为 2023-02-01 至 2023-02-11"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_student_fetches_their_own_photo_and_nobody_elses() {
    let s = capture_app(2).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let mut frames = Vec::new();
    for who in 0..2 {
        let ticket = s.call_next(&mut c, 0).await;
        let frame = s
            .upload_ok(&mut c, 0, ticket, &face_photo(&portrait(), who))
            .await;
        let r = s
            .decide(&mut c, frame, serde_json::json!({"action": "accept"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        frames.push(frame);
    }
    let first = s.app.student_id(&s.numbers[0]).await;
    s.app
        .add_user("s0", gradphoto_domain::Role::Student, vec![], Some(first))
        .await;
    let mut phone = s.app.client();
    assert_eq!(
        phone.login("s0", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let mine = phone.get("/me/photo.jpg").await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(mine.bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    // The frames' own addresses, and the other student's record, are not a student's.
    for path in [
        format!("/frames/{}/preview.jpg", frames[1]),
        format!("/frames/{}", frames[1]),
        format!("/students/{}", s.app.student_id(&s.numbers[1]).await),
    ] {
        assert_eq!(
            phone.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let denied = s.app.audit("access.denied").await;
    assert_eq!(denied.len(), 3, "{denied:?}");
    assert_eq!(denied[0].actor, "s0");

    // Their own frames are listed on their page and theirs to see; the other student's frame
    // is refused by its id (403, recorded), and no id reaches anything else.
    let home = phone.get("/").await;
    assert!(
        home.body
            .contains(&format!("src=\"/me/frames/{}\"", frames[0])),
        "{}",
        home.body
    );
    assert!(!home.body.contains(&format!("/me/frames/{}\"", frames[1])));
    let own = phone.get(&format!("/me/frames/{}", frames[0])).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    let other = phone.get(&format!("/me/frames/{}", frames[1])).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    assert!(other.body.contains("只能查看自己的照片"), "{}", other.body);
    assert_eq!(s.app.audit("access.denied").await.len(), 4);
    for path in ["/me/frames/999999", "/me/frames/abc"] {
        assert_eq!(
            phone.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
