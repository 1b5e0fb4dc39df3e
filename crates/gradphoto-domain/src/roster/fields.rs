//! A student record seen column by column: each field as text (for showing what an import
//! changes) and copied from one record to another (for keeping stored values of columns a file
//! does not have).

use super::Column;
use crate::StudentRecord;

/// The field a column fills, as text: dates `YYYY-MM-DD`, sex `男`/`女`, the ID number as
/// stored. `None` when the record has no value.
pub fn field_text(record: &StudentRecord, column: Column) -> Option<String> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    match column {
        Column::StudentNo => Some(record.student_no.as_str().to_owned()),
        Column::Name => Some(record.name.clone()),
        Column::ClassCode => Some(record.class_code.as_str().to_owned()),
        Column::Sex => record.sex.map(|s| s.as_str().to_owned()),
        Column::Ethnicity => record.ethnicity.clone(),
        Column::BirthDate => date(record.birth_date),
        Column::IdNumber => record.id_number.as_ref().map(|i| i.as_str().to_owned()),
        Column::ExamNo => record.exam_no.clone(),
        Column::College => record.college.clone(),
        Column::MajorCode => record.major_code.clone(),
        Column::MajorName => record.major_name.clone(),
        Column::Level => record.level.clone(),
        Column::Duration => record.duration.clone(),
        Column::StudyMode => record.study_mode.clone(),
        Column::EnrolmentDate => date(record.enrolment_date),
        Column::GraduationDate => date(record.graduation_date),
        Column::SchoolCode => record.school_code.clone(),
    }
}

/// Copies the field a column fills from `from` into `into`.
pub fn copy_field(into: &mut StudentRecord, from: &StudentRecord, column: Column) {
    match column {
        Column::StudentNo => into.student_no = from.student_no.clone(),
        Column::Name => into.name = from.name.clone(),
        Column::ClassCode => into.class_code = from.class_code.clone(),
        Column::Sex => into.sex = from.sex,
        Column::Ethnicity => into.ethnicity = from.ethnicity.clone(),
        Column::BirthDate => into.birth_date = from.birth_date,
        Column::IdNumber => into.id_number = from.id_number.clone(),
        Column::ExamNo => into.exam_no = from.exam_no.clone(),
        Column::College => into.college = from.college.clone(),
        Column::MajorCode => into.major_code = from.major_code.clone(),
        Column::MajorName => into.major_name = from.major_name.clone(),
        Column::Level => into.level = from.level.clone(),
        Column::Duration => into.duration = from.duration.clone(),
        Column::StudyMode => into.study_mode = from.study_mode.clone(),
        Column::EnrolmentDate => into.enrolment_date = from.enrolment_date,
        Column::GraduationDate => into.graduation_date = from.graduation_date,
        Column::SchoolCode => into.school_code = from.school_code.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Sex;

    fn record() -> StudentRecord {
        StudentRecord {
            sex: Some(Sex::Female),
            birth_date: chrono::NaiveDate::from_ymd_opt(2001, 9, 5),
            college: Some("信息工程学院".into()),
            ..StudentRecord::minimal("19011101", "张三", "190111")
        }
    }

    #[test]
    fn text_of_fields() {
        let r = record();
        assert_eq!(field_text(&r, Column::Sex).as_deref(), Some("女"));
        assert_eq!(
            field_text(&r, Column::BirthDate).as_deref(),
            Some("2001-09-05")
        );
        assert_eq!(field_text(&r, Column::ClassCode).as_deref(), Some("190111"));
        assert_eq!(field_text(&r, Column::Level), None);
    }

    #[test]
    fn copying_every_column_makes_records_equal() {
        let from = record();
        let mut into = StudentRecord {
            name: "李四".into(),
            sex: None,
            college: None,
            level: Some("本科".into()),
            ..record()
        };
        for c in Column::ALL {
            copy_field(&mut into, &from, c);
        }
        assert_eq!(into, from);
    }
}
