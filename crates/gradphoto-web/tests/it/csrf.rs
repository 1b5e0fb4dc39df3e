//! Forged requests are refused and change nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::helpers::{FilePart, PASSWORD, api_token, roster_rows, spawn, spawn_with_roster, xlsx};

#[tokio::test]
async fn a_form_without_the_session_token_is_refused() {
    let app = spawn().await;
    let before = app.repo().campaigns().await.unwrap().len();
    let mut c = app.login("admin").await;
    let fields = [("cohort", "2024"), ("fee_yuan", "15"), ("prints", "8")];
    for csrf in [None, Some("wrong-token")] {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        if let Some(t) = csrf {
            form.push(("_csrf", t));
        }
        let r = c.post_form("/campaign", &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{csrf:?}");
        assert!(r.body.contains("表单已失效"), "{}", r.body);
    }
    assert_eq!(app.repo().campaigns().await.unwrap().len(), before);

    // Sign-out is a form too.
    let r = c.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/").await.status, StatusCode::OK, "still signed in");

    // With the token it goes through.
    let csrf = c.session_csrf().await;
    let mut form = fields.to_vec();
    form.push(("_csrf", &csrf));
    let r = c.post_form("/campaign", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.repo().campaigns().await.unwrap().len(), before + 1);
}

#[tokio::test]
async fn an_upload_without_the_session_token_is_refused() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let bytes = xlsx(&roster_rows());
    let r = c
        .post_multipart(
            "/import",
            &[("_csrf", "forged")],
            Some(FilePart {
                name: "file",
                file_name: "roster.xlsx",
                bytes: &bytes,
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(app.state.uploads.is_empty(), "nothing kept");
    let r = c.post_form("/import/some-id/confirm", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.student_count().await, 0);
}

#[tokio::test]
async fn the_login_form_needs_its_cookie() {
    let app = spawn().await;
    let mut c = app.client();
    let csrf = c.get("/login").await.csrf_field();
    // The field without the cookie (a forged cross-site form) ...
    c.cookies.clear();
    let r = c
        .post_form(
            "/login",
            &[("_csrf", &csrf), ("login", "admin"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.set_cookies().iter().any(|c| c.starts_with("gp_session=")));
    // ... or the cookie with another field.
    let _ = c.get("/login").await;
    let r = c
        .post_form(
            "/login",
            &[
                ("_csrf", "guess"),
                ("login", "admin"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cookie_authenticated_api_calls_need_the_header() {
    let app = spawn_with_roster().await;
    let mut c = app.login("admin").await;
    let csrf = c.session_csrf().await;

    // Safe calls with the cookie are fine.
    let r = c.api(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["login"], "admin");

    let bytes = xlsx(&roster_rows());
    let body = crate::helpers::multipart_body(
        &[],
        Some(FilePart {
            name: "file",
            file_name: "roster.xlsx",
            bytes: &bytes,
        }),
    );
    let req = Request::post("/api/v1/imports?dry_run=true")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={}", crate::helpers::BOUNDARY),
        )
        .body(Body::from(body))
        .unwrap();
    let r = c.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "csrf");

    let r = c.api(Method::DELETE, "/api/v1/session", None, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/").await.status, StatusCode::OK, "still signed in");

    let req = Request::delete("/api/v1/session")
        .header("x-csrf-token", &csrf)
        .body(Body::empty())
        .unwrap();
    let r = c.send(req).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(c.get("/").await.status, StatusCode::SEE_OTHER);

    // A bearer token needs no CSRF header: a browser never adds one by itself.
    let token = api_token(&app, "admin").await;
    let mut other = app.client();
    let r = other
        .api(Method::DELETE, "/api/v1/session", Some(&token), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}
