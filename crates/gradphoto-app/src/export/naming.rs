//! A student's file name in a package, from the profile's template (`{id_number}.jpg`,
//! `{college}/{class}/{student_no}_{name}.jpg`): each field's value made safe for every unpacker
//! (no path separators, no characters Windows refuses, no control characters, no `.`-only
//! names), so that no name can leave the archive's folder whatever the roster holds. Chinese
//! names stay as they are: the zip marks them UTF-8.

use gradphoto_domain::Msg;
use gradphoto_store::ExportCandidate;

/// The longest a field's value may be once made safe, in characters.
const FIELD_MAX: usize = 64;

/// The file's path in the package, or why the student has none (a field the template needs is
/// empty: no ID number on the roster).
pub fn entry_name(template: &str, c: &ExportCandidate) -> Result<String, Msg> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
        let field = &rest[open + 1..close];
        out.push_str(&field_value(field, c)?);
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

fn field_value(field: &str, c: &ExportCandidate) -> Result<String, Msg> {
    let (raw, zh, en) = match field {
        "id_number" => (c.id_number.as_deref(), "身份证号", "ID number"),
        "student_no" => (Some(c.student_no.as_str()), "学号", "student number"),
        "name" => (Some(c.name.as_str()), "姓名", "name"),
        "college" => (c.college_name.as_deref(), "学院", "college"),
        "class" => (Some(c.class_code.as_str()), "班级", "class"),
        other => (None, "", other),
    };
    let safe = safe(raw.unwrap_or(""));
    if safe.is_empty() {
        return Err(Msg::new(
            format!("名单中没有{zh}，无法按导出规格命名文件：请先在名单中补上"),
            format!(
                "the roster has no {en} for the student, which the file name needs: add it to the roster first"
            ),
        ));
    }
    Ok(safe)
}

/// A value as one path component: separators, characters Windows refuses and control
/// characters become `_`; leading and trailing dots and spaces go; at most [`FIELD_MAX`]
/// characters.
fn safe(raw: &str) -> String {
    let mapped: String = raw
        .chars()
        .map(|ch| match ch {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            ch if ch.is_control() => '_',
            ch => ch,
        })
        .take(FIELD_MAX)
        .collect();
    mapped
        .trim_matches(|ch: char| ch == '.' || ch.is_whitespace())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use gradphoto_domain::StudentId;

    use super::*;

    fn student(name: &str, id: Option<&str>, college: Option<&str>) -> ExportCandidate {
        ExportCandidate {
            student_id: StudentId(1),
            student_no: "2019001".into(),
            name: name.into(),
            id_number: id.map(str::to_owned),
            class_code: "190111".into(),
            college_name: college.map(str::to_owned),
            photo: None,
            proof: None,
        }
    }

    #[test]
    fn the_templates_of_the_profiles() {
        let s = student("李明", Some("110105200001010016"), Some("计算机学院"));
        assert_eq!(
            entry_name("{id_number}.jpg", &s).as_deref(),
            Ok("110105200001010016.jpg")
        );
        assert_eq!(
            entry_name("{college}/{class}/{student_no}_{name}.jpg", &s).as_deref(),
            Ok("计算机学院/190111/2019001_李明.jpg")
        );
    }

    #[test]
    fn no_name_can_leave_the_archive() {
        for evil in [
            "../../etc/passwd",
            "..",
            "/root",
            "a\\..\\b",
            "x\u{0}y",
            " . ",
        ] {
            let s = student(evil, Some("1"), Some(evil));
            match entry_name("{college}/{name}.jpg", &s) {
                Ok(name) => {
                    assert!(!name.starts_with('/'), "{evil}: {name}");
                    assert!(
                        name.split('/')
                            .all(|p| !p.is_empty() && p != ".." && p != "."),
                        "{evil}: {name}"
                    );
                    assert!(!name.contains('\\') && !name.contains('\u{0}'), "{name}");
                }
                Err(m) => assert!(m.en.contains("name") || m.en.contains("college"), "{m:?}"),
            }
        }
    }

    #[test]
    fn a_missing_field_is_said() {
        let s = student("李明", None, None);
        let m = entry_name("{id_number}.jpg", &s)
            .err()
            .unwrap_or_else(|| panic!("named"));
        assert!(m.zh.contains("身份证号") && m.en.contains("ID number"));
    }
}
