//! What a student shows at the desk: a resident ID card (or permit) read or typed, a 学信网
//! collection code scanned from its QR, or a campus student number. [`Credential::parse_typed`]
//! turns whatever a reader, scanner or person typed into one of them.

use serde::Serialize;

use crate::student::normalize_code;
use crate::{IdNumber, Msg, StudentNo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    ResidentId,
    ChsiCode,
    StudentNo,
}

impl CredentialKind {
    pub fn code(self) -> &'static str {
        match self {
            CredentialKind::ResidentId => "resident_id",
            CredentialKind::ChsiCode => "chsi_code",
            CredentialKind::StudentNo => "student_no",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::ResidentId, Self::ChsiCode, Self::StudentNo]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            CredentialKind::ResidentId => Msg::new("身份证", "ID card"),
            CredentialKind::ChsiCode => Msg::new("学信网采集码", "CHSI collection code"),
            CredentialKind::StudentNo => Msg::new("学号", "student number"),
        }
    }
}

/// A 学信网 collection code: an opaque token from the student's QR code. Its content means
/// nothing to the school; it is bound to a student the first time it is seen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChsiCode(String);

impl ChsiCode {
    /// Codes are long: anything shorter than this is more likely a typo of something else.
    pub const MIN_LEN: usize = 16;
    pub const MAX_LEN: usize = 4096;

    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = raw.trim();
        let n = s.chars().count();
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&n) || s.chars().any(char::is_control) {
            return Err(Msg::new(
                "采集码格式不对：请重新扫描学生的学信网图像采集码",
                "this is not a collection code: scan the student's CHSI QR code again",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A credential as presented at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    IdNumber(IdNumber),
    StudentNo(StudentNo),
    ChsiCode(ChsiCode),
}

impl Credential {
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credential::IdNumber(_) => CredentialKind::ResidentId,
            Credential::StudentNo(_) => CredentialKind::StudentNo,
            Credential::ChsiCode(_) => CredentialKind::ChsiCode,
        }
    }

    /// Reads what a card reader, a barcode scanner or a person typed into the desk's field.
    ///
    /// Something shaped like an ID number (16 to 19 digits, perhaps ending in X, or a foreign
    /// permanent residence number) must be a valid one: a typo is reported, never taken for
    /// another kind. Short letters and digits are a student number; anything long is a
    /// collection code.
    pub fn parse_typed(raw: &str) -> Result<Self, Msg> {
        let s = normalize_code(raw);
        let digits_or_x = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c.eq_ignore_ascii_case(&'x'));
        let foreign_2017 = s.len() == 15
            && s.chars().take(3).all(|c| c.is_ascii_alphabetic())
            && s.chars().skip(3).all(|c| c.is_ascii_digit());
        if (digits_or_x && (16..=19).contains(&s.len())) || foreign_2017 {
            return IdNumber::parse(&s)
                .map(Credential::IdNumber)
                .map_err(|e| e.msg());
        }
        if let Ok(no) = StudentNo::parse(&s) {
            return Ok(Credential::StudentNo(no));
        }
        if raw.trim().chars().count() >= ChsiCode::MIN_LEN {
            return ChsiCode::parse(raw).map(Credential::ChsiCode);
        }
        Err(Msg::new(
            format!(
                "无法识别“{}”：请刷身份证、扫学信网采集码，或输入学号",
                raw.trim()
            ),
            format!(
                "\"{}\" is not recognised: swipe the ID card, scan the CHSI code, or type the student number",
                raw.trim()
            ),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn typed_credentials() {
        let id = Credential::parse_typed(" 11010519491231002x\r").unwrap();
        assert_eq!(id.kind(), CredentialKind::ResidentId);
        let no = Credential::parse_typed("1901110101").unwrap();
        assert_eq!(
            no,
            Credential::StudentNo(StudentNo::parse("1901110101").unwrap())
        );
        let code = Credential::parse_typed("https://x.chsi.com.cn/c/AbCdEf0123456789+/=").unwrap();
        assert_eq!(code.kind(), CredentialKind::ChsiCode);
    }

    #[test]
    fn an_id_number_with_a_typo_is_reported_not_guessed() {
        let err = Credential::parse_typed("110105194912310021").unwrap_err();
        assert!(err.zh.contains("校验位"), "{}", err.zh);
        // 17 digits: one was lost; not a student number, not a code.
        let err = Credential::parse_typed("11010519491231002").unwrap_err();
        assert!(err.en.contains("17"), "{}", err.en);
    }

    #[test]
    fn short_junk_is_refused() {
        assert!(Credential::parse_typed("").is_err());
        assert!(Credential::parse_typed("张三").is_err());
        assert!(ChsiCode::parse("short").is_err());
    }
}
