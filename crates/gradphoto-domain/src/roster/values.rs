//! Parsing the roster fields that have no domain type of their own: 姓名, 考生号, 专业代码,
//! 院校代码 and the free-text fields. (学号, 班级, 性别 and 身份证号 parse through their types.)

use crate::Msg;
use crate::student::normalize_code;

/// Longest 姓名 accepted; registry names of minority and foreign students run long.
pub const MAX_NAME_CHARS: usize = 50;
/// Longest free-text value (学院, 专业名称, 民族, ...).
pub const MAX_TEXT_CHARS: usize = 100;
/// Longest 考生号 (national-rules §4).
pub const MAX_EXAM_NO_CHARS: usize = 18;

/// 姓名: white space is dropped from a Chinese name (offices pad two-character names to line
/// them up: `张  三`) and collapsed to one space in a name with Latin letters.
pub fn parse_name(raw: &str) -> Result<String, Msg> {
    let latin = raw.chars().any(|c| c.is_ascii_alphabetic());
    let name = if latin {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        raw.chars().filter(|c| !c.is_whitespace()).collect()
    };
    if name.is_empty() {
        return Err(Msg::new("姓名为空", "name is empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Msg::new(
            format!("姓名超过 {MAX_NAME_CHARS} 个字符，请核对"),
            format!("name is longer than {MAX_NAME_CHARS} characters; check it"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Msg::new(
            "姓名含有不可见的控制字符，请重新输入",
            "name holds invisible control characters; type it again",
        ));
    }
    Ok(name)
}

/// 考生号: up to 18 letters and digits.
pub fn parse_exam_no(raw: &str) -> Result<String, Msg> {
    let s = normalize_code(raw).to_ascii_uppercase();
    if s.chars().count() > MAX_EXAM_NO_CHARS || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Msg::new(
            format!("考生号应为不超过 {MAX_EXAM_NO_CHARS} 位的字母和数字"),
            format!("exam number should be up to {MAX_EXAM_NO_CHARS} letters and digits"),
        ));
    }
    Ok(s)
}

/// 专业代码: the six-digit code of the national catalogue (`080202`), optionally followed by
/// the catalogue's marks T (特设) and K (国家控制), or H.
pub fn parse_major_code(raw: &str) -> Result<String, Msg> {
    let s = normalize_code(raw).to_ascii_uppercase();
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let marks = &s[digits..];
    if digits == 6 && marks.len() <= 2 && marks.chars().all(|c| matches!(c, 'T' | 'K' | 'H')) {
        return Ok(s);
    }
    let hint = if digits == 5 && marks.is_empty() {
        "；开头的 0 可能已被表格去掉，请把该列设置为“文本”格式后重新填写"
    } else {
        ""
    };
    let hint_en = if hint.is_empty() {
        ""
    } else {
        "; a leading 0 may have been dropped by the spreadsheet: format the column as Text and re-enter it"
    };
    Err(Msg::new(
        format!("专业代码应为 6 位数字（可带 T、K 标记），例如 080202 或 080910T{hint}"),
        format!(
            "major code should be 6 digits (optionally marked T or K), e.g. 080202 or 080910T{hint_en}"
        ),
    ))
}

/// 院校代码: five digits (`10406`).
pub fn parse_school_code(raw: &str) -> Result<String, Msg> {
    let s = normalize_code(raw);
    if s.len() == 5 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s)
    } else {
        Err(Msg::new(
            "院校代码应为 5 位数字，例如 10406",
            "school code should be 5 digits, e.g. 10406",
        ))
    }
}

/// A free-text field: trimmed, at most `MAX_TEXT_CHARS` characters.
pub fn parse_text(raw: &str, label_zh: &str, label_en: &str) -> Result<String, Msg> {
    let s = raw.trim();
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(Msg::new(
            format!("{label_zh}超过 {MAX_TEXT_CHARS} 个字符，请核对"),
            format!("{label_en} is longer than {MAX_TEXT_CHARS} characters; check it"),
        ));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(parse_name(" 张  三 ").unwrap(), "张三");
        assert_eq!(parse_name("买买提·艾力").unwrap(), "买买提·艾力");
        assert_eq!(parse_name("John  Smith").unwrap(), "John Smith");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"阿".repeat(51)).is_err());
        assert!(parse_name(&"阿".repeat(50)).is_ok());
        assert!(parse_name("张\u{7}三").is_err());
    }

    #[test]
    fn exam_numbers() {
        assert_eq!(parse_exam_no("19360102150001").unwrap(), "19360102150001");
        assert!(parse_exam_no("1936010215000112345").is_err());
        assert!(parse_exam_no("1936-01").is_err());
    }

    #[test]
    fn major_codes() {
        assert_eq!(parse_major_code("080202").unwrap(), "080202");
        assert_eq!(parse_major_code("080910t").unwrap(), "080910T");
        assert_eq!(parse_major_code("120105TK").unwrap(), "120105TK");
        assert!(parse_major_code("0802").is_err());
        assert!(parse_major_code("080202X").is_err());
        assert!(parse_major_code("0802021").is_err());
        let err = parse_major_code("80202").unwrap_err();
        assert!(err.zh.contains("开头的 0"), "{err}");
    }

    #[test]
    fn school_codes() {
        assert_eq!(parse_school_code("１０４０６").unwrap(), "10406");
        assert!(parse_school_code("1040").is_err());
        assert!(parse_school_code("1040A").is_err());
    }

    #[test]
    fn text_length() {
        assert_eq!(parse_text(" 汉族 ", "民族", "ethnicity").unwrap(), "汉族");
        let err = parse_text(&"学".repeat(101), "学院", "college").unwrap_err();
        assert!(err.zh.starts_with("学院超过"), "{err}");
    }
}
