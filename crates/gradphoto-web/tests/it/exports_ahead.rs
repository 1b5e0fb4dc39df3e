//! The registry files and print images cut ahead: kept beside each original once its frame is
//! judged at the station, read by the package instead of cutting again, and the package the
//! same bytes either way; a kept file that does not match its sidecar is not used but cut again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::exports::{chsi, export_to, params, photographed, unzip};

/// The kept files under the blob store whose names start with `prefix` and end with `suffix`.
fn kept(root: &Path, prefix: &str, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                dirs.push(path);
            } else if name.starts_with(prefix) && name.ends_with(suffix) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The photos of a package, by file name.
fn photos(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    unzip(zip)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".jpg"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_cut_ahead_at_ingest_are_the_ones_the_package_holds() {
    let s = photographed().await;
    let app = s.app.app().clone();
    app.ahead.idle().await;
    let root = s.blob_dir();
    let files = kept(&root, "registry-v1-", ".jpg");
    assert_eq!(files.len(), 2, "one registry file per judged frame");
    assert_eq!(kept(&root, "registry-v1-", ".json").len(), 2);
    assert_eq!(kept(&root, "print-v1-414x579-300-", ".jpg").len(), 2);

    let dir = tempfile::tempdir().unwrap();
    let p = params(chsi());
    let first = export_to(&app, &p, dir.path(), "a.zip").await;
    assert_eq!(first.exported, 2, "{:?}", first.left_out);
    let a = photos(&std::fs::read(dir.path().join("a.zip")).unwrap());
    let mut in_zip: Vec<_> = a.values().cloned().collect();
    let mut ahead: Vec<_> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    in_zip.sort();
    ahead.sort();
    assert_eq!(
        in_zip, ahead,
        "the package holds the files cut ahead, byte for byte"
    );

    // The package reads the kept file: one student's file swapped for the other's (its sidecar
    // naming the new bytes) is what goes in.
    let (x, y) = (&files[0], &files[1]);
    let (x_bytes, y_bytes) = (std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
    let sidecar = x.with_extension("json");
    let mut side: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sidecar).unwrap()).unwrap();
    assert_eq!(side["sha256"], hex::encode(Sha256::digest(&x_bytes)));
    side["sha256"] = hex::encode(Sha256::digest(&y_bytes)).into();
    std::fs::write(&sidecar, serde_json::to_vec(&side).unwrap()).unwrap();
    std::fs::write(x, &y_bytes).unwrap();
    export_to(&app, &p, dir.path(), "b.zip").await;
    let b = photos(&std::fs::read(dir.path().join("b.zip")).unwrap());
    let swapped = a.iter().find(|(_, v)| **v == x_bytes).unwrap().0;
    assert_eq!(b[swapped], y_bytes);

    // A kept file that is not the one its sidecar names is cut again from the original: the
    // package is the first one again, and the kept file is whole again.
    std::fs::write(x, b"not the file").unwrap();
    export_to(&app, &p, dir.path(), "c.zip").await;
    assert_eq!(
        std::fs::read(dir.path().join("c.zip")).unwrap(),
        std::fs::read(dir.path().join("a.zip")).unwrap(),
        "byte-identical to the package made from the files cut ahead"
    );
    assert_eq!(std::fs::read(x).unwrap(), x_bytes);
}
