//! The simulation and the planner pages: the office and the crew see each day's queue as a
//! server-drawn chart with the slots' figures, an overrun marked, and the measured queue once
//! the day has tickets; bad parameters name their field and compute nothing; the office applies
//! a proposal as the working timetable, and a proposal made before the timetable changed, or
//! one that moves a pinned class, writes nothing. The clock reads 2023-03-01 16:00.

use axum::http::StatusCode;
use chrono::NaiveTime;
use gradphoto_app::planning::scenario;
use gradphoto_app::timetable::moves::{move_class, pin};
use gradphoto_store::Actor;

use crate::client::hidden_value;
use crate::timetable_support::{days, with_timetable};
use crate::venue::{Setup, issue_li_ming};

/// 190111 (2 students) this morning, 190211 (1 student) this afternoon.
const TIMETABLE: &str =
    "2023.03.01上午\n上午9:00—10:00\n190111\n2023.03.01下午\n下午15:30—16:30\n190211\n";

/// One station, an hour a shot, nobody missing, nothing retaken: the morning's two students
/// take until about 10:45, the afternoon's one is done in time.
const SLOW: &str =
    "stations=1&service_mean=3600&service_p90=3600&retakes=0&no_shows=0&runs=5&spread=1";

#[tokio::test]
async fn the_office_sees_each_day_with_its_overrun_and_the_measured_queue() {
    let s = with_timetable(TIMETABLE).await;
    issue_li_ming(&s).await;
    let mut admin = s.app.login("admin").await;
    let r = admin.get(&format!("/timetable/simulation?{SLOW}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // One day, one chart with both lines; its two slots in the table, the first overrunning.
    assert_eq!(r.body.matches("<svg").count(), 1, "{}", r.body);
    assert_eq!(r.body.matches("<polyline").count(), 2);
    assert_eq!(r.body.matches("class=\"measured\"").count(), 1);
    assert_eq!(r.body.matches("<tr data-slot=").count(), 2);
    assert_eq!(r.body.matches("<g class=\"overrun\">").count(), 1);
    assert!(r.body.contains("class=\"overruns\""), "{}", r.body);
    assert!(r.body.contains("3月1日 9:00-10:00"));
    assert!(r.body.contains("实测：该日 1 张号票"), "{}", r.body);
    // The form shows what was simulated; the planner is linked for the office.
    assert!(
        r.body
            .contains("name=\"stations\" type=\"number\" min=\"1\" value=\"1\"")
    );
    assert!(r.body.contains("href=\"/timetable/plan?"));

    // The crew sees the simulation too, in English on asking, without the planner's link.
    let mut operator = s.app.login("operator").await;
    let r = operator.get("/timetable/simulation?runs=5&lang=en").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Queue length on 1 Mar"), "{}", r.body);
    assert!(!r.body.contains("href=\"/timetable/plan?"));
    // The campaign's second day (2023-03-02) has no slots: only the day with slots is drawn.
    assert_eq!(r.body.matches("<svg").count(), 1);
    assert!(!r.body.contains("2 Mar"), "{}", r.body);
}

#[tokio::test]
async fn bad_parameters_name_their_field_and_college_roles_are_refused() {
    let s = with_timetable(TIMETABLE).await;
    let mut admin = s.app.login("admin").await;
    for (query, says) in [
        ("stations=abc", "“机位数”应为数字，而不是“abc”"),
        ("stations=0", "“机位数”至少为 1"),
        ("retakes=150", "“重拍率”是百分比"),
        ("runs=0", "模拟次数应为 1 到"),
        (
            "service_mean=20&service_p90=10",
            "“每张 P90 秒数”（10）应在平均秒数（20）与",
        ),
        ("venue=999", "没有编号为 999 的拍摄地点"),
    ] {
        for page in ["simulation", "plan"] {
            let r = admin.get(&format!("/timetable/{page}?{query}")).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{page}?{query}: {}",
                r.body
            );
            assert!(r.body.contains(says), "{page}?{query}: {}", r.body);
        }
    }
    let r = admin.get("/timetable/plan?max_p90_wait=-5&runs=5").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("P90 等待上限应为正的秒数"), "{}", r.body);

    for login in ["lead", "secretary", "student"] {
        let mut c = s.app.login(login).await;
        for path in ["/timetable/simulation?runs=5", "/timetable/plan?runs=5"] {
            assert_eq!(
                c.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{login} {path}"
            );
        }
    }
    let mut operator = s.app.login("operator").await;
    assert_eq!(
        operator.get("/timetable/plan?runs=5").await.status,
        StatusCode::FORBIDDEN
    );
}

/// Both classes in the morning, the afternoon slot empty: one station cannot shoot three
/// students an hour each in an hour.
async fn crowded_morning() -> Setup {
    let s = with_timetable(TIMETABLE).await;
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    move_class(
        s.app.app(),
        &s.place.venue,
        "190211",
        days()[0],
        nine,
        &Actor::system("test"),
    )
    .await
    .unwrap();
    s
}

fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn classes_by_slot(s: &Setup) -> Vec<Vec<String>> {
    s.app
        .repo()
        .slots(s.place.venue.id)
        .await
        .unwrap()
        .into_iter()
        .map(|slot| slot.classes.into_iter().map(|c| c.code).collect())
        .collect()
}

#[tokio::test]
async fn the_office_applies_a_proposal_and_a_stale_or_pin_breaking_one_writes_nothing() {
    let s = crowded_morning().await;
    assert_eq!(
        classes_by_slot(&s).await,
        [vec!["190111", "190211"], vec![]]
    );
    let mut admin = s.app.login("admin").await;
    let r = admin.get(&format!("/timetable/plan?{SLOW}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("需调整 1 个班级"), "{}", r.body);
    // Current and proposed figures side by side, slot by slot.
    assert_eq!(r.body.matches("<tr data-slot=").count(), 2);
    let before = hidden_value(&r.body, "plan").expect("an apply form");
    let ticket = unescape(&before);
    let csrf = r.csrf_field();

    let applied = admin
        .post_form(
            "/timetable/plan/apply",
            &[("_csrf", csrf.as_str()), ("plan", ticket.as_str())],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let after = classes_by_slot(&s).await;
    assert_eq!(
        after.iter().map(Vec::len).collect::<Vec<_>>(),
        [1, 1],
        "{after:?}"
    );
    // Nothing was published: the colleges still see version 1.
    let versions = s
        .app
        .repo()
        .timetable_versions(s.app.campaign.id)
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);

    // The same proposal again: the timetable is not what it was made from any more.
    let again = admin
        .post_form(
            "/timetable/plan/apply",
            &[("_csrf", csrf.as_str()), ("plan", ticket.as_str())],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    assert!(
        again.body.contains("时间安排在提出方案后已被修改"),
        "{}",
        again.body
    );
    assert_eq!(classes_by_slot(&s).await, after);

    // A proposal that moves a pinned class is refused, even when made from the current
    // timetable.
    let app = s.app.app();
    let venue = &s.place.venue;
    let pinned_code = &after[0][0];
    let slot = s.app.repo().slots(venue.id).await.unwrap()[0].clone();
    pin(
        app,
        s.app.campaign.id,
        pinned_code,
        true,
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let based_on = scenario(app, venue).await.unwrap();
    let mut proposed = based_on.clone();
    let day = &mut proposed.days[0];
    let class = day.slots[0].classes.remove(0);
    day.slots[1].classes.push(class);
    let forged = serde_json::json!({
        "venue": venue.id.0,
        "based_on": based_on,
        "proposed": proposed,
    })
    .to_string();
    let r = admin
        .post_form(
            "/timetable/plan/apply",
            &[("_csrf", csrf.as_str()), ("plan", forged.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("固定的班级不能移动"), "{}", r.body);
    assert_eq!(classes_by_slot(&s).await, after);
    assert_eq!(s.app.repo().slots(venue.id).await.unwrap()[0].id, slot.id);

    // Garbage in the field, and no token at all.
    let r = admin
        .post_form(
            "/timetable/plan/apply",
            &[("_csrf", csrf.as_str()), ("plan", "{")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("方案数据无法读取"), "{}", r.body);
    let r = admin
        .post_form("/timetable/plan/apply", &[("plan", ticket.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(classes_by_slot(&s).await, after);
}

#[tokio::test]
async fn with_nothing_better_the_planner_says_so_and_offers_nothing_to_apply() {
    let s = with_timetable(TIMETABLE).await;
    let mut admin = s.app.login("admin").await;
    let r = admin.get(&format!("/timetable/plan?{SLOW}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"no-moves\""), "{}", r.body);
    assert!(hidden_value(&r.body, "plan").is_none());
}
