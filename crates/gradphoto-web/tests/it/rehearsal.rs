//! The dress rehearsal on the student's page: a selfie with a blue top and one with tinted
//! lenses get the advice for what the student can change, a good one none; and nothing of it
//! is written — no audit event (every write appends one), no photo file.

use axum::http::StatusCode;
use gradphoto_domain::Role;
use gradphoto_photo::RulePack;
use gradphoto_photo::fixtures::build;

use crate::capture_support::{capture_app, portrait};
use crate::helpers::{Client, FilePart, PASSWORD, Resp};

async fn rehearse(phone: &mut Client, photo: &[u8]) -> Resp {
    let csrf = phone.session_csrf().await;
    phone
        .post_multipart(
            "/me/rehearsal",
            &[("_csrf", csrf.as_str())],
            Some(FilePart {
                name: "file",
                file_name: "IMG_2041.JPG",
                bytes: photo,
            }),
        )
        .await
}

#[tokio::test]
async fn a_selfie_gets_advice_for_what_the_student_can_change_and_nothing_is_kept() {
    let s = capture_app(1).await;
    let me = s.app.student_id(&s.numbers[0]).await;
    s.app.add_user("s0", Role::Student, vec![], Some(me)).await;
    let mut phone = s.app.client();
    assert_eq!(
        phone.login("s0", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let home = phone.get("/").await;
    assert!(home.body.contains("id=\"rehearsal-form\""), "{}", home.body);
    assert!(home.body.contains("capture=\"user\""));

    let pack = RulePack::built_in("chsi-2017").unwrap();
    let fixtures = build(&portrait(), &pack);
    let photo = |name: &str| {
        fixtures
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no fixture {name}"))
            .bytes
            .clone()
    };
    let audit_before = s.app.repo().audit_events(100_000).await.unwrap().len();

    let r = rehearse(&mut phone, &photo("top-blue")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("上衣颜色与背景（浅蓝）太接近，请换一件非浅蓝的有领上衣"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("data-rule=\"glasses.tint\""), "{}", r.body);

    let r = rehearse(&mut phone, &photo("lenses-tinted")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-rule=\"glasses.tint\""), "{}", r.body);
    assert!(r.body.contains("请换无色镜片，或摘下眼镜"));
    assert!(
        !r.body.contains("data-rule=\"clothing.contrast\""),
        "{}",
        r.body
    );

    let r = rehearse(&mut phone, &photo("good-blue")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"rehearsal-ok\""), "{}", r.body);

    // Not a photo: a clear refusal.
    let r = rehearse(&mut phone, b"not a photo at all").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Nothing written: no audit event, no photo file.
    let audit_after = s.app.repo().audit_events(100_000).await.unwrap().len();
    assert_eq!(audit_after, audit_before);
    assert!(s.stored_blobs().is_empty(), "{:?}", s.stored_blobs());

    // Only a student rehearses.
    let mut operator = s.app.login("operator").await;
    assert_eq!(
        rehearse(&mut operator, &photo("good-blue")).await.status,
        StatusCode::FORBIDDEN
    );
}
