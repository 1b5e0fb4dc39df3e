//! Published versions: the office moves two classes on the timetable page and publishes
//! again; version 2's page and PDF list the change lines ("班级 190111：3月1日 9:00 → 3月1日
//! 10:00"), read back from the PDF with poppler; a college lead sees only the changes of
//! their college; nothing unchanged is published twice.

use axum::http::{Method, StatusCode, header};

use crate::helpers::{Client, api_token};
use crate::timetable_support::{pdf_text, squeeze, with_timetable};
use crate::venue::Setup;

/// 190111 (college A) at 9:00 and 190211 (college B) at 10:00 on 1 March.
const TIMETABLE: &str = "2023.03.01上午\n上午9:00—10:00\n190111\n上午10:00—11:00\n190211\n";
const A_LINE: &str = "班级 190111：3月1日 9:00 → 3月1日 10:00";
const B_LINE: &str = "班级 190211：3月1日 10:00 → 3月1日 9:00";

/// Moves a class through the timetable page's form, as the admin.
async fn move_class(c: &mut Client, s: &Setup, class: &str, start: &str) {
    let page = c.get("/timetable").await;
    assert_eq!(page.status, StatusCode::OK);
    let slot = format!("{}|2023-03-01|{start}", s.place.venue.id);
    assert!(page.body.contains(&slot), "{}", page.body);
    let r = c
        .post_form(
            "/timetable/move",
            &[
                ("_csrf", &page.csrf_field()),
                ("class", class),
                ("slot", &slot),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// Version 1 published; the two classes swapped on the page and version 2 published there.
async fn two_versions() -> (Setup, Client) {
    let s = with_timetable(TIMETABLE).await;
    let mut admin = s.app.login("admin").await;
    move_class(&mut admin, &s, "190111", "10:00").await;
    move_class(&mut admin, &s, "190211", "9:00").await;
    let csrf = admin.get("/timetable").await.csrf_field();
    let r = admin
        .post_form("/timetable/publish", &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/timetable/versions/2");
    (s, admin)
}

#[tokio::test]
async fn version_two_lists_its_changes_on_the_page_and_in_the_pdf() {
    let (s, mut admin) = two_versions().await;
    let page = admin.get("/timetable/versions/2").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in [
        A_LINE,
        B_LINE,
        "与第 1 版相比的变更",
        "第 2 版",
        "2023.3.1上午",
    ] {
        assert!(page.body.contains(text), "{text} missing: {}", page.body);
    }
    assert!(page.body.contains("上午10:00—11:00"));
    assert!(page.body.contains("请提前 15 分钟到达，不得提前、滞后"));
    // Version 1 is still there as it was, and says a newer one exists.
    let v1 = admin.get("/timetable/versions/1").await;
    assert!(v1.body.contains("这是第一版"));
    assert!(v1.body.contains(r#"href="/timetable/versions/2""#));
    // The list of versions, newest first.
    let list = admin.get("/timetable").await;
    let (two, one) = (
        list.body.find("/timetable/versions/2\"").unwrap(),
        list.body.find("/timetable/versions/1\"").unwrap(),
    );
    assert!(two < one);

    let pdf = admin.get("/timetable/versions/2/pdf").await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = pdf.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.contains("filename=\"timetable-v2.pdf\"")
            && disposition.contains("filename*=UTF-8''"),
        "{disposition}"
    );
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf.bytes);
    for wanted in [
        "190111",
        "190211",
        A_LINE,
        B_LINE,
        "第2版",
        "照相日期",
        "大学生事务中心",
    ] {
        assert!(
            text.contains(&squeeze(wanted)),
            "{wanted} missing from:\n{text}"
        );
    }

    // Publishing again with nothing changed is refused, and makes no version 3.
    let csrf = admin.get("/timetable").await.csrf_field();
    let again = admin
        .post_form("/timetable/publish", &[("_csrf", &csrf)])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("无需发布新版本"), "{}", again.body);
    assert_eq!(
        admin.get("/timetable/versions/3").await.status,
        StatusCode::NOT_FOUND
    );
    let _ = s;
}

#[tokio::test]
async fn a_lead_sees_the_changes_of_their_college_only() {
    let (s, _) = two_versions().await;
    let mut lead = s.app.login("lead").await;
    let page = lead.get("/timetable/versions/2").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(A_LINE), "{}", page.body);
    assert!(
        !page.body.contains(B_LINE),
        "college B's change is not theirs"
    );
    // The whole table is there (the notice is the same for everyone), their class marked.
    assert!(page.body.contains("190211"));
    assert!(page.body.contains("<mark>190111</mark>"));
    let pdf = lead.get("/timetable/versions/2/pdf").await;
    let text = pdf_text(&pdf.bytes);
    assert!(
        text.contains(&squeeze(A_LINE)) && !text.contains(&squeeze(B_LINE)),
        "{text}"
    );

    // The timetable page shows a lead only what is published: no working timetable, no forms.
    let list = lead.get("/timetable").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("/timetable/publish") && !list.body.contains("/timetable/import"));
    assert!(!list.body.contains("工作时间表"));
    let csrf = list.csrf_field();
    let r = lead
        .post_form("/timetable/publish", &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The API says the same.
    let token = api_token(&s.app, "lead").await;
    let r = s
        .app
        .client()
        .api(Method::GET, "/api/v1/timetable", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["number"], 2);
    assert_eq!(v["previous"], 1);
    assert_eq!(v["slots"].as_array().unwrap().len(), 2);
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{v}");
    assert_eq!(changes[0]["changes"][0]["line"], A_LINE);
    assert_eq!(changes[0]["changes"][0]["to"]["start"], "10:00");

    // A student may not read the notices.
    let mut student = s.app.login("student").await;
    assert_eq!(
        student.get("/timetable/versions/2").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_timetable_is_imported_through_the_page_after_a_check() {
    let s = crate::venue::setup().await;
    let mut admin = s.app.login("admin").await;
    let page = admin.get("/timetable").await;
    let csrf = page.csrf_field();
    // No shooting days yet: set them on the page.
    let r = admin
        .post_form(
            "/timetable/days",
            &[("_csrf", &csrf), ("days", "2023-03-01, 2023-03-02")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let venue = s.place.venue.id.to_string();
    let upload = |text: &'static str| crate::helpers::FilePart {
        name: "file",
        file_name: "附件一.txt",
        bytes: text.as_bytes(),
    };
    // A class not on the roster, on line 3: shown, nothing written.
    let bad = admin
        .post_multipart(
            "/timetable/import",
            &[("_csrf", &csrf), ("venue", &venue)],
            Some(upload("2023.03.01上午\n上午9:00—10:00\n190111、999999\n")),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains("第 3 行") && bad.body.contains("999999"),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("/confirm"));
    // A good file is checked first, then written on confirmation.
    let good = admin
        .post_multipart(
            "/timetable/import",
            &[("_csrf", &csrf), ("venue", &venue)],
            Some(upload(TIMETABLE)),
        )
        .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
    assert!(
        good.body.contains("读到 2 个时段，2 个班级"),
        "{}",
        good.body
    );
    assert!(
        s.app
            .repo()
            .slots(s.place.venue.id)
            .await
            .unwrap()
            .is_empty(),
        "a dry run"
    );
    let start = good.body.find("/timetable/import/").unwrap();
    let action = &good.body[start..start + good.body[start..].find('"').unwrap()];
    let done = admin.post_form(action, &[("_csrf", &csrf)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("时间安排已导入"));
    assert_eq!(s.app.repo().slots(s.place.venue.id).await.unwrap().len(), 2);
    // The same confirmation cannot be used twice.
    let twice = admin.post_form(action, &[("_csrf", &csrf)]).await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    // The working timetable is on the page.
    let page = admin.get("/timetable").await;
    assert!(page.body.contains("3月1日 10:00-11:00"), "{}", page.body);
}
