//! A graduate on the roster, with the fields a university holds (national-rules §4).

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::{CampaignId, ClassId, IdNumber, Msg, StudentId};

/// 学号: up to 15 ASCII letters or digits, unique within a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct StudentNo(String);

impl StudentNo {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = normalize_code(raw);
        if s.is_empty() {
            return Err(Msg::new("学号为空", "student number is empty"));
        }
        if s.chars().count() > 15 {
            return Err(Msg::new(
                format!("学号“{s}”超过 15 个字符"),
                format!("student number \"{s}\" is longer than 15 characters"),
            ));
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Msg::new(
                format!("学号“{s}”只能包含字母和数字"),
                format!("student number \"{s}\" may hold only letters and digits"),
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 班级 code as the roster and the timetable give it: `190111`, `D217041`, `201451`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ClassCode(String);

impl ClassCode {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = normalize_code(raw).to_ascii_uppercase();
        if s.is_empty() {
            return Err(Msg::new("班级为空", "class is empty"));
        }
        if s.chars().count() > 20 || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Msg::new(
                format!("班级代码“{s}”应为不超过 20 位的字母和数字，例如 190111 或 D217041"),
                format!(
                    "class code \"{s}\" should be up to 20 letters and digits, e.g. 190111 or D217041"
                ),
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClassCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for StudentNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Folds full-width letters and digits to ASCII and drops all white space, the two ways codes
/// get mangled on their way through a spreadsheet.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Accepts 男/女, M/F, male/female, 1/2 (the national code GB/T 2261.1).
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        match normalize_code(raw).to_ascii_lowercase().as_str() {
            "男" | "m" | "male" | "1" => Ok(Sex::Male),
            "女" | "f" | "female" | "2" => Ok(Sex::Female),
            other => Err(Msg::new(
                format!("性别“{other}”无法识别，应为 男 或 女"),
                format!("sex \"{other}\" is not recognised; use 男 or 女 (male / female)"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// The roster fields of one student, validated. Only 学号, 姓名 and 班级 are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentRecord {
    pub student_no: StudentNo,
    pub name: String,
    pub class_code: ClassCode,
    pub sex: Option<Sex>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    #[serde(serialize_with = "ser_id_number")]
    pub id_number: Option<IdNumber>,
    pub exam_no: Option<String>,
    pub college: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub level: Option<String>,
    pub duration: Option<String>,
    pub study_mode: Option<String>,
    pub enrolment_date: Option<NaiveDate>,
    pub graduation_date: Option<NaiveDate>,
    pub school_code: Option<String>,
}

#[cfg(test)]
impl StudentRecord {
    /// A record with the required fields only, for tests.
    #[allow(clippy::unwrap_used)]
    pub(crate) fn minimal(no: &str, name: &str, class: &str) -> Self {
        Self {
            student_no: StudentNo::parse(no).unwrap(),
            name: name.into(),
            class_code: ClassCode::parse(class).unwrap(),
            sex: None,
            ethnicity: None,
            birth_date: None,
            id_number: None,
            exam_no: None,
            college: None,
            major_code: None,
            major_name: None,
            level: None,
            duration: None,
            study_mode: None,
            enrolment_date: None,
            graduation_date: None,
            school_code: None,
        }
    }
}

fn ser_id_number<S: Serializer>(v: &Option<IdNumber>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(id) => s.serialize_some(id.as_str()),
        None => s.serialize_none(),
    }
}

/// A stored student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Student {
    pub id: StudentId,
    pub campaign_id: CampaignId,
    pub class_id: ClassId,
    #[serde(flatten)]
    pub record: StudentRecord,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised() {
        assert_eq!(ClassCode::parse(" d217041 ").unwrap().as_str(), "D217041");
        assert_eq!(
            StudentNo::parse("１９０１１１０１").unwrap().as_str(),
            "19011101"
        );
        assert!(StudentNo::parse("1234567890123456").is_err());
        assert!(ClassCode::parse("19-01").is_err());
    }

    #[test]
    fn sex_words() {
        assert_eq!(Sex::parse("女").unwrap(), Sex::Female);
        assert_eq!(Sex::parse("M").unwrap(), Sex::Male);
        assert!(Sex::parse("x").is_err());
    }
}
