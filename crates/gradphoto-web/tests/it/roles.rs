//! What each role may see: students only themselves, college roles only their colleges.

use axum::http::{Method, StatusCode};

use crate::helpers::{COLLEGE_A, COLLEGE_B, api_token, id_number, spawn_with_roster};

#[tokio::test]
async fn a_student_may_not_open_the_roster() {
    let app = spawn_with_roster().await;
    let mut c = app.login("student").await;
    let r = c.get("/students").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("您没有权限"), "{}", r.body);

    let token = api_token(&app, "student").await;
    let r = c
        .api(Method::GET, "/api/v1/students", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let err = &r.json()["error"];
    assert_eq!(err["code"], "forbidden");
    assert!(err["message_zh"].as_str().unwrap().contains("仅限"));
    assert!(err["message_en"].as_str().unwrap().contains("only for"));
}

#[tokio::test]
async fn a_student_sees_their_own_record_and_nobody_else_s() {
    let app = spawn_with_roster().await;
    let mut c = app.login("student").await;
    let home = c.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("我的信息"));
    assert!(home.body.contains("李明"));
    let id = id_number("11010520000101001");
    let masked = format!("{}**********{}", &id[..4], &id[14..]);
    assert!(
        home.body.contains(&format!("<td>{masked}</td>")),
        "their ID number masked in the record: {}",
        home.body
    );
    assert!(
        home.body.contains(&format!("<p id=\"full-id\">{id}</p>")),
        "and in full behind the reveal"
    );
    assert!(
        !home.body.contains("href=\"/students\""),
        "no roster in the nav"
    );

    let me = app.student_id("2019001").await;
    let other = app.student_id("2019002").await;
    assert_eq!(
        c.get(&format!("/students/{me}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        c.get(&format!("/students/{other}")).await.status,
        StatusCode::FORBIDDEN
    );
    let token = api_token(&app, "student").await;
    let r = c
        .api(
            Method::GET,
            &format!("/api/v1/students/{other}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_college_lead_sees_only_their_colleges() {
    let app = spawn_with_roster().await;
    let mut c = app.login("lead").await;
    let list = c.get("/students").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("李明") && list.body.contains("王芳"));
    assert!(!list.body.contains("赵强"), "another college's student");
    assert!(list.body.contains("共 2 名学生"));
    // Asking for the other college by id finds nothing either.
    let b = app.college_id(COLLEGE_B).await;
    let r = c.get(&format!("/students?college={b}")).await;
    assert!(!r.body.contains("赵强"));

    let overview = c.get("/").await;
    assert!(overview.body.contains(COLLEGE_A));
    assert!(!overview.body.contains(COLLEGE_B));

    let outsider = app.student_id("2019101").await;
    let r = c.get(&format!("/students/{outsider}")).await;
    assert!(
        matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        r.status
    );

    let token = api_token(&app, "lead").await;
    let r = c
        .api(Method::GET, "/api/v1/students", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.json();
    assert_eq!(page["total"], 2);
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"赵强"), "{names:?}");
    let r = c
        .api(
            Method::GET,
            &format!("/api/v1/students/{outsider}"),
            Some(&token),
            None,
        )
        .await;
    assert!(matches!(
        r.status,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));

    let r = c
        .api(Method::GET, "/api/v1/campaign", Some(&token), None)
        .await;
    let colleges = r.json()["colleges"].as_array().unwrap().clone();
    assert_eq!(colleges.len(), 1);
    assert_eq!(colleges[0]["name"], COLLEGE_A);
    assert_eq!(colleges[0]["students"], 2);
}

#[tokio::test]
async fn id_numbers_are_masked_except_for_admins() {
    let app = spawn_with_roster().await;
    let full = id_number("11010520000101001");
    let masked = format!("1101**********{}", &full[14..]);

    let mut c = app.login("operator").await;
    let list = c.get("/students").await;
    assert!(list.body.contains(&masked), "{}", list.body);
    assert!(!list.body.contains(&full));

    let op = api_token(&app, "operator").await;
    let r = c
        .api(Method::GET, "/api/v1/students?q=2019001", Some(&op), None)
        .await;
    assert_eq!(r.json()["items"][0]["id_number"], masked.as_str());
    assert_eq!(r.json()["items"][0]["id_number_masked"], true);

    let admin = api_token(&app, "admin").await;
    let r = c
        .api(
            Method::GET,
            "/api/v1/students?q=2019001",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.json()["items"][0]["id_number"], full.as_str());
}

#[tokio::test]
async fn only_admins_import() {
    let app = spawn_with_roster().await;
    for login in ["operator", "lead", "student"] {
        let mut c = app.login(login).await;
        let r = c.get("/import").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        let token = api_token(&app, login).await;
        let r = c
            .api(Method::POST, "/api/v1/imports", Some(&token), None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
    }
}

#[tokio::test]
async fn search_and_pages() {
    let app = spawn_with_roster().await;
    let mut c = app.login("admin").await;
    let r = c.get("/students?q=%E7%8E%8B").await; // 王
    assert!(r.body.contains("王芳") && !r.body.contains("李明"));
    let r = c.get("/students?class=190211").await;
    assert!(r.body.contains("赵强") && !r.body.contains("王芳"));

    let token = api_token(&app, "admin").await;
    let r = c
        .api(Method::GET, "/api/v1/students?limit=2", Some(&token), None)
        .await;
    let page = r.json();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let r = c
        .api(
            Method::GET,
            "/api/v1/students?limit=2&offset=2",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 1);

    // Empty parameters are absent ones; a malformed one is a clear 400.
    let r = c
        .api(
            Method::GET,
            "/api/v1/students?q=&college_id=&class=&offset=&limit=",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["total"], 3);
    let r = c
        .api(
            Method::GET,
            "/api/v1/students?limit=ten",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_request");
}
