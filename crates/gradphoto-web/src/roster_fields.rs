//! The roster's fields as a person reads them: a label in the page's language (the Chinese
//! template header, or the English words the domain gives each column) and the value as text.
//! Shared by the student page, the "my record" page and the import report.

use gradphoto_domain::roster::Column;
use gradphoto_domain::{IdNumber, Sex, StudentRecord};

use crate::i18n::{Lang, Tr};

/// One labelled value for a table of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub label: String,
    pub value: String,
}

/// A column's label: `身份证号` or `ID number`.
pub fn label(column: Column, lang: Lang) -> String {
    match lang {
        Lang::Zh => column.header_zh().to_owned(),
        Lang::En => capitalize(column.label_en()),
    }
}

/// The label of a `StudentRecord` field named in snake_case (as in an import's changes).
pub fn field_label(field: &str, lang: Lang) -> String {
    Column::ALL
        .into_iter()
        .find(|c| c.field_name() == field)
        .map_or_else(|| field.to_owned(), |c| label(c, lang))
}

pub fn sex_text(sex: Sex, lang: Lang) -> &'static str {
    let t = Tr::new(lang);
    match sex {
        Sex::Male => t.s("sex.male"),
        Sex::Female => t.s("sex.female"),
    }
}

/// An ID number as the viewer may see it: whole, or masked to its first and last four.
pub fn id_text(id: &IdNumber, full: bool) -> String {
    if full {
        id.as_str().to_owned()
    } else {
        id.masked()
    }
}

/// A field's value as text, `None` when the roster leaves it empty.
pub fn value(record: &StudentRecord, column: Column, lang: Lang, full_id: bool) -> Option<String> {
    let text = |s: &Option<String>| s.clone();
    match column {
        Column::StudentNo => Some(record.student_no.to_string()),
        Column::Name => Some(record.name.clone()),
        Column::ClassCode => Some(record.class_code.to_string()),
        Column::Sex => record.sex.map(|s| sex_text(s, lang).to_owned()),
        Column::Ethnicity => text(&record.ethnicity),
        Column::BirthDate => record.birth_date.map(|d| d.to_string()),
        Column::IdNumber => record.id_number.as_ref().map(|id| id_text(id, full_id)),
        Column::ExamNo => text(&record.exam_no),
        Column::College => text(&record.college),
        Column::MajorCode => text(&record.major_code),
        Column::MajorName => text(&record.major_name),
        Column::Level => text(&record.level),
        Column::Duration => text(&record.duration),
        Column::StudyMode => text(&record.study_mode),
        Column::EnrolmentDate => record.enrolment_date.map(|d| d.to_string()),
        Column::GraduationDate => record.graduation_date.map(|d| d.to_string()),
        Column::SchoolCode => text(&record.school_code),
    }
}

/// Every roster field of a student, in the order of the roster template.
pub fn rows(record: &StudentRecord, lang: Lang, full_id: bool) -> Vec<FieldRow> {
    let none = Tr::new(lang).s("value.none");
    Column::ALL
        .into_iter()
        .map(|c| FieldRow {
            label: label(c, lang),
            value: value(record, c, lang, full_id).unwrap_or_else(|| none.to_owned()),
        })
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(label(Column::IdNumber, Lang::Zh), "身份证号");
        assert_eq!(label(Column::IdNumber, Lang::En), "ID number");
        assert_eq!(field_label("student_no", Lang::En), "Student number");
        assert_eq!(field_label("no_such_field", Lang::Zh), "no_such_field");
    }
}
