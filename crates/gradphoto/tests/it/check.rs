//! `gradphoto check`: the binary run on a directory of registry photos made from the photo
//! crate's labelled fixture portrait — the exit code says whether any photo failed, `--json`
//! carries every rule's result, `--report` writes one page showing each photo, and a file that
//! is not a photo gets a clear error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gradphoto_photo::fixtures::{self, Layout, Rng};

fn gradphoto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .args(args)
        .env_remove("GRADPHOTO_DATABASE_URL")
        .env_remove("GRADPHOTO_CONFIG")
        .env_remove("GRADPHOTO_DATA_DIR")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A 480 × 640 registry photo composed as the fixture set composes them (the real portrait
/// shipped with the photo crate, a little sensor noise, the best quality within 40 KB).
fn photo(layout: &Layout) -> Vec<u8> {
    let src = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gradphoto-photo/fixtures/astronaut.png"
    ))
    .unwrap()
    .to_rgb8();
    let mut img = fixtures::compose(&src, layout);
    fixtures::noise(&mut img, 2.0, &mut Rng::new(7));
    fixtures::jpeg_within(&img, 40)
}

fn good() -> Layout {
    Layout::registry()
}

/// The head 60 px right of centre: the registry allows 24.
fn off_centre() -> Layout {
    Layout {
        centre_x: 300.0,
        ..Layout::registry()
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn results_of<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json.as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in the report: {json:#}"))
}

fn rule<'a>(checked: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    checked["verdict"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {checked:#}"))
}

#[test]
fn a_failing_photo_in_a_directory_fails_the_run_and_json_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    write(&photos, "1901110101.jpg", &photo(&good()));
    // Directories are searched recursively; other files in them are not photos to check.
    write(&photos, "班级/1901110102.jpg", &photo(&off_centre()));
    write(&photos, "班级/readme.txt", "not a photo".as_bytes());

    let out = gradphoto(&["--json", "check", photos.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2, "{json:#}");

    let good = results_of(&json, "1901110101.jpg");
    assert_eq!(good["verdict"]["overall"], "pass", "{good:#}");
    assert_eq!(good["verdict"]["reason"]["zh"], "合格");
    for id in ["head.top", "eyes.line", "face.width", "face.centred"] {
        assert_eq!(rule(good, id)["status"], "pass", "{id}: {good:#}");
        assert!(rule(good, id)["value"].is_number(), "{id}: {good:#}");
    }

    let bad = results_of(&json, "1901110102.jpg");
    assert_eq!(bad["verdict"]["overall"], "fail", "{bad:#}");
    let centred = rule(bad, "face.centred");
    assert_eq!(centred["status"], "fail", "{bad:#}");
    // The measured offset and the allowed range, as a person reads them.
    let offset = centred["value"].as_f64().unwrap();
    assert!((50.0..70.0).contains(&offset), "{centred:#}");
    assert!(!centred["range"].as_str().unwrap().is_empty());
    assert!(
        bad["verdict"]["reason"]["zh"]
            .as_str()
            .unwrap()
            .contains("偏右"),
        "{bad:#}"
    );
}

#[test]
fn photos_that_all_pass_exit_zero_and_the_report_shows_each_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a/1901110101.jpg", &photo(&good()));
    let white = Layout {
        bg: fixtures::Background::Solid([255, 255, 255]),
        ..good()
    };
    let b = write(dir.path(), "b/1901110103.jpg", &photo(&white));
    let report = dir.path().join("report.html");

    let out = gradphoto(&[
        "--lang",
        "en",
        "check",
        "--report",
        report.to_str().unwrap(),
        a.to_str().unwrap(),
        dir.path().join("b").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("2 photos: 2 pass"), "{text}");

    let html = std::fs::read_to_string(&report).unwrap();
    for p in [&a, &b] {
        assert!(html.contains(&p.display().to_string()), "{}", p.display());
    }
    // Each photo with its annotated preview, embedded so the page stands alone.
    assert_eq!(html.matches("src=\"data:image/jpeg;base64,").count(), 2);
    assert_eq!(html.matches("class=\"photo pass\"").count(), 2);
    // The selector that sorts the photos by a rule lists the pack's rules.
    assert!(html.contains("<option value=\"face.centred\">"), "{html}");
}

#[test]
fn a_text_file_gets_a_clear_error_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "名单.jpg", "学号,姓名\n1901,张三\n".as_bytes());

    let out = gradphoto(&["check", text.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = stdout(&out);
    assert!(said.contains("名单.jpg"), "{said}");
    assert!(
        said.contains("文件是文本文件，不是 JPEG 或 PNG 照片"),
        "{said}"
    );

    let json = gradphoto(&["--json", "check", text.to_str().unwrap()]);
    assert!(!json.status.success());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let en = json[0]["error"]["en"].as_str().unwrap();
    assert!(
        en.starts_with("The file is a text file, not a JPEG or PNG photo"),
        "{en}"
    );
    assert!(json[0]["verdict"].is_null());

    // A directory with no photos at all is refused, not reported as all passing.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = gradphoto(&["check", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("没有找到照片"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
