//! Every sign-in is limited: after the configured number of wrong passwords an account waits,
//! even with the right one, on the page and in the API, and other accounts do not; an address
//! with too many failures waits whatever account it tries. Students sign in with their 学号
//! and the proof code of their check-in slip, under the same limits, and reach only their own
//! record.

use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use gradphoto_domain::login_guard::{Limit, LoginPolicy};
use gradphoto_web::WebConfig;

use crate::helpers::Client;
use crate::helpers::{PASSWORD, TestApp, spawn, spawn_with};
use crate::venue::{issue_li_ming, issue_wang_fang, setup};

async fn form_login(c: &mut Client, login: &str, password: &str) -> crate::helpers::Resp {
    c.login(login, password).await
}

async fn student_login(c: &mut Client, student_no: &str, code: &str) -> crate::helpers::Resp {
    let form = c.get("/login").await;
    let csrf = form.csrf_field();
    c.post_form(
        "/login/student",
        &[
            ("_csrf", csrf.as_str()),
            ("student_no", student_no),
            ("proof_code", code),
        ],
    )
    .await
}

async fn api_login(app: &TestApp, login: &str, password: &str) -> crate::helpers::Resp {
    app.client()
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({ "login": login, "password": password })),
        )
        .await
}

#[tokio::test]
async fn an_account_waits_after_five_wrong_passwords_and_others_do_not() {
    let app = spawn().await;
    let mut c = app.client();
    for i in 0..5 {
        let r = form_login(&mut c, "admin", "wrong").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {i}: {}", r.body);
        assert!(r.body.contains("用户名或密码错误"));
    }
    // Locked: the right password is not even looked at, on the page and in the API.
    let r = form_login(&mut c, "admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(
        r.body.contains("登录失败次数过多，请 15 分钟后再试"),
        "{}",
        r.body
    );
    assert!(!c.cookies.contains_key("gp_session"));
    let r = api_login(&app, "Admin ", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "too_many_attempts", "{}", r.body);
    assert!(!app.audit("login.locked").await.is_empty());
    assert_eq!(app.audit("login.failure").await.len(), 5);

    // Another account is not locked, and a success clears its own count.
    for _ in 0..4 {
        form_login(&mut c, "operator", "wrong").await;
    }
    assert_eq!(
        api_login(&app, "operator", PASSWORD).await.status,
        StatusCode::CREATED
    );
    for _ in 0..4 {
        form_login(&mut c, "operator", "wrong").await;
    }
    assert_eq!(
        api_login(&app, "operator", PASSWORD).await.status,
        StatusCode::CREATED,
        "four failures after a success are not five"
    );
}

#[tokio::test]
async fn an_address_with_too_many_failures_waits_whatever_it_tries() {
    let config = WebConfig {
        login: LoginPolicy {
            account: Limit {
                max_failures: 5,
                lockout_min: 15,
            },
            address: Limit {
                max_failures: 3,
                lockout_min: 15,
            },
        },
        ..WebConfig::default()
    };
    let app = spawn_with(config).await;
    let dorm: SocketAddr = "10.1.2.3:50000".parse().unwrap();
    let mut c = app.client();
    c.address = Some(dorm);
    for login in ["admin", "operator", "nobody"] {
        assert_eq!(
            form_login(&mut c, login, "wrong").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // admin has one failure of its own, far from its limit: the address is what is locked.
    let r = form_login(&mut c, "admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let locked = app.audit("login.locked").await;
    assert!(locked[0].subject.contains("address:10.1.2.3"), "{locked:?}");
    // From elsewhere the same account signs in.
    let mut elsewhere = app.client();
    elsewhere.address = Some("10.9.9.9:40000".parse().unwrap());
    let r = form_login(&mut elsewhere, "admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_student_signs_in_with_the_proof_code_of_their_slip_and_sees_only_themselves() {
    let s = setup().await;
    // 王芳 (2019002) has no account yet; her check-in prints her proof code.
    let r = issue_wang_fang(&s).await;
    let code = r["proof_code"].as_str().unwrap().to_owned();

    let mut phone = s.app.client();
    // A wrong code, and her code with someone else's 学号: the same answer, nothing told.
    for (no, try_code) in [("2019002", "AAAAAAAA"), ("2019001", code.as_str())] {
        let r = student_login(&mut phone, no, try_code).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert!(
            r.body
                .contains("学号、校对码（或身份证号后六位与出生日期）不正确"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains(&format!("value=\"{no}\"")),
            "the 学号 is kept"
        );
    }
    // As she types it from the slip: lower case, a dash in the middle.
    let typed = format!("{}-{}", &code[..4], code[4..].to_lowercase());
    let r = student_login(&mut phone, " 2019002 ", &typed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = phone.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("王芳"), "{}", home.body);
    assert!(!home.body.contains("李明"));
    assert_eq!(phone.get("/students").await.status, StatusCode::FORBIDDEN);
    let wang = s.app.student_id("2019002").await;
    let users = s.app.repo().users().await.unwrap();
    let hers: Vec<_> = users
        .iter()
        .filter(|u| u.student_id == Some(wang))
        .collect();
    assert_eq!(hers.len(), 1, "her account was made once: {users:?}");

    // Signing in again reuses the account.
    let mut again = s.app.client();
    assert_eq!(
        student_login(&mut again, "2019002", &code).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(s.app.repo().users().await.unwrap().len(), users.len());
}

#[tokio::test]
async fn a_students_number_is_locked_after_five_wrong_codes() {
    let s = setup().await;
    let code = issue_li_ming(&s).await["proof_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut phone = s.app.client();
    for _ in 0..5 {
        let r = student_login(&mut phone, "2019001", "WRONG234").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = student_login(&mut phone, "2019001", &code).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.body.contains("请 15 分钟后再试"), "{}", r.body);
    // The lock is on that 学号 only: another student is not kept out by it.
    let r = student_login(&mut phone, "2019002", "WRONG234").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
