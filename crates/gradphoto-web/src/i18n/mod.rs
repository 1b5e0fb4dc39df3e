//! The interface's languages: Chinese (zh-CN) first, English available.
//!
//! The language comes from the `lang` cookie, which `?lang=en` / `?lang=zh` on any page sets.
//! Every piece of interface text lives in a catalogue, one file per area of the site (the
//! modules below), each key with its Chinese and its English; the macro makes an entry without
//! both impossible to write, and a test checks that every key the templates and the code ask
//! for exists.

use std::fmt::Display;

use gradphoto_domain::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en`, as in the cookie and in [`Msg::get`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Looks up interface text in one language; every template holds one as `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The `lang` attribute of the page.
    pub fn html_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The code of the language the switch in the header leads to.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh",
        }
    }

    /// The text of `key`. A key missing from the catalogue shows as itself (and is logged),
    /// never as an empty page; the catalogue test keeps that from happening.
    pub fn s(&self, key: &str) -> &'static str {
        match entry(key) {
            Some((zh, en)) => match self.lang {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "interface text missing from the catalogue");
                "?"
            }
        }
    }

    /// The text of `key` with its `{}` replaced by `a`.
    pub fn f(&self, key: &str, a: impl Display) -> String {
        self.s(key).replacen("{}", &a.to_string(), 1)
    }

    /// The text of `key` with its two `{}` replaced by `a` and `b`, in order.
    pub fn f2(&self, key: &str, a: impl Display, b: impl Display) -> String {
        self.f(key, a).replacen("{}", &b.to_string(), 1)
    }

    /// A bilingual message in this language.
    pub fn msg<'a>(&self, msg: &'a Msg) -> &'a str {
        msg.get(self.lang.code())
    }
}

/// Declares an area's catalogue: its keys (`KEYS`) and the Chinese and English of each
/// (`entry`).
macro_rules! catalogue {
    ($($key:literal => $zh:literal, $en:literal;)*) => {
        /// Every key of this area.
        pub(super) const KEYS: &[&str] = &[$($key),*];

        /// The Chinese and English of a key of this area.
        pub(super) fn entry(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($zh, $en)),)*
                _ => None,
            }
        }
    };
}
pub(crate) use catalogue;

mod common;
mod exports;
mod fees;
mod review;
mod roster;
mod students;
mod timetable;
mod venue;

/// The Chinese and English of a key.
type Texts = Option<(&'static str, &'static str)>;

/// One area's catalogue: its keys, and the texts of a key.
type Area = (&'static [&'static str], fn(&str) -> Texts);

/// The areas' catalogues.
const AREAS: [Area; 8] = [
    (common::KEYS, common::entry),
    (roster::KEYS, roster::entry),
    (students::KEYS, students::entry),
    (timetable::KEYS, timetable::entry),
    (venue::KEYS, venue::entry),
    (review::KEYS, review::entry),
    (exports::KEYS, exports::entry),
    (fees::KEYS, fees::entry),
];

/// Every key of the catalogue.
pub fn keys() -> impl Iterator<Item = &'static str> {
    AREAS.into_iter().flat_map(|(keys, _)| keys.iter().copied())
}

/// The Chinese and English of a key.
pub fn entry(key: &str) -> Texts {
    AREAS.iter().find_map(|(_, entry)| entry(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for key in keys() {
            assert!(seen.insert(key), "{key} is listed twice");
            let (zh, en) = entry(key).unwrap_or_default();
            assert!(!zh.trim().is_empty(), "{key} has no Chinese");
            assert!(!en.trim().is_empty(), "{key} has no English");
            assert_eq!(
                zh.matches("{}").count(),
                en.matches("{}").count(),
                "{key}: both languages need the same placeholders"
            );
        }
    }

    #[test]
    fn formatting() {
        let zh = Tr::new(Lang::Zh);
        let en = Tr::new(Lang::En);
        assert_eq!(zh.f("import.row_n", 14), "第 14 行");
        assert_eq!(en.f("import.row_n", 14), "Row 14");
        assert_eq!(en.f2("students.page", 2, 5), "Page 2 of 5");
    }
}
