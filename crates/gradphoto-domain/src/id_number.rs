//! Identity numbers: GB 11643-1999 resident ID numbers and the documents that share their shape.
//! (Interface fixed; the implementation is being written.)

use chrono::NaiveDate;
use serde::Serialize;

use crate::{Msg, Sex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 居民身份证 (18 characters, GB 11643).
    Resident,
    /// 港澳台居民居住证 (address code 810000 / 820000 / 830000).
    HkMacaoTaiwanPermit,
    /// 外国人永久居留身份证, 2023 version (18 characters starting with 9).
    ForeignPermanent2023,
    /// 外国人永久居留身份证, 2017 version (3 letters + 12 digits).
    ForeignPermanent2017,
    /// First-generation 15-digit number, still found in old records.
    Legacy15,
}

/// A normalised, validated identity number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    value: String,
    kind: IdKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("empty")]
    Empty,
}

impl IdNumberError {
    pub fn msg(&self) -> Msg {
        Msg::new("身份证号为空", "ID number is empty")
    }
}

impl IdNumber {
    pub fn parse(raw: &str) -> Result<Self, IdNumberError> {
        let _ = raw;
        Err(IdNumberError::Empty)
    }
    pub fn as_str(&self) -> &str {
        &self.value
    }
    pub fn kind(&self) -> IdKind {
        self.kind
    }
    pub fn birth_date(&self) -> Option<NaiveDate> {
        None
    }
    pub fn sex(&self) -> Option<Sex> {
        None
    }
    /// For screens that must not show the whole number: `3601**********1234`.
    pub fn masked(&self) -> String {
        self.value.clone()
    }
}
