//! The student's place in today's queue, on their page and from `/me/queue`: how many are
//! before them, the station that called them, done; only their own ticket, only for students.

use axum::http::{Method, StatusCode};
use gradphoto_domain::Role;

use crate::helpers::Client;
use crate::venue::{issue_li_ming, issue_wang_fang, setup, station_act};

async fn place(c: &mut Client) -> serde_json::Value {
    let r = c.api(Method::GET, "/me/queue", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn a_student_sees_how_many_are_before_them_and_where_to_go() {
    let s = setup().await;
    let wang = s.app.student_id("2019002").await;
    s.app
        .add_user("wang", Role::Student, vec![], Some(wang))
        .await;
    let mut li = s.app.login("student").await;
    let mut fang = s.app.login("wang").await;
    // No ticket yet: nothing to show.
    assert!(place(&mut fang).await.is_null());
    assert!(!fang.get("/").await.body.contains("id=\"my-queue\""));

    issue_li_ming(&s).await;
    issue_wang_fang(&s).await;

    let home = fang.get("/").await;
    assert!(home.body.contains("您的拍摄序号：2 号"), "{}", home.body);
    assert!(home.body.contains("前面还有 1 人"), "{}", home.body);
    assert!(home.body.contains("/static/me.js"));
    assert_eq!(place(&mut fang).await["ahead"], 1);
    assert_eq!(
        place(&mut li).await["line"],
        "下一个就是您，请在候拍区等候叫号"
    );

    // 1号机位 calls 李明: he is told where to go, 王芳 is next.
    let r = station_act(&s, 0, serde_json::json!({"action": "call_next"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let his = place(&mut li).await;
    assert_eq!(his["state"], "called");
    assert_eq!(his["line"], "已叫到您的号，请到 1号机位");
    assert_eq!(place(&mut fang).await["ahead"], 0);
    let r = station_act(&s, 0, serde_json::json!({"action": "finish"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(place(&mut li).await["line"], "今天已拍摄完成");

    // Staff have no place of their own in the queue.
    let mut operator = s.app.login("operator").await;
    let r = operator.api(Method::GET, "/me/queue", None, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
