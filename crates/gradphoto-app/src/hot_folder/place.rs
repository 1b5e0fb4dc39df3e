//! Moving an answered file out of the hot folder: into `imported/<day>/` or `rejected/` (with
//! the reason beside it), under its own name or, when that is taken, `name-1.ext`, `name-2.ext`….
//! Moves are renames inside the folder's own filesystem, so they are atomic and never copy.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gradphoto_domain::Msg;

/// Where taken and duplicate files go, in a subfolder per shooting day.
pub const IMPORTED_DIR: &str = "imported";
/// Where refused files go, each with a `<name>.reason.txt`.
pub const REJECTED_DIR: &str = "rejected";

/// Moves `file` into `<dir>/imported/<day>/`; returns where it went. Blocking.
pub(super) fn to_imported(dir: &Path, file: &Path, day: NaiveDate) -> io::Result<PathBuf> {
    let target = dir
        .join(IMPORTED_DIR)
        .join(day.format("%Y-%m-%d").to_string());
    move_into(file, &target)
}

/// Moves `file` into `<dir>/rejected/` and writes the reason beside it; returns where it went.
/// The file is moved first: a reason that cannot be written is only logged, the file is safe.
/// Blocking.
pub(super) fn to_rejected(dir: &Path, file: &Path, reason: &Msg) -> io::Result<PathBuf> {
    let moved = move_into(file, &dir.join(REJECTED_DIR))?;
    let mut reason_path = moved.clone().into_os_string();
    reason_path.push(".reason.txt");
    let text = format!("{}\n{}\n", reason.zh, reason.en);
    if let Err(e) = std::fs::write(&reason_path, text) {
        tracing::warn!(
            file = %moved.display(),
            "cannot write the reason for a rejected file: {e}"
        );
    }
    Ok(moved)
}

fn move_into(file: &Path, target_dir: &Path) -> io::Result<PathBuf> {
    std::fs::create_dir_all(target_dir)?;
    let name = file
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path without a file name"))?;
    // Only this folder's task writes here, so a name found free stays free until the rename.
    let mut n = 0u32;
    let dest = loop {
        let candidate = target_dir.join(numbered(name, n));
        if !exists(&candidate)? {
            break candidate;
        }
        n += 1;
    };
    std::fs::rename(file, &dest)?;
    Ok(dest)
}

fn exists(path: &Path) -> io::Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// `name` for `n == 0`, else the name with `-n` before its extension: `IMG_1.JPG` →
/// `IMG_1-2.JPG`, `notes` → `notes-2`. A leading dot does not start an extension.
pub(super) fn numbered(name: &OsStr, n: u32) -> OsString {
    if n == 0 {
        return name.to_owned();
    }
    let path = Path::new(name);
    let mut out = path.file_stem().unwrap_or(name).to_owned();
    out.push(format!("-{n}"));
    if let Some(ext) = path.extension() {
        out.push(".");
        out.push(ext);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_keep_the_extension() {
        let n = |s: &str, i| numbered(OsStr::new(s), i).to_string_lossy().into_owned();
        assert_eq!(n("IMG_0001.JPG", 0), "IMG_0001.JPG");
        assert_eq!(n("IMG_0001.JPG", 2), "IMG_0001-2.JPG");
        assert_eq!(n("a.tar.gz", 1), "a.tar-1.gz");
        assert_eq!(n("notes", 1), "notes-1");
    }
}
