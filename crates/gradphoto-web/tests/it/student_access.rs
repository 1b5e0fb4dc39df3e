//! Who may reach the students' routes (`/me/…`, `/login/student`): without a session the pages
//! send to the sign-in; every other role is refused (403) and nothing is written; and a
//! student's bad input gets a clear error that changes nothing.

use axum::http::StatusCode;

use crate::helpers::{Client, FilePart, Resp};
use crate::venue::{Setup, setup};

async fn answers(s: &Setup) -> usize {
    s.app.audit("proof.answer").await.len()
}

async fn rehearse(c: &mut Client, csrf: &str, file: Option<&[u8]>) -> Resp {
    c.post_multipart(
        "/me/rehearsal",
        &[("_csrf", csrf)],
        file.map(|bytes| FilePart {
            name: "file",
            file_name: "selfie.jpg",
            bytes,
        }),
    )
    .await
}

#[tokio::test]
async fn without_a_session_the_students_routes_send_to_the_sign_in() {
    let s = setup().await;
    let mut c = s.app.client();
    for r in [
        c.get("/me/photo.jpg").await,
        c.get("/me/frames/1").await,
        c.get("/me/queue").await,
        c.post_form("/me/proof", &[("answer", "correct")]).await,
        rehearse(&mut c, "", Some(b"x")).await,
    ] {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(r.location().starts_with("/login"), "{}", r.location());
    }
    assert_eq!(answers(&s).await, 0);
}

#[tokio::test]
async fn only_a_student_reaches_their_own_routes() {
    let s = setup().await;
    for login in ["admin", "operator", "lead", "secretary", "screen"] {
        let mut c = s.app.login(login).await;
        // The display account has no page with a form; the role is checked before the token.
        let csrf = if login == "screen" {
            "no form of its own".to_owned()
        } else {
            c.session_csrf().await
        };
        for r in [
            c.get("/me/photo.jpg").await,
            c.get("/me/frames/1").await,
            c.get("/me/queue").await,
            c.post_form("/me/proof", &[("_csrf", &csrf), ("answer", "correct")])
                .await,
            rehearse(&mut c, &csrf, Some(b"x")).await,
        ] {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
            assert!(
                r.body.contains("仅限毕业生"),
                "the role, not the token: {}",
                r.body
            );
        }
    }
    assert_eq!(answers(&s).await, 0);
}

#[tokio::test]
async fn a_students_bad_input_is_refused_and_changes_nothing() {
    let s = setup().await;
    let mut phone = s.app.login("student").await;
    let csrf = phone.session_csrf().await;
    for (fields, says) in [
        (vec![("answer", "maybe")], "请选择“正确”或“有误”"),
        (
            vec![("answer", "wrong"), ("kind", "shoes")],
            "请选择哪里有误",
        ),
        (
            vec![
                ("answer", "wrong"),
                ("kind", "field"),
                ("field", "shoe_size"),
                ("proposed", "42"),
            ],
            "校对尚未开放",
        ),
    ] {
        let mut all = vec![("_csrf", csrf.as_str())];
        all.extend(fields);
        let r = phone.post_form("/me/proof", &all).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    // Without the form's token, and without a photo.
    let r = phone.post_form("/me/proof", &[("answer", "correct")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = rehearse(&mut phone, "", Some(b"x")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = rehearse(&mut phone, &csrf, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("没有收到照片"), "{}", r.body);
    let r = phone.get("/me/photo.jpg").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("还没有你的照片"), "{}", r.body);
    assert_eq!(answers(&s).await, 0);
}

#[tokio::test]
async fn the_students_sign_in_refuses_bad_input_and_makes_no_account() {
    let s = setup().await;
    let users = s.app.repo().users().await.unwrap().len();
    let mut c = s.app.client();
    // No token of the sign-in form.
    let r = c
        .post_form(
            "/login/student",
            &[("student_no", "2019001"), ("proof_code", "X")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let csrf = c.get("/login").await.csrf_field();
    for (no, code) in [
        ("", ""),
        ("2019001", ""),
        ("no such", "ABCD2345"),
        ("9999999", "ABCD2345"),
    ] {
        let r = c
            .post_form(
                "/login/student",
                &[("_csrf", &csrf), ("student_no", no), ("proof_code", code)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{no} {code}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("学号、校对码（或身份证号后六位与出生日期）不正确"),
            "{}",
            r.body
        );
        assert!(!c.cookies.contains_key("gp_session"));
    }
    assert_eq!(s.app.repo().users().await.unwrap().len(), users);
    assert_eq!(s.app.audit("login.failure").await.len(), 4);
}

async fn send(c: &mut Client, fields: Vec<(String, String)>) -> Resp {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post_form("/login/student", &fields).await
}

#[tokio::test]
async fn where_the_campaign_allows_it_a_student_signs_in_with_the_id_and_birth_date() {
    use gradphoto_app::accounts::student_access::set_method;
    use gradphoto_domain::student_sign_in::StudentSignIn;

    let s = setup().await;
    let mut c = s.app.client();
    // 李明: 110105200001010016, born 2000-01-01 (the ID number's date; the roster has none).
    let form = |csrf: &str, six: &str, birth: &str| {
        vec![
            ("_csrf".to_owned(), csrf.to_owned()),
            ("student_no".to_owned(), "2019001".to_owned()),
            ("id_last_six".to_owned(), six.to_owned()),
            ("birth_date".to_owned(), birth.to_owned()),
        ]
    };

    // Not allowed by default: no such form, and the right answers do not let anyone in.
    let page = c.get("/login").await;
    assert!(!page.body.contains("id=\"student-id-login\""));
    let csrf = page.csrf_field();
    let r = send(&mut c, form(&csrf, "010016", "2000-01-01")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);

    set_method(
        s.app.app(),
        s.app.campaign.id,
        StudentSignIn::IdAndBirth,
        &gradphoto_store::Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(s.app.audit("campaign.student_sign_in").await.len(), 1);
    let page = c.get("/login").await;
    assert!(
        page.body.contains("id=\"student-id-login\""),
        "{}",
        page.body
    );
    let csrf = page.csrf_field();
    for (six, birth, status, says) in [
        ("010016", "2000-01-02", StatusCode::UNAUTHORIZED, "不正确"),
        ("010017", "2000-01-01", StatusCode::UNAUTHORIZED, "不正确"),
        (
            "010016",
            "元旦",
            StatusCode::UNPROCESSABLE_ENTITY,
            "出生日期格式不对",
        ),
    ] {
        let r = send(&mut c, form(&csrf, six, birth)).await;
        assert_eq!(r.status, status, "{six} {birth}: {}", r.body);
        assert!(r.body.contains(says), "{six} {birth}: {}", r.body);
        assert!(!c.cookies.contains_key("gp_session"));
    }
    let r = send(&mut c, form(&csrf, "010016", "2000-01-01")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = c.get("/").await;
    assert!(home.body.contains("2019001"), "{}", home.body);
}

#[tokio::test]
async fn the_rules_are_shown_with_the_engines_pictures_of_them() {
    let s = setup().await;
    let mut phone = s.app.login("student").await;
    let home = phone.get("/").await;
    assert!(home.body.contains("id=\"rules\""), "{}", home.body);
    for name in ["good-blue", "top-blue", "lenses-tinted", "hair-over-brows"] {
        assert!(
            home.body
                .contains(&format!("src=\"/static/rules/{name}.jpg\"")),
            "{name}"
        );
        let r = phone.get(&format!("/static/rules/{name}.jpg")).await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        assert!(r.bytes.starts_with(&[0xFF, 0xD8]), "{name} is a JPEG");
        let img = image::load_from_memory(&r.bytes).unwrap();
        assert_eq!(img.width(), 240, "{name}");
    }
    assert!(home.body.contains("上衣与蓝色背景同色"));
    let r = phone.get("/static/rules/../../Cargo.toml").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = phone.get("/static/rules/shoes.jpg").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
