//! The roster's columns and the header names (Chinese and English, with synonyms) that name them.
//!
//! Universities export rosters from many systems, each with its own wording: `学号`, `学生学号`,
//! `Student ID` all name the same column. Headers are compared after folding full-width
//! characters, case, white space and the separators `_` and `-`, and after dropping a required
//! marker (`*`) or a trailing note in brackets (`出生日期（YYYY-MM-DD）`).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    StudentNo,
    Name,
    ClassCode,
    Sex,
    Ethnicity,
    BirthDate,
    IdNumber,
    ExamNo,
    College,
    MajorCode,
    MajorName,
    Level,
    Duration,
    StudyMode,
    EnrolmentDate,
    GraduationDate,
    SchoolCode,
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A code made of letters and digits (学号, 身份证号, 考生号, 班级, ...): a spreadsheet number
    /// that lost digits is an error, never a guess.
    Code,
    /// A date (出生日期, 入学日期, 预计毕业日期).
    Date,
    /// Free text (姓名, 学院, 专业名称, ...).
    Text,
}

impl Column {
    /// Every column, in the order of the roster template.
    pub const ALL: [Column; 17] = [
        Column::StudentNo,
        Column::Name,
        Column::ClassCode,
        Column::Sex,
        Column::Ethnicity,
        Column::BirthDate,
        Column::IdNumber,
        Column::ExamNo,
        Column::College,
        Column::MajorCode,
        Column::MajorName,
        Column::Level,
        Column::Duration,
        Column::StudyMode,
        Column::EnrolmentDate,
        Column::GraduationDate,
        Column::SchoolCode,
    ];

    /// The columns every roster must have.
    pub const REQUIRED: [Column; 3] = [Column::StudentNo, Column::Name, Column::ClassCode];

    pub fn is_required(self) -> bool {
        Self::REQUIRED.contains(&self)
    }

    /// The usual Chinese header, as in the roster template.
    pub fn header_zh(self) -> &'static str {
        self.synonyms()[0]
    }

    /// The English header, as in the roster template.
    pub fn header_en(self) -> &'static str {
        match self {
            Column::StudentNo => "student_no",
            Column::Name => "name",
            Column::ClassCode => "class_code",
            Column::Sex => "sex",
            Column::Ethnicity => "ethnicity",
            Column::BirthDate => "birth_date",
            Column::IdNumber => "id_number",
            Column::ExamNo => "exam_no",
            Column::College => "college",
            Column::MajorCode => "major_code",
            Column::MajorName => "major_name",
            Column::Level => "level",
            Column::Duration => "duration",
            Column::StudyMode => "study_mode",
            Column::EnrolmentDate => "enrolment_date",
            Column::GraduationDate => "graduation_date",
            Column::SchoolCode => "school_code",
        }
    }

    /// The column in plain English words, for messages: `student number`, `ID number`.
    pub fn label_en(self) -> &'static str {
        match self {
            Column::StudentNo => "student number",
            Column::Name => "name",
            Column::ClassCode => "class",
            Column::Sex => "sex",
            Column::Ethnicity => "ethnicity",
            Column::BirthDate => "birth date",
            Column::IdNumber => "ID number",
            Column::ExamNo => "exam number",
            Column::College => "college",
            Column::MajorCode => "major code",
            Column::MajorName => "major",
            Column::Level => "level",
            Column::Duration => "length of study",
            Column::StudyMode => "mode of study",
            Column::EnrolmentDate => "enrolment date",
            Column::GraduationDate => "graduation date",
            Column::SchoolCode => "school code",
        }
    }

    /// The name of the `StudentRecord` field the column fills (snake_case).
    pub fn field_name(self) -> &'static str {
        self.header_en()
    }

    pub fn kind(self) -> ColumnKind {
        match self {
            Column::StudentNo
            | Column::ClassCode
            | Column::IdNumber
            | Column::ExamNo
            | Column::MajorCode
            | Column::SchoolCode => ColumnKind::Code,
            Column::BirthDate | Column::EnrolmentDate | Column::GraduationDate => ColumnKind::Date,
            Column::Name
            | Column::Sex
            | Column::Ethnicity
            | Column::College
            | Column::MajorName
            | Column::Level
            | Column::Duration
            | Column::StudyMode => ColumnKind::Text,
        }
    }

    /// The header names this column answers to; the first is the Chinese template header.
    /// "school" alone is deliberately absent: it means 学院 to some and 学校 to others.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Column::StudentNo => &[
                "学号",
                "学生编号",
                "学生学号",
                "student_no",
                "student number",
                "student id",
                "student_id",
            ],
            Column::Name => &["姓名", "学生姓名", "name", "student name"],
            Column::ClassCode => &[
                "班级",
                "班级代码",
                "班级编号",
                "班号",
                "班级号",
                "class",
                "class_code",
                "class no",
            ],
            Column::Sex => &["性别", "sex", "gender"],
            Column::Ethnicity => &["民族", "ethnicity", "nation"],
            Column::BirthDate => &[
                "出生日期",
                "出生年月",
                "出生年月日",
                "生日",
                "birth_date",
                "birthday",
                "date of birth",
            ],
            Column::IdNumber => &[
                "身份证号",
                "身份证号码",
                "身份证件号",
                "身份证件号码",
                "公民身份号码",
                "证件号码",
                "证件号",
                "身份证",
                "id_number",
                "id_card",
                "id_no",
            ],
            Column::ExamNo => &["考生号", "高考考生号", "exam_no", "exam number"],
            Column::College => &[
                "学院",
                "学院名称",
                "院系",
                "院系名称",
                "所在学院",
                "college",
                "college_name",
            ],
            Column::MajorCode => &["专业代码", "major_code"],
            Column::MajorName => &["专业名称", "专业", "major", "major_name"],
            Column::Level => &["层次", "培养层次", "学历层次", "level"],
            Column::Duration => &["学制", "duration"],
            Column::StudyMode => &["学习形式", "study_mode"],
            Column::EnrolmentDate => &[
                "入学日期",
                "入学时间",
                "入学年月",
                "enrolment_date",
                "enrollment_date",
            ],
            Column::GraduationDate => &[
                "预计毕业日期",
                "毕业日期",
                "预计毕业时间",
                "毕业时间",
                "graduation_date",
            ],
            Column::SchoolCode => &["院校代码", "学校代码", "school_code"],
        }
    }

    /// The column a header names, if any. Case, white space, full-width characters, `_`/`-`,
    /// a `*` marker and a trailing bracketed note are ignored.
    pub fn from_header(header: &str) -> Option<Column> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        lookup(&key).or_else(|| {
            let stripped = strip_bracket_note(&key);
            if stripped.is_empty() || stripped.len() == key.len() {
                None
            } else {
                lookup(stripped)
            }
        })
    }
}

fn lookup(key: &str) -> Option<Column> {
    Column::ALL
        .into_iter()
        .find(|c| c.synonyms().iter().any(|s| header_key(s) == key))
}

/// Folds a header to the form synonyms are compared in.
fn header_key(header: &str) -> String {
    header
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `出生日期(yyyy-mm-dd)` → `出生日期`. The key is already folded, so brackets are ASCII.
fn strip_bracket_note(key: &str) -> &str {
    match key.strip_suffix(')').and_then(|k| k.rfind('(')) {
        Some(open) => &key[..open],
        None => key,
    }
}

/// The spreadsheet's letter for a 0-based column index: 0 → `A`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_synonyms() {
        assert_eq!(Column::from_header("学号"), Some(Column::StudentNo));
        assert_eq!(Column::from_header("学生学号"), Some(Column::StudentNo));
        assert_eq!(Column::from_header("Student ID"), Some(Column::StudentNo));
        assert_eq!(Column::from_header("STUDENT_NO"), Some(Column::StudentNo));
        assert_eq!(
            Column::from_header("student number"),
            Some(Column::StudentNo)
        );
        assert_eq!(
            Column::from_header("Date of Birth"),
            Some(Column::BirthDate)
        );
        assert_eq!(Column::from_header("出生年月"), Some(Column::BirthDate));
        assert_eq!(Column::from_header("ID Number"), Some(Column::IdNumber));
        assert_eq!(Column::from_header("id card"), Some(Column::IdNumber));
        assert_eq!(Column::from_header("证件号码"), Some(Column::IdNumber));
        assert_eq!(Column::from_header("班号"), Some(Column::ClassCode));
        assert_eq!(Column::from_header("Gender"), Some(Column::Sex));
        assert_eq!(Column::from_header("院系"), Some(Column::College));
        assert_eq!(Column::from_header("专业"), Some(Column::MajorName));
        assert_eq!(Column::from_header("专业代码"), Some(Column::MajorCode));
        assert_eq!(Column::from_header("入学时间"), Some(Column::EnrolmentDate));
        assert_eq!(Column::from_header("学校代码"), Some(Column::SchoolCode));
    }

    #[test]
    fn spacing_full_width_and_notes_are_ignored() {
        assert_eq!(Column::from_header(" 姓　名 "), Some(Column::Name));
        assert_eq!(Column::from_header("ｎａｍｅ"), Some(Column::Name));
        assert_eq!(Column::from_header("*学号"), Some(Column::StudentNo));
        assert_eq!(
            Column::from_header("出生日期（YYYY-MM-DD）"),
            Some(Column::BirthDate)
        );
        assert_eq!(Column::from_header("班级(必填)"), Some(Column::ClassCode));
    }

    #[test]
    fn unknown_and_ambiguous_headers() {
        assert_eq!(Column::from_header("school"), None);
        assert_eq!(Column::from_header("手机号"), None);
        assert_eq!(Column::from_header(""), None);
        assert_eq!(Column::from_header("（备注）"), None);
    }

    #[test]
    fn every_column_names_itself() {
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.header_zh()), Some(c), "{c:?}");
            assert_eq!(Column::from_header(c.header_en()), Some(c), "{c:?}");
        }
    }

    #[test]
    fn no_synonym_names_two_columns() {
        for a in Column::ALL {
            for s in a.synonyms() {
                assert_eq!(lookup(&header_key(s)), Some(a), "{s}");
            }
        }
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
