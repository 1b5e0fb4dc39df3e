//! The print sheets from the exports page: the admin starts them, the job's page links the
//! PDF, and poppler reads it back — every photographed student's eight prints at 300 ppi or
//! more, their names on the sheets, the student without a photo listed; every other role, no
//! session and bad input are refused with nothing started.

use axum::http::StatusCode;
use gradphoto_app::Shutdown;
use gradphoto_store::JobState;

use crate::exports::{finished, photographed, worker};
use crate::helpers::Client;

/// Runs `tool args FILE` on the PDF and returns its output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prints.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, scripts/setup-test-services): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The distinct images of a PDF, as `pdfimages -j` extracts them (JPEG streams as they are).
fn images(pdf: &[u8]) -> std::collections::BTreeSet<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-j")
        .arg(&path)
        .arg(dir.path().join("img"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_prints_every_photographed_student() {
    let s = photographed().await;
    let app = s.app.app().clone();
    let shutdown = Shutdown::new();
    let worker = worker(&app, &shutdown);
    let mut admin = s.app.login("admin").await;
    let page = admin.get("/exports").await;
    assert!(page.body.contains("id=\"prints-form\""), "{}", page.body);
    let csrf = admin.session_csrf().await;
    let r = admin
        .post_form(
            "/exports/prints",
            &[
                ("_csrf", &csrf),
                ("sheet", "6inch"),
                ("size", "35x49"),
                ("classes", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let job_page = r.location().to_owned();
    let id = gradphoto_store::JobId(job_page["/jobs/".len()..].parse().unwrap());
    let done = finished(&app, id).await;
    assert_eq!(done.state, JobState::Done, "{:?}", done.error);
    assert_eq!((done.progress_done, done.progress_total), (2, Some(2)));
    let shown = admin.get(&job_page).await;
    assert!(
        shown.body.contains("id=\"prints-download\""),
        "{}",
        shown.body
    );
    assert!(
        shown.body.contains("还没有采集到照片"),
        "the third student is listed"
    );
    let pdf = admin
        .get(&format!("/exports/prints/{}/download", id.0))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));

    // A cover and a sheet for each of the two students; eight placements of each image, each
    // 414 × 579 pixels (35 × 49 mm at 300 dpi) and drawn at 300 ppi or more.
    let info = poppler("pdfinfo", &[], &pdf.bytes);
    let field = |name: &str| {
        let line = info
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default();
        line[name.len()..].trim().to_owned()
    };
    assert_eq!(field("Pages:"), "3", "{info}");
    // 152 × 102 mm.
    assert_eq!(field("Page size:"), "430.866 x 289.134 pts", "{info}");
    let list = poppler("pdfimages", &["-list"], &pdf.bytes);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 16, "{list}");
    for row in &rows {
        assert_eq!((row[3], row[4], row[8]), ("414", "579", "jpeg"), "{list}");
        let ppi: u32 = row[12].parse().unwrap();
        assert!(ppi >= 300, "{list}");
    }
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf.bytes);
    for no in &s.numbers[..2] {
        assert!(text.contains(no.as_str()), "{no}: {text}");
    }
    assert!(
        !text.contains(s.numbers[2].as_str()),
        "no sheet for the student without a photo"
    );
    assert!(text.contains("共 2 人"), "{text}");

    // Another sheet of the same size takes the images cut the first time: the same bytes.
    let r = admin
        .post_form(
            "/exports/prints",
            &[
                ("_csrf", &csrf),
                ("sheet", "a4"),
                ("size", "35x49"),
                ("classes", ""),
            ],
        )
        .await;
    let again = gradphoto_store::JobId(r.location()["/jobs/".len()..].parse().unwrap());
    assert_eq!(finished(&app, again).await.state, JobState::Done);
    let a4 = admin
        .get(&format!("/exports/prints/{}/download", again.0))
        .await;
    assert_eq!(images(&a4.bytes), images(&pdf.bytes));
    shutdown.trigger();
    worker.await.unwrap();
}

#[tokio::test]
async fn only_the_admin_prints_and_bad_input_starts_nothing() {
    let s = crate::venue::setup().await;
    let app = s.app.app().clone();
    let before = app.repo.jobs(100).await.unwrap().len();
    let mut anonymous = s.app.client();
    let r = anonymous.get("/exports/prints/1/download").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = anonymous
        .post_form("/exports/prints", &[("sheet", "6inch")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for login in ["operator", "lead", "secretary", "student", "screen"] {
        let mut c: Client = s.app.login(login).await;
        assert_eq!(
            c.get("/exports/prints/1/download").await.status,
            StatusCode::FORBIDDEN,
            "{login}"
        );
        let r = c
            .post_form(
                "/exports/prints",
                &[("_csrf", "x"), ("sheet", "6inch"), ("size", "35x49")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        assert!(r.body.contains("仅限"), "{login}: {}", r.body);
    }
    let mut admin = s.app.login("admin").await;
    let r = admin
        .post_form(
            "/exports/prints",
            &[("_csrf", "forged"), ("sheet", "6inch"), ("size", "35x49")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = admin.session_csrf().await;
    for (sheet, size, says) in [
        ("7inch", "35x49", "没有“7inch”这种相纸"),
        ("6inch", "40x60", "没有“40x60”这种二寸尺寸"),
    ] {
        let r = admin
            .post_form(
                "/exports/prints",
                &[("_csrf", &csrf), ("sheet", sheet), ("size", size)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(r.body.contains(says), "{says}: {}", r.body);
    }
    for path in [
        "/exports/prints/999/download",
        "/exports/prints/abc/download",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        app.repo.jobs(100).await.unwrap().len(),
        before,
        "nothing was started"
    );
}
