//! The review queue: a student's "not my photo" is found, the swapped photos are rebound and
//! accepted, the student reads the reply and confirms — every step in the audit log; a retake
//! asked for gives the student a priority ticket at their next check-in and says so on their
//! page; a roster correction is checked as an import checks it; an override takes a failed
//! photo out of the queue without touching its verdict; and only operators and admins reach any
//! of it, with bad input refused and nothing written.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use gradphoto_app::proofreading::set_window;
use gradphoto_domain::{FixedClock, FrameState};
use gradphoto_store::Actor;

use crate::helpers::{Client, Resp};
use crate::timetable_support::accept_judged;
use crate::venue::{Setup, check_in, issue_li_ming, issue_wang_fang, li_ming_id, setup};

async fn post(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> Resp {
    let csrf = c.session_csrf().await;
    let mut all = vec![("_csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    c.post_form(path, &all).await
}

async fn open_proofreading(s: &Setup) {
    let day = |d| NaiveDate::from_ymd_opt(2023, 3, d).unwrap();
    set_window(
        s.app.app(),
        s.app.campaign.id,
        Some((day(1), day(31))),
        &Actor::system("test"),
    )
    .await
    .unwrap();
}

fn actions(events: &[gradphoto_store::AuditEvent]) -> Vec<&str> {
    events.iter().map(|e| e.action.as_str()).collect()
}

#[tokio::test]
async fn a_swapped_pair_is_rebound_and_the_student_confirms_the_right_photo() {
    let s = setup().await;
    open_proofreading(&s).await;
    let (li, wang) = (
        s.app.student_id("2019001").await,
        s.app.student_id("2019002").await,
    );
    // 王芳 jumped the queue: her face went on 李明's ticket, and his on hers.
    issue_li_ming(&s).await;
    issue_wang_fang(&s).await;
    let shows_wang = accept_judged(&s, li, "pass").await;
    let shows_li = accept_judged(&s, wang, "pass").await;

    let mut phone = s.app.login("student").await;
    let r = post(
        &mut phone,
        "/me/proof",
        &[
            ("answer", "wrong"),
            ("kind", "not_my_photo"),
            ("comment", "照片上是王芳"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The operator finds the dispute in the queue, and the whole story on the student's page.
    let mut desk = s.app.login("operator").await;
    let queue = desk.get("/review?kind=dispute").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains("2019001 李明"), "{}", queue.body);
    assert!(!queue.body.contains("2019002"), "{}", queue.body);
    let page = desk.get(&format!("/review/students/{li}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("照片不是本人（照片上是王芳）"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(&li_ming_id()),
        "an operator sees the ID number masked"
    );

    // Rebinding needs a reason and a student with a ticket that day; a refusal moves nothing.
    let rebind = |frame, no: &'static str, reason: &'static str| {
        (format!("/review/frames/{frame}/rebind"), no, reason)
    };
    let (path, _, _) = rebind(shows_li, "2019001", "");
    let r = post(
        &mut desk,
        &path,
        &[("student_no", "2019001"), ("reason", " ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("请填写原因"), "{}", r.body);
    let r = post(
        &mut desk,
        &path,
        &[("student_no", "2099999"), ("reason", "互换")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("花名册中没有学号“2099999”"), "{}", r.body);
    assert_eq!(s.app.audit("frame.rebind").await.len(), 0);

    for (frame, no) in [(shows_li, "2019001"), (shows_wang, "2019002")] {
        let r = post(
            &mut desk,
            &format!("/review/frames/{frame}/rebind"),
            &[("student_no", no), ("reason", "两人插队互换了照片")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let repo = s.app.repo();
    for (student, frame) in [(li, shows_li), (wang, shows_wang)] {
        assert!(repo.current_photo(student).await.unwrap().is_none());
        let f = repo.frame(frame).await.unwrap().unwrap();
        assert_eq!((f.state, f.student_id), (FrameState::Bound, Some(student)));
        let r = post(
            &mut desk,
            &format!("/frames/{frame}/decision"),
            &[("action", "accept")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let current = repo.current_photo(student).await.unwrap().unwrap();
        assert_eq!(current.frame_id, frame);
    }
    let r = post(
        &mut desk,
        &format!("/review/students/{li}/reply"),
        &[("body", "已将照片换回，请重新校对")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The student reads the reply, confirms, and the dispute leaves the queue.
    let home = phone.get("/").await;
    assert!(
        home.body.contains("已将照片换回，请重新校对"),
        "{}",
        home.body
    );
    let r = post(&mut phone, "/me/proof", &[("answer", "correct")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let queue = desk.get("/review?kind=dispute").await;
    assert!(queue.body.contains("id=\"review-empty\""), "{}", queue.body);

    // The trail, oldest first, as the student's history holds it.
    let history = gradphoto_app::review::history::history(s.app.app(), li)
        .await
        .unwrap()
        .unwrap();
    let trail = actions(&history.events);
    let wanted = [
        "photo.accept",
        "proof.answer",
        "frame.rebind",
        "photo.supersede",
        "photo.accept",
        "review.reply",
        "proof.answer",
    ];
    let mut at = 0;
    for w in wanted {
        at += trail[at..]
            .iter()
            .position(|a| *a == w)
            .unwrap_or_else(|| panic!("{w} after {at} in {trail:?}"))
            + 1;
    }
    let rebinds = s.app.audit("frame.rebind").await;
    assert_eq!(rebinds.len(), 2);
    assert!(
        rebinds.iter().all(|e| e.actor == "operator"
            && e.after.as_ref().unwrap()["reason"] == "两人插队互换了照片")
    );
    let confirmed = repo.proofs(li).await.unwrap();
    assert_eq!(
        confirmed[0].photo_id,
        Some(repo.current_photo(li).await.unwrap().unwrap().id)
    );
}

#[tokio::test]
async fn a_retake_gives_a_priority_ticket_at_the_next_check_in() {
    let mut s = setup().await;
    let li = s.app.student_id("2019001").await;
    issue_li_ming(&s).await;
    accept_judged(&s, li, "pass").await;
    let mut desk = s.app.login("operator").await;
    let r = post(
        &mut desk,
        &format!("/review/students/{li}/retake"),
        &[("reason", "照片模糊")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // One waiting request at a time.
    let r = post(
        &mut desk,
        &format!("/review/students/{li}/retake"),
        &[("reason", "再来一次")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("已为该生申请重拍"), "{}", r.body);
    let queue = desk.get("/review?kind=retake").await;
    assert!(queue.body.contains("照片模糊"), "{}", queue.body);
    let mut phone = s.app.login("student").await;
    let home = phone.get("/").await;
    assert!(home.body.contains("id=\"my-retake\""), "{}", home.body);
    assert!(home.body.contains("照片模糊"), "{}", home.body);

    // The next day 王芳 checks in first; 李明 after her is still called first.
    s.app.state.app.clock = Arc::new(FixedClock(s.app.app().now() + Duration::days(1)));
    // Yesterday's sessions have expired.
    s.operator = crate::helpers::api_token(&s.app, "operator").await;
    let mut phone = s.app.login("student").await;
    let mut desk = s.app.login("operator").await;
    issue_wang_fang(&s).await;
    let mut c = s.app.client();
    let r = check_in(
        &mut c,
        &s.operator,
        serde_json::json!({ "credential": li_ming_id() }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ticket = r.json();
    assert_eq!(ticket["ticket"]["seq"], 2, "{ticket}");
    assert_eq!(ticket["ticket"]["priority"], true, "{ticket}");
    let repo = s.app.repo();
    let requests = repo.retake_requests(li).await.unwrap();
    assert!(requests[0].ticket_id.is_some());
    assert_eq!(s.app.audit("retake.ticket").await.len(), 1);
    let home = phone.get("/").await;
    assert!(!home.body.contains("id=\"my-retake\""), "{}", home.body);
    assert!(
        desk.get("/review?kind=retake")
            .await
            .body
            .contains("照片模糊")
    );
    // The station's next call is 李明 (the helper checks whom it called); the photo accepted
    // ends the request's item.
    accept_judged(&s, li, "warn").await;
    let queue = desk.get("/review?kind=retake").await;
    assert!(queue.body.contains("id=\"review-empty\""), "{}", queue.body);
}

#[tokio::test]
async fn a_correction_is_checked_as_an_import_and_audited_before_and_after() {
    let s = setup().await;
    let li = s.app.student_id("2019001").await;
    let mut desk = s.app.login("operator").await;
    let path = format!("/review/students/{li}/correct");
    for (fields, says) in [
        (
            vec![("field", "shoe_size"), ("value", "42")],
            "请选择要更正的信息项",
        ),
        (
            vec![("field", "student_no"), ("value", "1")],
            "请选择要更正的信息项",
        ),
        (
            vec![("field", "id_number"), ("value", "110105200001010017")],
            "校验",
        ),
        (
            vec![("field", "birth_date"), ("value", "2000-13-45")],
            "日期“2000-13-45”无法识别",
        ),
    ] {
        let r = post(&mut desk, &path, &fields).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            r.body
        );
        assert!(r.body.contains(says), "{fields:?}: {}", r.body);
    }
    assert_eq!(s.app.audit("student.update").await.len(), 0);
    let r = post(
        &mut desk,
        &path,
        &[("field", "ethnicity"), ("value", "回族")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let record = s.app.repo().student(li).await.unwrap().unwrap();
    assert_eq!(record.student.record.ethnicity.as_deref(), Some("回族"));
    let audit = s.app.audit("student.update").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].subject, format!("student:{li}"));
    assert_eq!(audit[0].actor, "operator");
    assert!(audit[0].before.as_ref().unwrap()["ethnicity"].is_null());
    assert_eq!(audit[0].after.as_ref().unwrap()["ethnicity"], "回族");
}

#[tokio::test]
async fn an_override_takes_a_failed_photo_out_of_the_queue_and_keeps_the_verdict() {
    let s = setup().await;
    let li = s.app.student_id("2019001").await;
    issue_li_ming(&s).await;
    let frame = accept_judged(&s, li, "fail").await;
    let mut desk = s.app.login("operator").await;
    let queue = desk.get("/review?kind=verdict").await;
    assert!(queue.body.contains("2019001 李明"), "{}", queue.body);
    let page = desk.get(&format!("/frames/{frame}")).await;
    assert!(page.body.contains("id=\"override-form\""), "{}", page.body);
    let path = format!("/review/frames/{frame}/override");
    let r = post(&mut desk, &path, &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = post(
        &mut desk,
        &path,
        &[("reason", "肩部阴影是衣服颜色，人工复核合格")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let queue = desk.get("/review?kind=verdict").await;
    assert!(!queue.body.contains("2019001 李明"), "{}", queue.body);
    let page = desk.get(&format!("/frames/{frame}")).await;
    assert!(page.body.contains("肩部阴影是衣服颜色"), "{}", page.body);
    assert!(!page.body.contains("id=\"override-form\""));
    let verdict = s.app.repo().frame_verdict(frame).await.unwrap().unwrap();
    assert_eq!(
        verdict.verdict.overall, "fail",
        "the verdict is never edited"
    );
    let audit = s.app.audit("verdict.override").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].before.as_ref().unwrap()["overall"][0], "fail");
}

#[tokio::test]
async fn only_operators_and_admins_reach_the_review_and_bad_input_writes_nothing() {
    let s = setup().await;
    let li = s.app.student_id("2019001").await;
    let posts = [
        format!("/review/students/{li}/reply"),
        format!("/review/students/{li}/retake"),
        format!("/review/students/{li}/correct"),
        "/review/frames/1/rebind".to_owned(),
        "/review/frames/1/override".to_owned(),
    ];
    let mut anonymous = s.app.client();
    for path in ["/review".to_owned(), format!("/review/students/{li}")] {
        let r = anonymous.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/login"));
    }
    for path in &posts {
        let r = anonymous
            .post_form(path, &[("reason", "x"), ("body", "x")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
    }
    for login in ["student", "lead", "secretary", "screen"] {
        let mut c = s.app.login(login).await;
        for path in ["/review".to_owned(), format!("/review/students/{li}")] {
            assert_eq!(
                c.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{login} {path}"
            );
        }
        for path in &posts {
            let r = c
                .post_form(path, &[("_csrf", "x"), ("reason", "x"), ("body", "x")])
                .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{login} {path}: {}",
                r.body
            );
        }
    }
    let mut admin = s.app.login("admin").await;
    assert_eq!(admin.get("/review").await.status, StatusCode::OK);
    let page = admin.get(&format!("/review/students/{li}")).await;
    assert!(page.body.contains(&li_ming_id()), "the admin sees it whole");
    for (path, status, says) in [
        (
            "/review?kind=shoes",
            StatusCode::BAD_REQUEST,
            "未知的问题类别",
        ),
        ("/review?college=abc", StatusCode::BAD_REQUEST, "学院编号"),
        (
            "/review/students/99999",
            StatusCode::NOT_FOUND,
            "没有编号为 99999 的学生",
        ),
        (
            "/review/students/abc",
            StatusCode::NOT_FOUND,
            "没有编号为 abc 的学生",
        ),
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert!(r.body.contains(says), "{path}: {}", r.body);
    }
    let r = post(
        &mut admin,
        &format!("/review/students/{li}/reply"),
        &[("body", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("请填写回复"), "{}", r.body);
    let r = post(
        &mut admin,
        "/review/frames/99999/override",
        &[("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = post(
        &mut admin,
        "/review/frames/99999/rebind",
        &[("student_no", "2019001"), ("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = post(
        &mut admin,
        &format!("/review/students/{li}/retake"),
        &[("reason", "  ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("请填写原因"), "{}", r.body);
    let r = post(
        &mut admin,
        "/review/students/99999/reply",
        &[("body", "你好")],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A wrong form token is refused before anything is read.
    let r = admin
        .post_form(
            &format!("/review/students/{li}/reply"),
            &[("_csrf", "forged"), ("body", "hi")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let repo = s.app.repo();
    assert!(repo.replies(li).await.unwrap().is_empty());
    assert!(repo.retake_requests(li).await.unwrap().is_empty());
}
