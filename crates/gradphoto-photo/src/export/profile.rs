//! Export profiles: what a registry (or the school's archive) takes — pixels, density, the file
//! size window, the quality range, how files are named, how the finished file is judged. A
//! profile is a TOML file; two ship with the build ([`Profile::built_in`]).

use serde::{Deserialize, Serialize};

use crate::PhotoError;

const CHSI_2017: &str = include_str!("chsi-2017.toml");
const SCHOOL_ARCHIVE: &str = include_str!("school-archive.toml");

/// The registry's floor for the JPEG quality (spec/national-rules.md §1).
pub const QUALITY_FLOOR: u8 = 60;

/// The fields a file name may use.
pub const NAMING_FIELDS: [&str; 5] = ["id_number", "student_no", "name", "college", "class"];

/// How the finished file is judged again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// As a final file: the file rules (pixels, density, size) and the geometry as it is.
    Final,
    /// As an original: for sizes the rule pack's final-file rules are not written for.
    Original,
    /// Not judged again.
    None,
}

/// One export profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub width: u32,
    pub height: u32,
    /// Written in the file's JFIF header.
    pub dpi: u16,
    pub min_bytes: usize,
    pub max_bytes: usize,
    pub min_quality: u8,
    pub max_quality: u8,
    /// `{id_number}.jpg`, `{college}/{class}/{student_no}_{name}.jpg`…
    pub naming: String,
    /// The rule pack the finished file is judged against.
    pub rules: String,
    pub check: Check,
}

impl Profile {
    /// The ids of the profiles that ship with the build.
    pub const BUILT_IN: [&'static str; 2] = ["chsi-2017", "school-archive"];

    /// A profile that ships with the build.
    pub fn built_in(id: &str) -> Result<Self, PhotoError> {
        match id {
            "chsi-2017" => Self::parse(CHSI_2017),
            "school-archive" => Self::parse(SCHOOL_ARCHIVE),
            other => Err(PhotoError::Profile(format!(
                "unknown profile {other} (known: {})",
                Self::BUILT_IN.join(", ")
            ))),
        }
    }

    /// Parses and checks a profile: sane pixels, a window, a quality range at or above the
    /// floor, a name template of known fields ending in `.jpg`.
    pub fn parse(text: &str) -> Result<Self, PhotoError> {
        let p: Profile = toml::from_str(text).map_err(|e| PhotoError::Profile(e.to_string()))?;
        let bad = |m: String| Err(PhotoError::Profile(m));
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return bad(format!(
                "id {:?}: lower-case letters, digits and - only",
                p.id
            ));
        }
        if !(16..=4000).contains(&p.width) || !(16..=4000).contains(&p.height) {
            return bad(format!(
                "{} × {} pixels: each side 16 to 4000",
                p.width, p.height
            ));
        }
        if !(72..=1200).contains(&p.dpi) {
            return bad(format!("{} dpi: 72 to 1200", p.dpi));
        }
        if p.min_bytes >= p.max_bytes || p.max_bytes > 20 * 1024 * 1024 {
            return bad(format!(
                "size window {}-{} bytes: the least under the most, at most 20 MB",
                p.min_bytes, p.max_bytes
            ));
        }
        if p.min_quality < QUALITY_FLOOR || p.min_quality > p.max_quality || p.max_quality > 100 {
            return bad(format!(
                "quality {}-{}: from {QUALITY_FLOOR} to 100, the least first",
                p.min_quality, p.max_quality
            ));
        }
        check_naming(&p.naming).map_err(PhotoError::Profile)?;
        Ok(p)
    }
}

/// A name template: known `{fields}`, nothing empty between slashes, ending in `.jpg`.
fn check_naming(naming: &str) -> Result<(), String> {
    if !naming.ends_with(".jpg") {
        return Err(format!("naming {naming:?} must end in .jpg"));
    }
    if naming.starts_with('/')
        || naming
            .split('/')
            .any(|part| part.is_empty() || part == "..")
    {
        return Err(format!(
            "naming {naming:?}: no empty folder, no .., no leading /"
        ));
    }
    let mut rest = naming;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("naming {naming:?}: a {{ without its }}"))?;
        let field = &rest[open + 1..open + close];
        if !NAMING_FIELDS.contains(&field) {
            return Err(format!(
                "naming {naming:?}: unknown field {{{field}}} (known: {})",
                NAMING_FIELDS.join(", ")
            ));
        }
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') || !naming.contains('{') {
        return Err(format!(
            "naming {naming:?}: fields are written {{student_no}}, and a name needs one"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profiles_parse() {
        let chsi = Profile::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((chsi.width, chsi.height, chsi.dpi), (480, 640, 300));
        assert_eq!((chsi.min_bytes, chsi.max_bytes), (20 * 1024, 40 * 1024));
        assert_eq!(chsi.naming, "{id_number}.jpg");
        let archive = Profile::built_in("school-archive").unwrap_or_else(|e| panic!("{e}"));
        assert!(archive.width > chsi.width);
        assert_eq!(archive.naming, "{college}/{class}/{student_no}_{name}.jpg");
        assert!(Profile::built_in("nope").is_err());
    }

    #[test]
    fn a_bad_profile_says_what_is_wrong() {
        let good = include_str!("chsi-2017.toml");
        for (from, to, says) in [
            ("min_quality = 60", "min_quality = 40", "quality"),
            ("max_bytes = 40960", "max_bytes = 10000", "window"),
            ("{id_number}.jpg", "{idnumber}.jpg", "unknown field"),
            ("{id_number}.jpg", "../{id_number}.jpg", "no .."),
            ("{id_number}.jpg", "{id_number}.png", ".jpg"),
            ("{id_number}.jpg", "photo.jpg", "needs one"),
            ("width = 480", "width = 0", "pixels"),
            ("dpi = 300", "dpi = 3", "dpi"),
            ("check = \"final\"", "check = \"maybe\"", "check"),
        ] {
            let text = good.replace(from, to);
            assert_ne!(text, good, "{from}");
            match Profile::parse(&text) {
                Err(PhotoError::Profile(m)) => assert!(m.contains(says), "{from}: {m}"),
                other => panic!("{from}: {other:?}"),
            }
        }
    }
}
