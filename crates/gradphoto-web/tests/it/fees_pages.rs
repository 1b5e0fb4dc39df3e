//! The fee ledger's pages: the college secretary records a payment, an exemption and a
//! correction for their college's class and sees the balance change; the admin sees every
//! class, sets the deadline and downloads the workbook; every other role, no session, a
//! missing form token, a class of another college and each wrong field are refused with what
//! to do, and nothing is written.

use axum::http::StatusCode;

use crate::helpers::Client;
use crate::venue::setup;

const POSTS: [&str; 4] = [
    "/fees/payments",
    "/fees/exemptions",
    "/fees/corrections",
    "/fees/deadline",
];

fn payment<'a>(csrf: &'a str, class: &'a str, amount: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("class", class),
        ("amount", amount),
        ("paid_on", "2023-03-01"),
        ("paid_by", "班长 王芳"),
        ("received_by", "教务员"),
        ("method", "cash"),
        ("note", "第一笔"),
    ]
}

/// The cells of a class's row of the class table: expected, paid, balance.
fn class_row(html: &str, code: &str) -> (String, String, String) {
    let start = html
        .find(&format!("<tr data-class=\"{code}\""))
        .unwrap_or_else(|| panic!("no row for {code}"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    let cell = |name: &str| {
        let at = row.find(&format!("data-money=\"{name}\">")).unwrap() + name.len() + 14;
        row[at..at + row[at..].find('<').unwrap()].to_owned()
    };
    (cell("expected"), cell("paid"), cell("balance"))
}

#[tokio::test]
async fn the_secretary_keeps_the_ledger_of_their_college() {
    let s = setup().await;
    let mut sec = s.app.login("secretary").await;
    let page = sec.get("/fees").await;
    assert_eq!(page.status, StatusCode::OK);
    // College A's class only: 190111 with two students at 15 yuan.
    assert!(page.body.contains("href=\"/fees\""), "nav link");
    assert_eq!(
        class_row(&page.body, "190111"),
        ("30.00".into(), "0.00".into(), "30.00".into())
    );
    assert!(!page.body.contains("data-class=\"190211\""));
    assert!(page.body.contains("尚未设置缴费截止日期"));
    assert!(
        !page.body.contains("id=\"deadline-form\""),
        "the deadline is the admin's"
    );
    let csrf = page.csrf_field();

    let r = sec
        .post_form("/fees/payments", &payment(&csrf, "190111", "15"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/fees");
    let r = sec
        .post_form(
            "/fees/exemptions",
            &[
                ("_csrf", &csrf),
                ("student_no", "2019002"),
                ("reason", "家庭经济困难"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = sec.get("/fees").await;
    assert_eq!(
        class_row(&page.body, "190111"),
        ("15.00".into(), "15.00".into(), "0.00".into())
    );
    assert!(page.body.contains("王芳") && page.body.contains("家庭经济困难"));
    assert!(page.body.contains("所有班级均已缴清"));

    // The payment was 15.50 in fact: corrected, never edited.
    let entries = s
        .app
        .repo()
        .fee_entries(s.app.campaign.id, None)
        .await
        .unwrap();
    let first = entries[0].entry.id.to_string();
    let r = sec
        .post_form(
            "/fees/corrections",
            &[
                ("_csrf", &csrf),
                ("entry", &first),
                ("amount", "15.50"),
                ("reason", "少记 5 角"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = sec.get("/fees").await;
    assert_eq!(
        class_row(&page.body, "190111"),
        ("15.00".into(), "15.50".into(), "-0.50".into())
    );
    assert!(
        page.body.contains(&format!("更正第 {first} 条")),
        "{}",
        page.body
    );
    assert!(page.body.contains("现为 15.50"));
    let entries = s
        .app
        .repo()
        .fee_entries(s.app.campaign.id, None)
        .await
        .unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0].entry.amount.0, 1500,
        "the first entry is as it was"
    );
    assert_eq!(s.app.audit("fee.correction").await.len(), 1);

    // The workbook downloads under a Chinese name.
    let r = sec.get("/fees.xlsx").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.bytes.starts_with(b"PK"));
    let disposition = r
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        disposition.contains("fee-ledger-2023-03-01.xlsx"),
        "{disposition}"
    );
}

#[tokio::test]
async fn bad_input_is_named_and_writes_nothing() {
    let s = setup().await;
    let mut sec = s.app.login("secretary").await;
    let csrf = sec.session_csrf().await;
    for (fields, says) in [
        (payment(&csrf, "190111", "abc"), "无法识别"),
        (payment(&csrf, "190111", "0"), "应大于 0"),
        (payment(&csrf, "190111", "-15"), "负数"),
        // A class of college B, which the secretary does not hold.
        (payment(&csrf, "190211", "15"), "不属于您负责的学院"),
        (payment(&csrf, "999999", "15"), "没有班级"),
    ] {
        let r = sec.post_form("/fees/payments", &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    let mut future = payment(&csrf, "190111", "15");
    future[3] = ("paid_on", "2023-03-02");
    let r = sec.post_form("/fees/payments", &future).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("晚于今天"), "{}", r.body);
    let mut nobody = payment(&csrf, "190111", "15");
    nobody[4] = ("paid_by", " ");
    let r = sec.post_form("/fees/payments", &nobody).await;
    assert!(r.body.contains("请填写缴款人"), "{}", r.body);
    for (student_no, reason, says) in [
        ("2019101", "困难", "没有学号为 2019101"),
        ("2019001", "", "请填写原因"),
    ] {
        let r = sec
            .post_form(
                "/fees/exemptions",
                &[
                    ("_csrf", &csrf),
                    ("student_no", student_no),
                    ("reason", reason),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    for (entry, says, status) in [
        ("abc", "不是记录序号", StatusCode::UNPROCESSABLE_ENTITY),
        ("77", "没有第 77 条", StatusCode::NOT_FOUND),
    ] {
        let r = sec
            .post_form(
                "/fees/corrections",
                &[
                    ("_csrf", &csrf),
                    ("entry", entry),
                    ("amount", "1"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, status, "{says}");
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    // A forged token, on every form.
    for path in POSTS {
        let r = sec
            .post_form(path, &payment("forged", "190111", "15"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert!(
        s.app
            .repo()
            .fee_entries(s.app.campaign.id, None)
            .await
            .unwrap()
            .is_empty()
    );

    let mut admin = s.app.login("admin").await;
    // The deadline is the admin's: a forged token is refused there too.
    let r = admin
        .post_form(
            "/fees/deadline",
            &[("_csrf", "forged"), ("deadline", "2023-03-05")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = admin.session_csrf().await;
    let r = admin
        .post_form(
            "/fees/deadline",
            &[("_csrf", &csrf), ("deadline", "10月19日")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("2022-10-19"), "{}", r.body);
    let campaign = s.app.campaign.id;
    assert_eq!(s.app.repo().fee_deadline(campaign).await.unwrap(), None);
    let r = admin
        .post_form(
            "/fees/deadline",
            &[("_csrf", &csrf), ("deadline", "2023-03-05")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = admin.get("/fees").await;
    assert!(
        page.body.contains("缴费截止：2023-03-05 · 还有 4 天"),
        "{}",
        page.body
    );
    // The admin sees both colleges' classes, and both owe.
    assert!(
        page.body.contains("data-class=\"190211\"") && page.body.contains("190111（30.00 元）")
    );
}

#[tokio::test]
async fn only_secretaries_and_the_admin_reach_the_ledger() {
    let s = setup().await;
    let mut anonymous = s.app.client();
    for path in ["/fees", "/fees.xlsx"] {
        let r = anonymous.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/login"), "{path}");
    }
    for path in POSTS {
        let r = anonymous.post_form(path, &[("amount", "15")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
    }
    for login in ["operator", "lead", "student", "screen"] {
        let mut c: Client = s.app.login(login).await;
        for path in ["/fees", "/fees.xlsx"] {
            assert_eq!(
                c.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{login} {path}"
            );
        }
        for path in POSTS {
            let r = c.post_form(path, &payment("x", "190111", "15")).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} {path}");
            assert!(r.body.contains("仅限"), "{login}: {}", r.body);
        }
        assert!(
            !c.get("/").await.body.contains("href=\"/fees\""),
            "{login}: no link"
        );
    }
    // The deadline is the admin's alone.
    let mut sec = s.app.login("secretary").await;
    let csrf = sec.session_csrf().await;
    let r = sec
        .post_form(
            "/fees/deadline",
            &[("_csrf", &csrf), ("deadline", "2023-03-05")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let campaign = s.app.campaign.id;
    assert_eq!(s.app.repo().fee_deadline(campaign).await.unwrap(), None);
    assert!(
        s.app
            .repo()
            .fee_entries(campaign, None)
            .await
            .unwrap()
            .is_empty()
    );
    let mut admin = s.app.login("admin").await;
    assert!(admin.get("/").await.body.contains("href=\"/fees\""));
}
