//! Before any campaign exists: the pages say so, and an admin can create one.

use axum::http::{Method, StatusCode};

use crate::helpers::{api_token, spawn_without_campaign};

#[tokio::test]
async fn without_a_campaign_the_admin_is_told_how_to_make_one() {
    let app = spawn_without_campaign().await;
    let mut op = app.login("operator").await;
    let home = op.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("尚未创建采集活动"), "{}", home.body);
    assert!(
        !home.body.contains("action=\"/campaign\""),
        "only admins get the form"
    );
    let r = op.get("/students").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("gradphoto campaign create"), "{}", r.body);
    let token = api_token(&app, "operator").await;
    let r = op
        .api(Method::GET, "/api/v1/campaign", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "no_campaign");

    let mut admin = app.login("admin").await;
    let home = admin.get("/").await;
    assert!(
        home.body.contains("gradphoto campaign create"),
        "{}",
        home.body
    );
    assert!(home.body.contains("action=\"/campaign\""));
    let csrf = home.csrf_field();
    // An impossible fee is refused with its reason.
    let r = admin
        .post_form(
            "/campaign",
            &[("_csrf", &csrf), ("cohort", "2023"), ("fee_yuan", "15.555")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("15.555"), "{}", r.body);
    let r = admin
        .post_form(
            "/campaign",
            &[
                ("_csrf", &csrf),
                ("cohort", "2023"),
                ("title", ""),
                ("fee_yuan", "20.5"),
                ("prints", "6"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = admin.get("/").await;
    assert!(
        home.body.contains("2023届毕业生图像信息采集"),
        "{}",
        home.body
    );
    assert!(home.body.contains("20.50 元/人"));
    assert!(home.body.contains("每人 6 张"));
}
