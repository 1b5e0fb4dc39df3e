//! The classes on the day: a college lead sees only their colleges' classes with the slot of
//! the published timetable and counts that move when a student checks in and when a photo is
//! accepted; the students of ended slots who never came, on the page, in the API and as an
//! XLSX that reads back; a student sees their own slot. The clock reads 2023-03-01 16:00.

use axum::http::{Method, StatusCode, header};
use gradphoto_domain::roster::Cell;
use gradphoto_sheet::{Limits, read_table};

use crate::helpers::api_token;
use crate::timetable_support::{accept_photo, with_timetable};
use crate::venue::{Setup, check_in, issue_li_ming};

/// 190111 (college A: 李明, 王芳) was shot this morning, 9:00-10:00, and is over; 190211
/// (college B: 赵强) is on now.
const TIMETABLE: &str =
    "2023.03.01上午\n上午9:00—10:00\n190111\n2023.03.01下午\n下午15:30—16:30\n190211\n";

async fn classes(s: &Setup, token: &str) -> serde_json::Value {
    let r = s
        .app
        .client()
        .api(Method::GET, "/api/v1/timetable/classes", Some(token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn counts(class: &serde_json::Value) -> [i64; 4] {
    ["expected", "checked_in", "photographed", "not_come"].map(|k| class[k].as_i64().unwrap())
}

fn names(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_lead_sees_their_classes_and_the_counts_move() {
    let s = with_timetable(TIMETABLE).await;
    let lead = api_token(&s.app, "lead").await;

    let view = classes(&s, &lead).await;
    assert_eq!(view["version"], 1);
    let list = view["classes"].as_array().unwrap();
    assert_eq!(list.len(), 1, "only college A's class: {view}");
    let class = &list[0];
    assert_eq!(class["code"], "190111");
    assert_eq!(class["slot"]["time"]["label_zh"], "3月1日 9:00-10:00");
    assert_eq!(class["slot"]["venue_name"], "大学生事务中心");
    assert_eq!(class["slot"]["stage"], "ended");
    assert_eq!(counts(class), [2, 0, 0, 2]);
    assert_eq!(names(&view["not_come"]), ["李明", "王芳"]);

    // The office sees both colleges; 190211's slot is on now, so its student is not missing.
    let admin = api_token(&s.app, "admin").await;
    let all = classes(&s, &admin).await;
    let codes: Vec<&str> = all["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["190111", "190211"]);
    assert_eq!(all["classes"][1]["slot"]["stage"], "now");
    assert_eq!(all["totals"]["expected"], 3);

    // 李明 checks in late, then is photographed.
    issue_li_ming(&s).await;
    let view = classes(&s, &lead).await;
    assert_eq!(counts(&view["classes"][0]), [2, 1, 0, 1]);
    assert_eq!(names(&view["not_come"]), ["王芳"]);
    let li = s.app.student_id("2019001").await;
    accept_photo(&s, li).await;
    let view = classes(&s, &lead).await;
    assert_eq!(counts(&view["classes"][0]), [2, 1, 1, 1]);
    assert_eq!(view["totals"]["photographed"], 1);

    // 赵强 (college B) checking in changes nothing the lead sees, and the office's list of
    // students not come holds only 王芳.
    let r = check_in(
        &mut s.app.client(),
        &s.operator,
        serde_json::json!({ "credential": "2019101" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        counts(&classes(&s, &lead).await["classes"][0]),
        [2, 1, 1, 1]
    );
    let all = classes(&s, &admin).await;
    assert_eq!(counts(&all["classes"][1]), [1, 1, 0, 0]);
    assert_eq!(names(&all["not_come"]), ["王芳"]);

    // The page shows the same, and nothing of college B.
    let mut c = s.app.login("lead").await;
    let page = c.get("/classes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("190111"), "{}", page.body);
    assert!(page.body.contains("3月1日 9:00-10:00"));
    assert!(page.body.contains("王芳"));
    assert!(!page.body.contains("190211") && !page.body.contains("赵强"));
    assert!(page.body.contains(r#"data-count="checked_in">1<"#));
    assert!(page.body.contains("/static/classes.js"));
    assert!(
        page.body.contains(r#"href="/classes""#),
        "the nav links the page"
    );
}

#[tokio::test]
async fn the_students_not_come_export_as_xlsx() {
    let s = with_timetable(TIMETABLE).await;
    issue_li_ming(&s).await;
    let mut c = s.app.login("lead").await;
    let r = c.get("/classes/not-come.xlsx").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    // 未到学生-2023-03-01.xlsx
    assert!(
        disposition.starts_with("attachment;")
            && disposition
                .contains("filename*=UTF-8''%E6%9C%AA%E5%88%B0%E5%AD%A6%E7%94%9F-2023-03-01.xlsx"),
        "{disposition}"
    );
    let table = read_table(&r.bytes, "not-come.xlsx", &Limits::default()).unwrap();
    let text = |row: usize| -> Vec<String> {
        table.rows[row]
            .cells
            .iter()
            .map(|c| match c {
                Cell::Text(s) => s.clone(),
                other => panic!("not text: {other:?}"),
            })
            .collect()
    };
    assert_eq!(table.rows.len(), 2, "the header and 王芳: {table:?}");
    assert_eq!(
        text(0),
        ["学号", "姓名", "班级", "学院", "拍摄时段", "拍摄地点"]
    );
    assert_eq!(
        text(1),
        [
            "2019002",
            "王芳",
            "190111",
            crate::helpers::COLLEGE_A,
            "3月1日 9:00-10:00",
            "大学生事务中心"
        ]
    );
}

#[tokio::test]
async fn students_and_screens_are_kept_out_and_a_student_sees_their_slot() {
    let s = with_timetable(TIMETABLE).await;
    let mut student = s.app.login("student").await;
    for path in ["/classes", "/classes/not-come.xlsx", "/classes/events"] {
        assert_eq!(
            student.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let token = api_token(&s.app, "student").await;
    let r = s
        .app
        .client()
        .api(Method::GET, "/api/v1/timetable/classes", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = s
        .app
        .client()
        .api(
            Method::GET,
            "/api/v1/timetable/classes",
            Some(&api_token(&s.app, "screen").await),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // 李明's own page says when and where.
    let home = student.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("3月1日 9:00-10:00 · 大学生事务中心"),
        "{}",
        home.body
    );
    assert!(home.body.contains("请提前 15 分钟到达"));
}

#[tokio::test]
async fn before_publication_a_student_is_told_so() {
    let s = crate::venue::setup().await;
    let mut student = s.app.login("student").await;
    let home = student.get("/").await;
    assert!(home.body.contains("尚未发布拍摄时间"), "{}", home.body);
    // The class page works, with no slots yet.
    let mut lead = s.app.login("lead").await;
    let page = lead.get("/classes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("尚未发布拍摄时间安排"));
    assert!(page.body.contains("190111"));
}
