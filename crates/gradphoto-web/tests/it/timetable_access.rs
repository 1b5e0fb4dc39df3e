//! Who may reach the timetable's routes: without a session pages send to the sign-in and the
//! API answers 401; the API is for staff and college roles; only an admin may publish, set the
//! days or move a class; and a form with bad input is refused with a clear error and changes
//! nothing.

use axum::http::{Method, StatusCode};

use crate::helpers::api_token;
use crate::timetable_support::{days, with_timetable};

const TIMETABLE: &str =
    "2023.03.01下午\n下午15:30—16:30\n190111\n2023.03.02上午\n上午9:00—10:00\n190211\n";

#[tokio::test]
async fn without_a_session_nothing_is_shown_or_changed() {
    let s = with_timetable(TIMETABLE).await;
    let mut c = s.app.client();
    for path in [
        "/timetable",
        "/timetable/versions/1",
        "/timetable/versions/1/pdf",
        "/classes",
        "/classes/not-come.xlsx",
        "/classes/not-proofread.xlsx",
        "/timetable/simulation",
        "/timetable/plan",
    ] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        assert!(
            r.location().starts_with("/login"),
            "{path}: {}",
            r.location()
        );
    }
    for path in ["/api/v1/timetable", "/api/v1/timetable/classes"] {
        let r = c.api(Method::GET, path, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    for path in [
        "/timetable/publish",
        "/timetable/days",
        "/timetable/move",
        "/timetable/plan/apply",
    ] {
        let r = c
            .post_form(path, &[("days", "2023-03-05"), ("class", "190111")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        assert!(
            r.location().starts_with("/login"),
            "{path}: {}",
            r.location()
        );
    }
    let repo = s.app.repo();
    assert_eq!(
        repo.timetable_versions(s.app.campaign.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(repo.campaign_days(s.app.campaign.id).await.unwrap(), days());
}

#[tokio::test]
async fn only_an_admin_changes_the_timetable() {
    let s = with_timetable(TIMETABLE).await;
    let campaign = s.app.campaign.id;
    let before = s.app.repo().slots(s.place.venue.id).await.unwrap();
    for login in ["operator", "lead", "secretary", "student"] {
        let mut c = s.app.login(login).await;
        let csrf = c.session_csrf().await;
        for (path, fields) in [
            ("/timetable/publish", vec![("_csrf", csrf.as_str())]),
            (
                "/timetable/days",
                vec![("_csrf", csrf.as_str()), ("days", "2023-03-05")],
            ),
            (
                "/timetable/move",
                vec![("_csrf", csrf.as_str()), ("class", "190111"), ("slot", "x")],
            ),
        ] {
            let r = c.post_form(path, &fields).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{login} {path}: {}",
                r.body
            );
        }
    }
    let repo = s.app.repo();
    assert_eq!(repo.timetable_versions(campaign).await.unwrap().len(), 1);
    assert_eq!(repo.campaign_days(campaign).await.unwrap(), days());
    assert_eq!(repo.slots(s.place.venue.id).await.unwrap(), before);
}

#[tokio::test]
async fn the_timetable_api_is_for_staff_and_college_roles() {
    let s = with_timetable(TIMETABLE).await;
    for (login, allowed) in [
        ("admin", true),
        ("operator", true),
        ("lead", true),
        ("secretary", true),
        ("student", false),
        ("screen", false),
    ] {
        let token = api_token(&s.app, login).await;
        for path in ["/api/v1/timetable", "/api/v1/timetable/classes"] {
            let r = s
                .app
                .client()
                .api(Method::GET, path, Some(&token), None)
                .await;
            let want = if allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(r.status, want, "{login} {path}: {}", r.body);
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let s = with_timetable(TIMETABLE).await;
    let campaign = s.app.campaign.id;
    let before = s.app.repo().slots(s.place.venue.id).await.unwrap();
    let mut admin = s.app.login("admin").await;
    let csrf = admin.get("/timetable").await.csrf_field();
    let r = admin
        .post_form("/timetable/days", &[("_csrf", &csrf), ("days", "明天")])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.body.contains("明天"), "the page names the bad value");
    for (class, slot) in [("190111", "not-a-slot"), ("999999", "")] {
        let r = admin
            .post_form(
                "/timetable/move",
                &[("_csrf", &csrf), ("class", class), ("slot", slot)],
            )
            .await;
        assert!(r.status.is_client_error(), "{class} {slot}: {}", r.status);
    }
    let repo = s.app.repo();
    assert_eq!(repo.campaign_days(campaign).await.unwrap(), days());
    assert_eq!(repo.slots(s.place.venue.id).await.unwrap(), before);
    assert_eq!(repo.timetable_versions(campaign).await.unwrap().len(), 1);
}
