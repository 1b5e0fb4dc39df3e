//! Due now at the desk: a check-in says whether the student's class is due by the published
//! timetable — on time, early, late, no slot — and the campaign's policy warns or refuses; an
//! operator's override is audited. The test clock reads 2023-03-01 16:00 in China.

use axum::http::StatusCode;
use chrono::NaiveDate;
use gradphoto_app::timetable::{import_timetable, publish, set_days, set_policy};
use gradphoto_domain::timetable::{OutsideSlot, Policy};
use gradphoto_store::Actor;

use crate::venue::{Setup, check_in, li_ming_id, setup};

/// 李明 and 王芳's class 190111 is on now (15:30-16:30), 赵强's 190211 tomorrow morning.
const TIMETABLE: &str =
    "2023.03.01下午\n下午15:30—16:30\n190111\n2023.03.02上午\n上午9:00—10:00\n190211\n";

async fn with_timetable(text: &str, policy: Policy) -> Setup {
    let s = setup().await;
    let app = s.app.app();
    let actor = Actor::system("test");
    let campaign = s.app.campaign.id;
    let days = [
        NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(2023, 3, 2).unwrap(),
    ];
    set_days(app, campaign, &days, &actor).await.unwrap();
    set_policy(app, campaign, &policy, &actor).await.unwrap();
    let report = import_timetable(
        app,
        campaign,
        &s.place.venue,
        text.as_bytes(),
        "t.txt",
        false,
        &actor,
    )
    .await
    .unwrap();
    assert!(report.applied, "{:?}", report.problems);
    publish(app, campaign, &actor).await.unwrap();
    s
}

async fn desk(s: &Setup, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    let r = check_in(&mut s.app.client(), &s.operator, body).await;
    (r.status, r.json())
}

#[tokio::test]
async fn before_a_timetable_is_published_every_class_is_due() {
    let s = setup().await;
    let (status, body) = desk(&s, serde_json::json!({ "credential": li_ming_id() })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(body["due"].is_null());
    assert!(body["slot_warning_zh"].is_null());
}

#[tokio::test]
async fn on_time_and_early_under_a_warning_policy() {
    let s = with_timetable(TIMETABLE, Policy::default()).await;
    let (status, body) = desk(&s, serde_json::json!({ "credential": li_ming_id() })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["due"], "on_time");
    assert_eq!(body["slot_zh"], "3月1日 15:30-16:30");
    assert!(body["slot_warning_zh"].is_null());

    // 赵强 comes a day early: he gets a number, and the desk says large when to come.
    let (status, body) = desk(&s, serde_json::json!({ "credential": "2019101" })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["due"], "early");
    assert_eq!(
        body["slot_warning_zh"],
        "您班级的拍摄时段是 3月2日 9:00-10:00，请届时再来"
    );
    assert!(body["message_zh"].as_str().unwrap().contains("请届时再来"));
    let noted = s.app.audit("checkin.outside_slot").await;
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0].after.as_ref().unwrap()["due"], "early");
}

#[tokio::test]
async fn refused_until_an_operator_overrides_with_a_reason() {
    let refuse = Policy {
        outside: OutsideSlot::Refuse,
        ..Policy::default()
    };
    let s = with_timetable(TIMETABLE, refuse).await;
    let (status, body) = desk(&s, serde_json::json!({ "credential": "2019101" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["outcome"], "not_due");
    assert_eq!(body["due"], "early");
    assert!(body["ticket"].is_null());
    assert!(body["message_zh"].as_str().unwrap().contains("填写原因"));
    let day = gradphoto_domain::venue::shooting_day(s.app.app().now());
    let board = s.app.repo().board(s.place.venue.id, day).await.unwrap();
    assert_eq!(board.waiting, 0, "no number was used up");

    // A reader device cannot override; an empty reason is refused; a reason lets him through.
    let device = s.app.add_device(&s.place.venue, "读卡器").await;
    let r = check_in(
        &mut s.app.client(),
        &device,
        serde_json::json!({ "certNumber": crate::helpers::id_number("44052420000303003"), "slot_override_reason": "x" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let (status, _) = desk(
        &s,
        serde_json::json!({ "credential": "2019101", "slot_override_reason": "  " }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = desk(
        &s,
        serde_json::json!({ "credential": "2019101", "slot_override_reason": "学院统一调整时间" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["ticket"]["seq"], 1);
    let overridden = s.app.audit("checkin.outside_slot_overridden").await;
    assert_eq!(overridden.len(), 1);
    assert_eq!(overridden[0].actor, "operator");
    assert_eq!(
        overridden[0].after.as_ref().unwrap()["reason"],
        "学院统一调整时间"
    );
    assert_eq!(
        overridden[0].after.as_ref().unwrap()["slot"],
        "3月2日 9:00-10:00"
    );

    // Once he holds today's ticket, checking in again gives it back without a refusal.
    let (status, body) = desk(&s, serde_json::json!({ "credential": "2019101" })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["outcome"], "existing");
}

#[tokio::test]
async fn late_and_no_slot() {
    // 190111's slot ended at 10:00 this morning; 190211 is in no slot.
    let s = with_timetable(
        "2023.03.01上午\n上午9:00—10:00\n190111\n",
        Policy::default(),
    )
    .await;
    let (_, body) = desk(&s, serde_json::json!({ "credential": li_ming_id() })).await;
    assert_eq!(body["due"], "late");
    assert!(body["slot_warning_zh"].as_str().unwrap().contains("已过"));
    let (_, body) = desk(&s, serde_json::json!({ "credential": "2019101" })).await;
    assert_eq!(body["due"], "no_slot");
    assert!(body["slot_zh"].is_null());
    assert!(body["slot_warning_zh"].as_str().unwrap().contains("190211"));
}
