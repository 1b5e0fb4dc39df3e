//! Identity numbers: GB 11643-1999 resident ID numbers and the documents that share their shape
//! (national-rules §3).
//!
//! A roster cell, a form field or a card reader's output becomes an [`IdNumber`] here, once.
//! Parsing first repairs what spreadsheets and input methods do to these numbers without changing
//! their meaning (full-width characters, stray spaces, a lowercase `x`), then checks the shape and
//! the check character. Anything that would need a guess — above all a number a spreadsheet turned
//! into scientific notation, whose last digits are gone — is an error that says what to fix.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

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

/// Why a text is not an identity number. Every variant except `Empty` carries the normalised
/// text, so the message can quote the value the person has to go and find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    /// Neither 18 characters nor 15.
    WrongLength {
        text: String,
        len: usize,
    },
    /// `position` counts characters from 1 in the normalised text.
    InvalidCharacter {
        text: String,
        ch: char,
        position: usize,
    },
    BadCheck {
        text: String,
        expected: char,
        found: char,
    },
    /// The eight (or, for 15-digit numbers, six) birth-date digits name no real day, or a day
    /// outside the years this system accepts.
    ImpossibleDate {
        text: String,
        date_text: String,
    },
    /// A spreadsheet showed the number in scientific notation (`3.60102E+17`) and the trailing
    /// digits are gone; they cannot be recovered from the cell.
    LostDigits {
        text: String,
    },
}

/// Earliest and latest birth years accepted. The lower bound is not 1900 because the
/// standard's own example, `440524188001010014`, was born in 1880.
const MIN_BIRTH_YEAR: i32 = 1800;
const MAX_BIRTH_YEAR: i32 = 2100;

/// GB 11643-1999 weights for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of S mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The GB 11643-1999 check character for 17 ASCII digits, or `None` if `first17` is anything
/// else. Public so demo data and tests can make valid numbers.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

impl IdNumber {
    pub fn parse(raw: &str) -> Result<Self, IdNumberError> {
        let text = normalize(raw);
        if text.is_empty() {
            return Err(IdNumberError::Empty);
        }
        if looks_scientific(&text) {
            return Err(IdNumberError::LostDigits { text });
        }
        // Punctuation, CJK and the like can appear in no kind of number; reporting the character
        // is more useful than reporting the length (e.g. a name pasted into the wrong column).
        if let Some((i, ch)) = text
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            let position = text[..i].chars().count() + 1;
            return Err(IdNumberError::InvalidCharacter { text, ch, position });
        }
        // Only ASCII remains, so byte lengths and indices are character ones from here on.
        match text.len() {
            18 => Self::parse_18(text),
            15 => Self::parse_15(text),
            len => Err(IdNumberError::WrongLength { text, len }),
        }
    }

    /// Resident ID, HK/Macao/Taiwan permit, 2023 foreign permanent residence ID: one layout.
    fn parse_18(text: String) -> Result<Self, IdNumberError> {
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ok = b.is_ascii_digit() || (i == 17 && b == b'X');
            if !ok {
                let ch = char::from(b);
                return Err(IdNumberError::InvalidCharacter {
                    text,
                    ch,
                    position: i + 1,
                });
            }
        }
        let found = char::from(bytes[17]);
        let Some(expected) = check_char(&text[..17]) else {
            // Unreachable after the loop above, but an error beats a panic.
            return Err(IdNumberError::InvalidCharacter {
                text,
                ch: found,
                position: 18,
            });
        };
        if expected != found {
            return Err(IdNumberError::BadCheck {
                text,
                expected,
                found,
            });
        }
        let date_text = &text[6..14];
        if date_from_digits(date_text).is_none() {
            let date_text = date_text.to_owned();
            return Err(IdNumberError::ImpossibleDate { text, date_text });
        }
        let kind = match &text[..6] {
            "810000" | "820000" | "830000" => IdKind::HkMacaoTaiwanPermit,
            _ if text.starts_with('9') => IdKind::ForeignPermanent2023,
            _ => IdKind::Resident,
        };
        Ok(Self { value: text, kind })
    }

    /// A 2017 foreign permanent residence card (3 letters + 12 digits) or a first-generation
    /// number (15 digits). The first character decides which shape the rest is held to, so the
    /// error names the character that breaks the shape the person most likely meant.
    fn parse_15(text: String) -> Result<Self, IdNumberError> {
        let foreign = text.as_bytes()[0].is_ascii_alphabetic();
        let bad = text.bytes().enumerate().find(|&(i, b)| {
            if foreign && i < 3 {
                !b.is_ascii_alphabetic()
            } else {
                !b.is_ascii_digit()
            }
        });
        if let Some((i, b)) = bad {
            return Err(IdNumberError::InvalidCharacter {
                text,
                ch: char::from(b),
                position: i + 1,
            });
        }
        if foreign {
            // The 2017 card's check scheme and field layout are not in our sources; accepting
            // the shape without them is better than rejecting real cards on a guess.
            return Ok(Self {
                value: text,
                kind: IdKind::ForeignPermanent2017,
            });
        }
        if date_from_digits(&format!("19{}", &text[6..12])).is_none() {
            let date_text = text[6..12].to_owned();
            return Err(IdNumberError::ImpossibleDate { text, date_text });
        }
        Ok(Self {
            value: text,
            kind: IdKind::Legacy15,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn kind(&self) -> IdKind {
        self.kind
    }

    /// A first-generation 15-digit number: valid, but old records only, and without a check
    /// character to catch typing mistakes.
    pub fn is_legacy(&self) -> bool {
        self.kind == IdKind::Legacy15
    }

    /// The birth date in the number; `None` for the 2017 foreign card, whose layout we do not
    /// derive (see `parse_15`).
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self.kind {
            IdKind::Resident | IdKind::HkMacaoTaiwanPermit | IdKind::ForeignPermanent2023 => {
                date_from_digits(self.value.get(6..14)?)
            }
            IdKind::Legacy15 => date_from_digits(&format!("19{}", self.value.get(6..12)?)),
            IdKind::ForeignPermanent2017 => None,
        }
    }

    /// The sex in the number: the last digit of the sequence code, odd for male.
    pub fn sex(&self) -> Option<Sex> {
        let digit = match self.kind {
            IdKind::Resident | IdKind::HkMacaoTaiwanPermit | IdKind::ForeignPermanent2023 => {
                self.value.chars().nth(16)
            }
            IdKind::Legacy15 => self.value.chars().nth(14),
            IdKind::ForeignPermanent2017 => None,
        }?
        .to_digit(10)?;
        Some(if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        })
    }

    /// For screens that must not show the whole number: `3601**********1234`.
    pub fn masked(&self) -> String {
        let n = self.value.chars().count();
        self.value
            .chars()
            .enumerate()
            .map(|(i, c)| if i < 4 || i + 4 >= n { c } else { '*' })
            .collect()
    }

    /// One message per roster field that contradicts the number: 出生日期 and 性别 as the
    /// roster gives them. Fields the roster leaves empty, or the number does not carry, are
    /// not compared.
    pub fn mismatch_with(&self, birth_date: Option<NaiveDate>, sex: Option<Sex>) -> Vec<Msg> {
        let mut out = Vec::new();
        if let (Some(given), Some(in_id)) = (birth_date, self.birth_date())
            && given != in_id
        {
            let (given, in_id) = (given.format("%Y-%m-%d"), in_id.format("%Y-%m-%d"));
            out.push(Msg::new(
                format!(
                    "出生日期 {given} 与身份证号中的 {in_id} 不一致（{}）",
                    self.value
                ),
                format!(
                    "birth date {given} does not match {in_id} in the ID number ({})",
                    self.value
                ),
            ));
        }
        if let (Some(given), Some(in_id)) = (sex, self.sex())
            && given != in_id
        {
            out.push(Msg::new(
                format!(
                    "性别“{}”与身份证号中的“{}”不一致（{}）",
                    given.as_str(),
                    in_id.as_str(),
                    self.value
                ),
                format!(
                    "sex {} does not match {} in the ID number ({})",
                    given.code(),
                    in_id.code(),
                    self.value
                ),
            ));
        }
        out
    }
}

impl std::str::FromStr for IdNumber {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

impl IdNumberError {
    pub fn msg(&self) -> Msg {
        match self {
            IdNumberError::Empty => Msg::new("身份证号为空", "ID number is empty"),
            IdNumberError::WrongLength { text, len } => Msg::new(
                format!("身份证号应为 18 位（旧号码 15 位），实为 {len} 位（{text}）"),
                format!(
                    "ID number should have 18 characters (15 for old numbers), found {len} ({text})"
                ),
            ),
            IdNumberError::InvalidCharacter { text, ch, position } => {
                let (zh_want, en_want) = allowed_at(text, *position);
                let shown = show_char(*ch);
                Msg::new(
                    format!("身份证号第 {position} 位“{shown}”无效，{zh_want}（{text}）"),
                    format!(
                        "ID number character {position} \"{shown}\" is not allowed; {en_want} ({text})"
                    ),
                )
            }
            IdNumberError::BadCheck {
                text,
                expected,
                found,
            } => Msg::new(
                format!("身份证号校验位错误：应为 {expected}，实为 {found}（{text}）"),
                format!(
                    "ID number check character is wrong: expected {expected}, found {found} ({text})"
                ),
            ),
            IdNumberError::ImpossibleDate { text, date_text } => Msg::new(
                format!("身份证号中的出生日期 {date_text} 不是有效日期（{text}）"),
                format!("the birth date {date_text} in the ID number is not a real date ({text})"),
            ),
            IdNumberError::LostDigits { text } => Msg::new(
                format!(
                    "身份证号“{text}”已被电子表格转成科学计数法，后几位数字已丢失，无法还原；\
                     请把该列设置为“文本”格式，从原始数据重新填入后再导出"
                ),
                format!(
                    "ID number \"{text}\" was turned into scientific notation by a spreadsheet \
                     and its last digits are lost; set the column to Text, fill it in again \
                     from the original data and export again"
                ),
            ),
        }
    }
}

impl std::fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().en)
    }
}

impl std::error::Error for IdNumberError {}

/// What may stand at a 1-based position of a number of this text's length, for the message.
fn allowed_at(text: &str, position: usize) -> (&'static str, &'static str) {
    let letter_first = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    match text.chars().count() {
        18 if position == 18 => ("此处应为数字或 X", "expected a digit or X here"),
        18 => ("此处应为数字", "expected a digit here"),
        15 if letter_first && position <= 3 => ("此处应为字母", "expected a letter here"),
        15 => ("此处应为数字", "expected a digit here"),
        _ => (
            "身份证号只能包含数字和字母",
            "an ID number holds only digits and letters",
        ),
    }
}

/// Control characters are invisible in a message, so they are named by code point.
fn show_char(ch: char) -> String {
    if ch.is_control() {
        format!("U+{:04X}", u32::from(ch))
    } else {
        ch.to_string()
    }
}

/// Undoes what input methods and spreadsheets do to a number without changing it: full-width
/// characters (U+FF01..U+FF5E) fold to ASCII, white space of any kind (including U+3000) and
/// invisible format marks pasted from web pages go, and letters become uppercase (`x` → `X`).
/// A leading `'` is Excel's "store as text" marker, not part of the number.
fn normalize(raw: &str) -> String {
    let folded: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible_format(*c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match folded.strip_prefix('\'') {
        Some(rest) => rest.to_owned(),
        None => folded,
    }
}

/// Zero-width spaces, direction marks and the byte-order mark: not white space to Rust, but just
/// as invisible in a cell.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// `3.60102E+17`, `3.60102E17`, `3.6E-5`, `36E17`: a number in scientific notation. Checked
/// before anything else because its real error is not "wrong length" or "bad character" but that
/// the digits are gone. Expects normalised (uppercase) text.
fn looks_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once('E') else {
        return false;
    };
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.is_empty())
        && all_digits(int)
        && all_digits(frac)
        && !exponent.is_empty()
        && all_digits(exponent)
}

/// `YYYYMMDD` to a date in the accepted years, or `None`.
fn date_from_digits(yyyymmdd: &str) -> Option<NaiveDate> {
    if yyyymmdd.len() != 8 || !yyyymmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = yyyymmdd.get(0..4)?.parse().ok()?;
    let month: u32 = yyyymmdd.get(4..6)?.parse().ok()?;
    let day: u32 = yyyymmdd.get(6..8)?.parse().ok()?;
    if !(MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
#[path = "id_number_tests.rs"]
mod tests;
