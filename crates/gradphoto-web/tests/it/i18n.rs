//! Every piece of interface text exists in both languages, and every key the templates and the
//! code ask for is in the catalogue.

use std::path::Path;

use gradphoto_web::i18n::{entry, keys};

#[test]
fn every_key_has_chinese_and_english() {
    assert!(keys().count() > 50);
    for key in keys() {
        let (zh, en) = entry(key).unwrap_or_else(|| panic!("{key} has no entry"));
        assert!(!zh.trim().is_empty(), "{key}: no Chinese");
        assert!(!en.trim().is_empty(), "{key}: no English");
    }
}

/// Keys written as string literals after `t.s(`, `t.f(`, `t.f2(` or in the nav.
fn keys_used_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opener in ["t.s(\"", "t.f(\"", "t.f2(\"", ".s(\""] {
        let mut rest = text;
        while let Some(i) = rest.find(opener) {
            rest = &rest[i + opener.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
            }
        }
    }
    // Navigation keys are data: `item("/", "nav.overview", ...)`.
    let mut rest = text;
    while let Some(i) = rest.find("\"nav.") {
        rest = &rest[i + 1..];
        if let Some(end) = rest.find('"') {
            found.push(rest[..end].to_owned());
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "html") {
            out.push(p);
        }
    }
}

#[test]
fn every_key_used_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), &mut paths);
    files(&root.join("templates"), &mut paths);
    let mut checked = 0;
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        for key in keys_used_in(&text) {
            assert!(
                entry(&key).is_some(),
                "{} asks for \"{key}\", which the catalogue lacks",
                p.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} uses found: is the scan broken?"
    );
}
