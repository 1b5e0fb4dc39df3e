//! Bilingual text. The interface is Chinese first with English available, so every message a
//! person may read is carried in both languages from where it is made.

use serde::{Deserialize, Serialize};

/// A message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in the language whose code is given (`"en"`, anything else is Chinese).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.zh }
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh, self.en)
    }
}
