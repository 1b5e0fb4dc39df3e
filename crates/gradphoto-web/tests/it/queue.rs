//! The queue from the stations: their actions through the API and through the page's forms
//! (with CSRF), the board's JSON, and who may open what.

use axum::http::{Method, StatusCode};

use crate::helpers::{api_token, hidden_value};
use crate::venue::{Setup, check_in, issue_li_ming, setup, station_act};

/// Checks in the three students of the roster: numbers 1 (李明), 2 (王芳), 3 (赵强).
async fn three_waiting(s: &Setup) -> Vec<i64> {
    let mut c = s.app.client();
    let mut ids = Vec::new();
    for no in ["2019001", "2019002", "2019101"] {
        let r = check_in(&mut c, &s.operator, serde_json::json!({"credential": no})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["ticket"]["id"].as_i64().unwrap());
    }
    ids
}

async fn board(s: &Setup, token: &str) -> serde_json::Value {
    let r = s
        .app
        .client()
        .api(
            Method::GET,
            &format!("/api/v1/venues/{}/board", s.place.venue.id),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn stations_work_the_queue_through_the_api() {
    let s = setup().await;
    let ids = three_waiting(&s).await;
    let r = station_act(&s, 0, serde_json::json!({"action": "call_next"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let called = &r.json()["called"];
    assert_eq!(called["seq"], 1);
    // The station sees the whole name (to confirm the person), the ID number masked.
    assert_eq!(called["student"]["name"], "李明");
    assert_eq!(called["student"]["student_no"], "2019001");
    assert!(
        called["student"]["id_number_masked"]
            .as_str()
            .unwrap()
            .contains("****")
    );

    let r = station_act(&s, 0, serde_json::json!({"action": "call_next"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "busy: {}",
        r.body
    );
    assert!(
        r.json()["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("正在拍摄 1 号")
    );

    let r = station_act(&s, 1, serde_json::json!({"action": "call_next"})).await;
    assert_eq!(r.json()["called"]["seq"], 2);
    // Finishing with the wrong ticket named is refused: the page was out of date.
    let r = station_act(
        &s,
        1,
        serde_json::json!({"action": "finish", "ticket_id": ids[0]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "ticket_id");
    let r = station_act(
        &s,
        1,
        serde_json::json!({"action": "skip", "ticket_id": ids[1]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["called"].is_null());
    let r = station_act(&s, 0, serde_json::json!({"action": "finish"})).await;
    assert!(r.json()["called"].is_null());

    let b = board(&s, &s.operator).await;
    assert_eq!(b["waiting"], 1);
    assert_eq!(b["done"], 1);
    assert_eq!(b["skipped"][0]["seq"], 2);
    assert_eq!(b["next"][0]["seq"], 3);
    assert_eq!(b["next"][0]["masked_name"], "赵*");

    // Out of order needs a reason; recall brings the skipped one back; retake puts 1 first.
    let r = station_act(
        &s,
        0,
        serde_json::json!({"action": "call_out_of_order", "ticket_id": ids[2]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["field"], "reason");
    let r = station_act(
        &s,
        0,
        serde_json::json!({"action": "call_out_of_order", "ticket_id": ids[2], "reason": "行动不便"}),
    )
    .await;
    assert_eq!(r.json()["called"]["seq"], 3, "{}", r.body);
    let r = station_act(
        &s,
        1,
        serde_json::json!({"action": "recall", "ticket_id": ids[1]}),
    )
    .await;
    assert_eq!(r.json()["called"]["seq"], 2, "{}", r.body);
    let r = station_act(
        &s,
        2,
        serde_json::json!({"action": "retake", "ticket_id": ids[0]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = board(&s, &s.operator).await;
    assert_eq!(b["next"][0]["seq"], 1);
    assert_eq!(b["next"][0]["priority"], true);
    let stations = b["stations"].as_array().unwrap();
    assert_eq!(stations[0]["current"]["seq"], 3);
    assert_eq!(stations[1]["current"]["seq"], 2);
    assert!(stations[2]["current"].is_null());

    for action in [
        "queue.call_next",
        "queue.skip",
        "queue.finish",
        "queue.call_out_of_order",
        "queue.recall",
        "queue.retake",
    ] {
        assert!(!s.app.audit(action).await.is_empty(), "{action} audited");
    }
    let out = &s.app.audit("queue.call_out_of_order").await[0];
    assert_eq!(out.after.as_ref().unwrap()["reason"], "行动不便");

    let r = station_act(&s, 0, serde_json::json!({"action": "dance"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = station_act(&s, 0, serde_json::json!({"action": "recall"})).await;
    assert_eq!(r.json()["error"]["field"], "ticket_id");
}

#[tokio::test]
async fn stations_work_the_queue_through_the_page() {
    let s = setup().await;
    let ids = three_waiting(&s).await;
    let station = s.place.stations[0].id;
    let page = format!("/stations/{station}");
    let actions = format!("/stations/{station}/actions");
    let mut c = s.app.login("operator").await;

    let r = c.get("/stations").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("href=\"{page}\"")) && r.body.contains("1号机位"));

    let r = c.get(&page).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("叫下一位") && r.body.contains("等候 3 人"));
    let csrf = r.csrf_field();

    // Without the token nothing happens.
    let r = c.post_form(&actions, &[("action", "call_next")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post_form(&actions, &[("_csrf", "forged"), ("action", "call_next")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(s.app.audit("queue.call_next").await.is_empty());

    let r = c
        .post_form(&actions, &[("_csrf", &csrf), ("action", "call_next")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), page);
    let r = c.get(&page).await;
    // The identity panel: number, whole name, class, 学号, masked ID number.
    assert!(r.body.contains("id=\"called-seq\">1<"), "{}", r.body);
    assert!(r.body.contains("李明") && r.body.contains("2019001") && r.body.contains("190111"));
    assert!(r.body.contains("1101**********"));
    assert!(r.body.contains("无证件照片"));
    assert_eq!(
        hidden_value(&r.body, "ticket_id").as_deref(),
        Some(ids[0].to_string().as_str())
    );

    // A refusal shows on the station page itself.
    let r = c
        .post_form(
            &actions,
            &[
                ("_csrf", &csrf),
                ("action", "recall"),
                ("ticket_id", &ids[1].to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("notice error") && r.body.contains("正在拍摄 1 号"),
        "{}",
        r.body
    );

    let first = ids[0].to_string();
    let r = c
        .post_form(
            &actions,
            &[
                ("_csrf", &csrf),
                ("action", "finish"),
                ("ticket_id", &first),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{page}?done={first}"));
    let r = c.get(r.location()).await;
    assert!(r.body.contains("重拍第 1 号"), "{}", r.body);

    let r = c
        .post_form(&actions, &[("_csrf", &csrf), ("action", "call_next")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = ids[1].to_string();
    c.post_form(
        &actions,
        &[("_csrf", &csrf), ("action", "skip"), ("ticket_id", &second)],
    )
    .await;
    let r = c.get(&page).await;
    assert!(r.body.contains("过号名单") && r.body.contains("重新叫号"));

    // Out of order by the student's credential, with a reason.
    let r = c
        .post_form(
            &actions,
            &[
                ("_csrf", &csrf),
                ("action", "call_out_of_order"),
                ("credential", "2019101"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .post_form(
            &actions,
            &[
                ("_csrf", &csrf),
                ("action", "call_out_of_order"),
                ("credential", "2019101"),
                ("reason", "老师带队"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c.get(&page).await;
    assert!(r.body.contains("赵强"));

    // Retake by credential: the finished number goes back to the head.
    let r = c
        .post_form(
            &actions,
            &[
                ("_csrf", &csrf),
                ("action", "retake"),
                ("credential", "2019001"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let b = board(&s, &s.operator).await;
    assert_eq!(b["next"][0]["seq"], 1);
    assert_eq!(b["skipped"][0]["seq"], 2);
}

#[tokio::test]
async fn the_board_shows_the_queue() {
    let s = setup().await;
    issue_li_ming(&s).await;
    station_act(&s, 1, serde_json::json!({"action": "call_next"})).await;
    let screen = api_token(&s.app, "screen").await;
    let b = board(&s, &screen).await;
    assert_eq!(b["venue_name"], "大学生事务中心");
    assert_eq!(b["stations"][1]["name"], "2号机位");
    assert_eq!(b["stations"][1]["current"]["seq"], 1);
    assert_eq!(b["stations"][1]["current"]["masked_name"], "李*");
    assert!(
        !serde_json::to_string(&b).unwrap().contains("李明"),
        "no whole names"
    );

    let mut c = s.app.login("screen").await;
    let home = c.get("/").await;
    assert_eq!(home.location(), "/board");
    let r = c.get("/board").await;
    let target = format!("/board/{}", s.place.venue.id);
    assert_eq!(r.location(), target);
    let r = c.get(&target).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("正在拍摄") && r.body.contains("2号机位"));
    assert!(r.body.contains("<div class=\"seq\">1</div>"), "{}", r.body);
    assert!(r.body.contains("李*") && !r.body.contains("李明"));
    assert!(r.body.contains(&format!("data-events=\"{target}/events\"")));
    let en = c.get(&format!("{target}?lang=en")).await;
    assert!(en.body.contains("Now shooting"));
    let r = c.get("/board/9999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = c
        .api(Method::GET, "/api/v1/venues", Some(&screen), None)
        .await;
    assert_eq!(r.json()[0]["stations"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn venue_pages_are_for_their_roles() {
    let s = setup().await;
    let venue = s.place.venue.id;
    let station = s.place.stations[0].id;
    let mut student = s.app.login("student").await;
    for path in [
        "/desk".to_owned(),
        "/stations".to_owned(),
        format!("/stations/{station}"),
        "/board".to_owned(),
        format!("/board/{venue}"),
        format!("/board/{venue}/events"),
    ] {
        let r = student.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "student on {path}");
    }
    let mut screen = s.app.login("screen").await;
    for path in [
        "/desk".to_owned(),
        "/stations".to_owned(),
        format!("/stations/{station}"),
    ] {
        assert_eq!(
            screen.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "display on {path}"
        );
    }
    assert_eq!(
        screen.get(&format!("/board/{venue}")).await.status,
        StatusCode::OK
    );
    let nav = screen.get("/board?lang=zh").await;
    assert_eq!(nav.status, StatusCode::SEE_OTHER);
    let token = api_token(&s.app, "screen").await;
    let r = screen
        .api(
            Method::POST,
            &format!("/api/v1/stations/{station}/actions"),
            Some(&token),
            Some(serde_json::json!({"action": "call_next"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut op = s.app.login("operator").await;
    let desk = op.get("/desk").await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
    assert!(desk.body.contains("id=\"credential\"") && desk.body.contains("autofocus"));
    assert!(desk.body.contains("无法连接服务器，本次未发号"));
    assert!(desk.body.contains("/static/desk.js"));
    assert!(
        desk.body.contains("href=\"/board\""),
        "the nav leads to the board"
    );
    let js = op.get("/static/desk.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("/api/v1/checkins") && js.body.contains("X-CSRF-Token"));
}
