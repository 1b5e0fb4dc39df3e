//! Signing in and out through the pages.

use axum::http::StatusCode;
use gradphoto_web::WebConfig;

use crate::helpers::{PASSWORD, spawn, spawn_with};

#[tokio::test]
async fn login_starts_a_session() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c.login("admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/");
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("gp_session="))
        .expect("a session cookie");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("Secure"), "not configured: {cookie}");
    // The token is 32 random bytes, base64url.
    assert_eq!(c.cookies["gp_session"].len(), 43);

    let home = c.get("/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("毕业生图像信息采集"));
    assert!(
        home.body.contains("2023届毕业生图像信息采集"),
        "campaign title"
    );
    assert!(home.body.contains("15.00 元/人"), "fee in yuan");
}

#[tokio::test]
async fn wrong_password_shows_an_error_and_starts_nothing() {
    let app = spawn().await;
    for (login, password) in [("admin", "wrong-password"), ("nobody", PASSWORD)] {
        let mut c = app.client();
        let r = c.login(login, password).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("用户名或密码错误"), "{}", r.body);
        assert!(
            !r.set_cookies().iter().any(|c| c.starts_with("gp_session=")),
            "no session for a failed login"
        );
        assert!(!r.body.contains(password), "the password is not echoed");
        assert!(r.body.contains(&format!("value=\"{login}\"")), "login kept");
        assert_eq!(c.get("/").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn pages_send_strangers_to_the_login_page_and_back() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c.get("/students?q=1").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=%2Fstudents%3Fq%3D1");

    let form = c.get(r.location()).await;
    let csrf = form.csrf_field();
    assert!(form.body.contains("name=\"next\" value=\"/students?q=1\""));
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", &csrf),
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "/students?q=1"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/students?q=1");

    // A `next` leading off the site is ignored.
    let mut c = app.client();
    let csrf = c.get("/login").await.csrf_field();
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", &csrf),
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn logout_ends_the_session_for_good() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let stolen = c.cookies["gp_session"].clone();
    let csrf = c.session_csrf().await;
    let r = c.post_form("/logout", &[("_csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    assert!(!c.cookies.contains_key("gp_session"), "cookie cleared");

    // Replaying the old cookie gets nowhere: the session is gone from the store.
    let mut other = app.client();
    other.cookies.insert("gp_session".into(), stolen);
    assert_eq!(other.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let app = spawn_with(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    })
    .await;
    let mut c = app.client();
    let r = c.login("admin", PASSWORD).await;
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("gp_session="))
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn english_on_request_and_remembered() {
    let app = spawn().await;
    let mut c = app.client();
    let r = c.get("/login?lang=en").await;
    assert!(r.body.contains("Sign in"), "{}", r.body);
    assert!(r.body.contains("lang=\"en\""));
    assert!(r.set_cookies().iter().any(|c| c.starts_with("lang=en")));
    let r = c.get("/login").await;
    assert!(r.body.contains("Password"), "remembered by the cookie");
    let r = c.get("/login?lang=zh").await;
    assert!(r.body.contains("密码"));
}

#[tokio::test]
async fn every_response_has_a_request_id_and_errors_quote_it() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let r = c.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let id = r.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16);
    assert!(r.body.contains("页面不存在"), "{}", r.body);
    assert!(r.body.contains(&id), "the error page quotes the request id");
}
