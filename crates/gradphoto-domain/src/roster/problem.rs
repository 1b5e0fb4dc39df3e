//! One thing wrong with an import, located so a person can find and fix it.
//!
//! The message says what is wrong and what to do; where it is (row, column, value) is kept
//! apart so a page can show it as a table, and `describe` joins the two into one sentence.

use serde::Serialize;

use crate::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based row number in the file, when the problem belongs to a row.
    pub row: Option<usize>,
    /// The column's header as written in the file (or the field name), when known.
    pub column: Option<String>,
    /// The offending value as read.
    pub value: Option<String>,
    pub message: Msg,
}

/// Values longer than this are cut in `describe`, so one odd cell cannot flood a page.
const MAX_SHOWN_CHARS: usize = 40;

impl Problem {
    /// A problem with the file as a whole.
    pub fn file(message: Msg) -> Self {
        Self {
            row: None,
            column: None,
            value: None,
            message,
        }
    }

    /// A problem located at a row and column, with the value as read.
    pub fn at(row: usize, column: &str, value: Option<&str>, message: Msg) -> Self {
        Self {
            row: Some(row),
            column: Some(column.to_owned()),
            value: value.map(str::to_owned),
            message,
        }
    }

    /// One sentence in the given language (`"en"`, anything else is Chinese):
    /// `第 14 行，列“身份证号”（值 360102…）：校验位错误…`.
    pub fn describe(&self, lang: &str) -> String {
        let en = lang == "en";
        let mut place = Vec::new();
        if let Some(row) = self.row {
            place.push(if en {
                format!("Row {row}")
            } else {
                format!("第 {row} 行")
            });
        }
        if let Some(column) = &self.column {
            place.push(if en {
                format!("column \"{column}\"")
            } else {
                format!("列“{column}”")
            });
        }
        let mut head = place.join(if en { ", " } else { "，" });
        if let Some(value) = self.value.as_deref().filter(|v| !v.is_empty()) {
            let shown = shorten(value);
            head.push_str(&if en {
                format!(" (value {shown})")
            } else {
                format!("（值 {shown}）")
            });
        }
        let message = self.message.get(lang);
        if head.is_empty() {
            message.to_owned()
        } else if en {
            let mut chars = head.chars();
            let head: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            format!("{head}: {message}")
        } else {
            format!("{head}：{message}")
        }
    }
}

fn shorten(value: &str) -> String {
    if value.chars().count() <= MAX_SHOWN_CHARS {
        value.to_owned()
    } else {
        let mut s: String = value.chars().take(MAX_SHOWN_CHARS).collect();
        s.push('…');
        s
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe("zh"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_column_and_value() {
        let p = Problem::at(
            14,
            "身份证号",
            Some("360102199901011235"),
            Msg::new("校验位错误", "the check character is wrong"),
        );
        assert_eq!(
            p.describe("zh"),
            "第 14 行，列“身份证号”（值 360102199901011235）：校验位错误"
        );
        assert_eq!(
            p.describe("en"),
            "Row 14, column \"身份证号\" (value 360102199901011235): the check character is wrong"
        );
    }

    #[test]
    fn file_level_and_column_only() {
        let p = Problem::file(Msg::new("未找到表头行", "header row not found"));
        assert_eq!(p.describe("zh"), "未找到表头行");
        let p = Problem {
            column: Some("班级".into()),
            ..p
        };
        assert_eq!(p.describe("en"), "Column \"班级\": header row not found");
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(100);
        let p = Problem::at(2, "姓名", Some(&long), Msg::new("太长", "too long"));
        let text = p.describe("zh");
        assert!(text.contains(&format!("{}…", "x".repeat(40))), "{text}");
        assert!(!text.contains(&"x".repeat(41)));
    }
}
