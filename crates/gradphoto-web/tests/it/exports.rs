//! The registry package: the admin starts it on /exports, the job's page follows it and links
//! the zip; every JPEG in it is checked by ImageMagick's identify (another decoder than ours):
//! 480 × 640, RGB, 300 dpi, baseline, inside 20–40 KB; names and manifest rows match; the same
//! data give the same bytes; a later package holds only the student changed since; a photo that
//! cannot fit the window is listed, not exported; a student without a photo is listed with the
//! reason. Only the admin reaches any of it, and bad input is refused with nothing started.

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use axum::http::StatusCode;
use gradphoto_app::export::{self, Params, Profile, Selection, Summary};
use gradphoto_app::jobs::{self, RunnerOptions};
use gradphoto_app::review::actions;
use gradphoto_app::{App, Shutdown};
use gradphoto_store::{Actor, JobState};

use crate::capture_support::{CaptureApp, capture_app, large_face_photo, portrait, sha256_hex};
use crate::helpers::Client;

/// Three students checked in; the first two photographed (a 1200 × 1600 original each) and
/// accepted, the third not.
pub(crate) async fn photographed() -> CaptureApp {
    let s = capture_app(3).await;
    s.check_in_all().await;
    let mut c = s.app.client();
    let src = portrait();
    for who in 0..2 {
        let ticket = s.call_next(&mut c, 0).await;
        let photo = large_face_photo(&src, who, 1200, 1600);
        let frame = s.upload_ok(&mut c, 0, ticket, &photo).await;
        let r = s
            .decide(&mut c, frame, serde_json::json!({"action": "accept"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    s
}

pub(crate) fn params(profile: Profile) -> Params {
    Params {
        profile,
        selection: Selection {
            require_proof: false,
            classes: Vec::new(),
        },
        since: None,
    }
}

pub(crate) fn chsi() -> Profile {
    Profile::built_in("chsi-2017").unwrap()
}

/// The entries of a zip, by name.
pub(crate) fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(name, data);
    }
    out
}

/// What ImageMagick's identify says of a JPEG: width, height, colourspace, type, x and y
/// density, density units, interlace.
fn identify(jpeg: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.jpg");
    std::fs::write(&path, jpeg).unwrap();
    let out = std::process::Command::new("identify")
        .args([
            "-format",
            "%w %h %[colorspace] %[type] %x %y %U %[interlace]",
        ])
        .arg(&path)
        .output()
        .expect("ImageMagick's identify (scripts/setup-test-services installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The job once it has finished (two minutes at most).
pub(crate) async fn finished(app: &App, id: gradphoto_store::JobId) -> gradphoto_store::Job {
    tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            let job = app.repo.job(id).await.unwrap().unwrap();
            if job.state.is_finished() {
                return job;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the job finished")
}

/// A job worker on `app` until `shutdown`.
pub(crate) fn worker(app: &App, shutdown: &Shutdown) -> tokio::task::JoinHandle<()> {
    tokio::spawn(jobs::run(
        app.clone(),
        "w1".into(),
        jobs::handlers(),
        RunnerOptions {
            poll: Duration::from_millis(50),
            ..RunnerOptions::default()
        },
        shutdown.clone(),
    ))
}

pub(crate) async fn export_to(
    app: &App,
    params: &Params,
    dir: &std::path::Path,
    name: &str,
) -> Summary {
    let path = dir.join(name);
    export::registry::export_to_file(app, params, &path, &Actor::system("test"), None)
        .await
        .unwrap()
        .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_exports_from_the_page_and_every_file_meets_the_spec() {
    let s = photographed().await;
    let app = s.app.app().clone();
    let shutdown = Shutdown::new();
    let worker = worker(&app, &shutdown);
    let mut admin = s.app.login("admin").await;
    let page = admin.get("/exports").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"exports-empty\""), "{}", page.body);
    let csrf = admin.session_csrf().await;
    let r = admin
        .post_form(
            "/exports",
            &[("_csrf", &csrf), ("profile", "chsi-2017"), ("since", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let job_page = r.location().to_owned();
    assert!(job_page.starts_with("/jobs/"), "{job_page}");
    let id = gradphoto_store::JobId(job_page["/jobs/".len()..].parse().unwrap());
    let done = finished(&app, id).await;
    assert_eq!(done.state, JobState::Done, "{:?}", done.error);
    assert_eq!((done.progress_done, done.progress_total), (2, Some(2)));

    // The job's page says what the package holds, who was left out, and links it.
    let shown = admin.get(&job_page).await;
    assert!(
        shown.body.contains("id=\"export-download\""),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("还没有采集到照片"), "{}", shown.body);
    assert!(shown.body.contains(&s.numbers[2]), "{}", shown.body);
    let summary: Summary = serde_json::from_value(done.result.unwrap()).unwrap();
    assert_eq!((summary.exported, summary.left_out.len()), (2, 1));
    let zip = admin
        .get(&format!("/exports/{}/download", summary.batch_id))
        .await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.headers["content-type"], "application/zip");
    assert_eq!(sha256_hex(&zip.bytes), summary.sha256);
    assert!(
        admin
            .get("/exports")
            .await
            .body
            .contains(&format!("/exports/{}/download", summary.batch_id))
    );

    let entries = unzip(&zip.bytes);
    let manifest = String::from_utf8(entries["manifest.csv"].clone()).unwrap();
    let rows: Vec<Vec<String>> = manifest
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "学号",
            "姓名",
            "身份证号",
            "file",
            "bytes",
            "quality",
            "sha256"
        ]
    );
    assert_eq!(rows.len(), 3, "{manifest}");
    assert!(entries.contains_key("manifest.xlsx") && entries.contains_key("README.txt"));
    for row in &rows[1..] {
        // Named by the ID number, as the registry's default profile says.
        assert_eq!(row[3], format!("{}.jpg", row[2]));
        let jpeg = &entries[&row[3]];
        assert_eq!(row[4], jpeg.len().to_string());
        assert_eq!(row[6], sha256_hex(jpeg));
        assert!(row[5].parse::<u8>().unwrap() >= 60, "{row:?}");
        assert!(
            (20 * 1024..=40 * 1024).contains(&jpeg.len()),
            "{} bytes",
            jpeg.len()
        );
        assert_eq!(
            identify(jpeg),
            "480 640 sRGB TrueColor 300 300 PixelsPerInch None",
            "{}",
            row[3]
        );
    }
    assert_eq!(
        entries.len(),
        2 + 3,
        "two photos, the manifests and the README"
    );
    shutdown.trigger();
    worker.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packages_are_reproducible_incremental_and_never_forced() {
    let s = photographed().await;
    let app = s.app.app().clone();
    let dir = tempfile::tempdir().unwrap();
    let first = export_to(&app, &params(chsi()), dir.path(), "a.zip").await;
    let again = export_to(&app, &params(chsi()), dir.path(), "b.zip").await;
    let a = std::fs::read(dir.path().join("a.zip")).unwrap();
    assert_eq!(
        a,
        std::fs::read(dir.path().join("b.zip")).unwrap(),
        "byte-identical"
    );
    assert_eq!((first.sha256.clone(), first.exported), (again.sha256, 2));
    assert_ne!(first.batch_id, again.batch_id);

    // The archive profile: Chinese folder and file names, read back as written (UTF-8 flag).
    let archive = export_to(
        &app,
        &params(Profile::built_in("school-archive").unwrap()),
        dir.path(),
        "archive.zip",
    )
    .await;
    assert_eq!(archive.exported, 2);
    let names: Vec<String> = unzip(&std::fs::read(dir.path().join("archive.zip")).unwrap())
        .into_keys()
        .collect();
    let expected = format!("信息工程学院/190111/{}_学生甲甲.jpg", s.numbers[0]);
    assert!(names.contains(&expected), "{names:?}");

    // One student's name corrected: the next package since the first holds only them.
    let second = s.app.student_id(&s.numbers[1]).await;
    actions::correct_field(&app, second, "name", "学生改名", &Actor::system("test"))
        .await
        .unwrap();
    let since = Params {
        since: Some(first.batch_id),
        ..params(chsi())
    };
    let changed = export_to(&app, &since, dir.path(), "c.zip").await;
    assert_eq!((changed.exported, changed.unchanged), (1, 1));
    let entries = unzip(&std::fs::read(dir.path().join("c.zip")).unwrap());
    let manifest = String::from_utf8(entries["manifest.csv"].clone()).unwrap();
    assert!(
        manifest.contains("学生改名") && !manifest.contains(&s.numbers[0]),
        "{manifest}"
    );

    // A window no photo can meet: every photo is listed with the reason, none is forced in.
    let tiny = Profile {
        min_bytes: 2000,
        max_bytes: 3000,
        ..chsi()
    };
    let none = export_to(&app, &params(tiny), dir.path(), "d.zip").await;
    assert_eq!(none.exported, 0);
    let over: Vec<_> = none
        .left_out
        .iter()
        .filter(|l| l.reason.en.contains("over the 2 KB limit"))
        .collect();
    assert_eq!(over.len(), 2, "{:?}", none.left_out);

    // By default only students who confirmed their current photo go in.
    let proofread = Params {
        selection: Selection::default(),
        ..params(chsi())
    };
    let unconfirmed = export_to(&app, &proofread, dir.path(), "e.zip").await;
    assert_eq!(unconfirmed.exported, 0);
    assert!(
        unconfirmed
            .left_out
            .iter()
            .any(|l| l.reason.en.contains("has not proofread")),
        "{:?}",
        unconfirmed.left_out
    );

    // An earlier batch that does not exist: the export fails saying so, and leaves nothing.
    let batches = export::overview(&app).await.unwrap().batches.len();
    let out = tempfile::tempdir().unwrap();
    let err = export::registry::export_to_file(
        &app,
        &Params {
            since: Some(999),
            ..params(chsi())
        },
        &out.path().join("package.zip"),
        &Actor::system("test"),
        None,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("no export batch 999"), "{err}");
    assert_eq!(export::overview(&app).await.unwrap().batches.len(), batches);
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no file left behind"
    );
}

#[tokio::test]
async fn only_the_admin_exports_and_bad_input_starts_nothing() {
    let s = crate::venue::setup().await;
    let app = s.app.app().clone();
    let before = app.repo.jobs(100).await.unwrap().len();
    let mut anonymous = s.app.client();
    for path in ["/exports", "/exports/1/download"] {
        let r = anonymous.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/login"), "{path}");
    }
    let r = anonymous
        .post_form("/exports", &[("profile", "chsi-2017")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for login in ["operator", "lead", "secretary", "student", "screen"] {
        let mut c: Client = s.app.login(login).await;
        for path in ["/exports", "/exports/1/download"] {
            assert_eq!(
                c.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{login} {path}"
            );
        }
        // Refused for the role (仅限 …), before the form's token is even looked at.
        let r = c
            .post_form("/exports", &[("_csrf", "x"), ("profile", "chsi-2017")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
        assert!(r.body.contains("仅限"), "{login}: {}", r.body);
        let page = c.get("/").await;
        assert!(!page.body.contains("href=\"/exports\""), "{login}: no link");
    }
    let mut admin = s.app.login("admin").await;
    assert!(admin.get("/").await.body.contains("href=\"/exports\""));
    let r = admin
        .post_form("/exports", &[("_csrf", "forged"), ("profile", "chsi-2017")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = admin.session_csrf().await;
    let r = admin
        .post_form(
            "/exports",
            &[("_csrf", &csrf), ("profile", "../etc/x.toml")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("没有名为") && r.body.contains("请从列表中选择"),
        "{}",
        r.body
    );
    let r = admin
        .post_form(
            "/exports",
            &[("_csrf", &csrf), ("profile", "chsi-2017"), ("since", "abc")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("不是批次编号"));
    for path in ["/exports/999/download", "/exports/abc/download"] {
        let r = admin.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("没有编号为"), "{}", r.body);
    }
    assert_eq!(
        app.repo.jobs(100).await.unwrap().len(),
        before,
        "nothing was started"
    );
}
