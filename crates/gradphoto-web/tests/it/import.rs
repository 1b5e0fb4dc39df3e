//! Importing the roster through the pages: check, report, confirm.

use axum::http::StatusCode;
use gradphoto_web::WebConfig;

use crate::helpers::{
    Client, FilePart, Resp, TestApp, hidden_value, id_number, roster_rows, spawn, spawn_with,
    spawn_with_roster, xlsx,
};

async fn upload(c: &mut Client, file_name: &str, bytes: &[u8]) -> Resp {
    let form = c.get("/import").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = form.csrf_field();
    c.post_multipart(
        "/import",
        &[("_csrf", &csrf)],
        Some(FilePart {
            name: "file",
            file_name,
            bytes,
        }),
    )
    .await
}

/// The confirmation form's action, `/import/{id}/confirm`.
fn confirm_action(page: &Resp) -> Option<String> {
    let start = page.body.find("action=\"/import/")? + "action=\"".len();
    let end = page.body[start..].find('"')? + start;
    Some(page.body[start..end].to_owned())
}

async fn names_on_roster(app: &TestApp, c: &mut Client) -> String {
    let _ = app;
    c.get("/students").await.body
}

#[tokio::test]
async fn upload_check_confirm_and_list() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let report = upload(&mut c, "2023届花名册.xlsx", &xlsx(&roster_rows())).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains("检查通过"), "{}", report.body);
    assert!(
        report.body.contains("<dt>新增学生</dt><dd>3</dd>"),
        "{}",
        report.body
    );
    assert!(report.body.contains("确认导入"));
    assert_eq!(app.student_count().await, 0, "a check writes nothing");

    let action = confirm_action(&report).expect("a confirmation form");
    let csrf = hidden_value(&report.body[report.body.find(&action).unwrap()..], "_csrf").unwrap();
    let done = c.post_form(&action, &[("_csrf", &csrf)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("导入完成"), "{}", done.body);
    assert!(done.body.contains("新增 3 名"), "{}", done.body);
    assert_eq!(app.student_count().await, 3);

    let list = names_on_roster(&app, &mut c).await;
    for name in ["李明", "王芳", "赵强"] {
        assert!(list.contains(name), "{name} on the roster");
    }
    // The same confirmation cannot be replayed.
    let again = c.post_form(&action, &[("_csrf", &csrf)]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("重新上传"), "{}", again.body);
}

#[tokio::test]
async fn a_bad_row_is_shown_with_its_number_and_nothing_is_written() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let mut rows = roster_rows();
    // Row 3 of the sheet (the header is row 1): a wrong check character.
    let good = id_number("11010520000202002");
    let wrong_check = if good.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{wrong_check}", &good[..17]);
    rows[2][5] = bad.clone();
    let report = upload(&mut c, "roster.xlsx", &xlsx(&rows)).await;
    assert_eq!(
        report.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        report.body
    );
    assert!(report.body.contains("第 3 行"), "{}", report.body);
    assert!(report.body.contains("身份证号"));
    assert!(report.body.contains(&bad), "the value is quoted");
    assert!(report.body.contains("未写入任何数据"));
    assert!(confirm_action(&report).is_none(), "no confirmation offered");
    assert!(app.state.uploads.is_empty());
    assert_eq!(app.student_count().await, 0);

    // The same report in English.
    let _ = c.get("/import?lang=en").await;
    let report = upload(&mut c, "roster.xlsx", &xlsx(&rows)).await;
    assert!(report.body.contains("Row 3"), "{}", report.body);
    assert!(report.body.contains("Nothing was written"));
}

#[tokio::test]
async fn a_photo_renamed_to_xlsx_gets_a_clear_error() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    jpeg.extend_from_slice(b"JFIF\0");
    jpeg.resize(2048, 0);
    let report = upload(&mut c, "roster.xlsx", &jpeg).await;
    assert_eq!(report.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(report.body.contains("JPEG"), "{}", report.body);
    assert!(report.body.contains("不是电子表格"), "{}", report.body);
    assert!(report.body.contains("整个文件"));
    assert_eq!(app.student_count().await, 0);
}

#[tokio::test]
async fn changed_students_are_listed_field_by_field() {
    let app = spawn_with_roster().await;
    let mut c = app.login("admin").await;
    let mut rows = roster_rows();
    rows[2][1] = "王芳芳".into();
    let report = upload(&mut c, "roster.xlsx", &xlsx(&rows)).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(
        report.body.contains("<dt>更新学生</dt><dd>1</dd>"),
        "{}",
        report.body
    );
    assert!(
        report.body.contains("<dt>无变化</dt><dd>2</dd>"),
        "{}",
        report.body
    );
    assert!(
        report.body.contains("<td>王芳</td><td>王芳芳</td>"),
        "before → after"
    );
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused_clearly() {
    let app = spawn_with(WebConfig {
        max_upload_bytes: 1024,
        ..WebConfig::default()
    })
    .await;
    let mut c = app.login("admin").await;
    // Over the file limit, and over the whole body limit.
    for size in [4 * 1024, 200 * 1024] {
        let r = upload(&mut c, "roster.xlsx", &vec![b'a'; size]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{size}");
        assert!(r.body.contains("超过了"), "{}", r.body);
    }
}

#[tokio::test]
async fn an_empty_form_asks_for_a_file() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    let csrf = c.get("/import").await.csrf_field();
    let r = c.post_multipart("/import", &[("_csrf", &csrf)], None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("没有收到文件"), "{}", r.body);
}

#[tokio::test]
async fn uploads_may_be_larger_than_forms() {
    let app = spawn().await;
    let mut c = app.login("admin").await;
    // Over the small limit of ordinary forms, well under the upload limit: read and judged.
    let mut csv = "学号,姓名,班级\n".to_owned();
    while csv.len() < 600 * 1024 {
        csv.push_str("x,y,z\n");
    }
    let r = upload(&mut c, "roster.csv", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("第 2 行"),
        "row problems, not a size refusal"
    );
}
