//! The roster's columns and the header names (Chinese and English, with synonyms) that name them.

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
