//! Tests of identity number parsing.

#![allow(clippy::unwrap_used)]

use super::*;

/// A valid 18-character number from its first 17 digits.
fn with_check(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn standard_examples_are_valid() {
    let a = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(a.kind(), IdKind::Resident);
    assert_eq!(a.birth_date(), Some(date(1949, 12, 31)));
    assert_eq!(a.sex(), Some(Sex::Female));
    assert!(!a.is_legacy());

    let b = IdNumber::parse("440524188001010014").unwrap();
    assert_eq!(b.kind(), IdKind::Resident);
    assert_eq!(b.birth_date(), Some(date(1880, 1, 1)));
    assert_eq!(b.sex(), Some(Sex::Male));
}

#[test]
fn check_char_helper() {
    assert_eq!(check_char("11010519491231002"), Some('X'));
    assert_eq!(check_char("44052418800101001"), Some('4'));
    assert_eq!(check_char("36010219990101123"), Some('5'));
    assert_eq!(check_char("3601021999010112"), None);
    assert_eq!(check_char("3601021999010112A"), None);
    assert_eq!(check_char("３６０１０２１９９９０１０１１２"), None);
}

#[test]
fn empty_is_rejected() {
    assert_eq!(IdNumber::parse(""), Err(IdNumberError::Empty));
    assert_eq!(IdNumber::parse(" \u{3000}\t"), Err(IdNumberError::Empty));
    assert_eq!(IdNumberError::Empty.msg().zh, "身份证号为空");
}

#[test]
fn wrong_length_is_rejected() {
    let err = IdNumber::parse("3601021999010112").unwrap_err();
    assert_eq!(
        err,
        IdNumberError::WrongLength {
            text: "3601021999010112".into(),
            len: 16
        }
    );
    assert!(err.msg().zh.contains("实为 16 位"));
    assert!(err.msg().en.contains("3601021999010112"));
}

#[test]
fn invalid_character_is_rejected_with_position() {
    let err = IdNumber::parse("3601-2199901011235").unwrap_err();
    assert_eq!(
        err,
        IdNumberError::InvalidCharacter {
            text: "3601-2199901011235".into(),
            ch: '-',
            position: 5
        }
    );
    assert_eq!(
        err.msg().zh,
        "身份证号第 5 位“-”无效，此处应为数字（3601-2199901011235）"
    );

    // A letter other than X in the check position.
    let err = IdNumber::parse("36010219990101123A").unwrap_err();
    assert!(matches!(
        err,
        IdNumberError::InvalidCharacter {
            ch: 'A',
            position: 18,
            ..
        }
    ));
    assert!(err.msg().en.contains("expected a digit or X"));

    // X anywhere but the end.
    assert!(matches!(
        IdNumber::parse("3601021999010112X5"),
        Err(IdNumberError::InvalidCharacter {
            ch: 'X',
            position: 17,
            ..
        })
    ));

    // A name in the ID column: the character, not the length, is the useful news.
    assert!(matches!(
        IdNumber::parse("张三"),
        Err(IdNumberError::InvalidCharacter {
            ch: '张',
            position: 1,
            ..
        })
    ));
}

#[test]
fn bad_check_is_rejected() {
    let err = IdNumber::parse("360102199901011234").unwrap_err();
    assert_eq!(
        err,
        IdNumberError::BadCheck {
            text: "360102199901011234".into(),
            expected: '5',
            found: '4'
        }
    );
    assert_eq!(
        err.msg().zh,
        "身份证号校验位错误：应为 5，实为 4（360102199901011234）"
    );
    assert_eq!(
        err.msg().en,
        "ID number check character is wrong: expected 5, found 4 (360102199901011234)"
    );
    assert_eq!(err.to_string(), err.msg().en);
}

#[test]
fn impossible_dates_are_rejected() {
    for first17 in [
        "36010219990230123", // 30 February
        "36010219991301123", // month 13
        "36010219990100123", // day 0
        "36010221010101123", // after 2100
        "36010217990101123", // before 1800
    ] {
        let text = with_check(first17);
        let err = IdNumber::parse(&text).unwrap_err();
        assert_eq!(
            err,
            IdNumberError::ImpossibleDate {
                text: text.clone(),
                date_text: first17[6..14].to_owned()
            },
            "{text}"
        );
        assert!(err.msg().zh.contains(&first17[6..14]));
    }
    // 29 February exists in a leap year only.
    assert!(IdNumber::parse(&with_check("36010220000229123")).is_ok());
    assert!(IdNumber::parse(&with_check("36010219000229123")).is_err());
}

#[test]
fn scientific_notation_is_lost_digits() {
    for raw in [
        "3.60102E+17",
        "3.60102e17",
        "3.60102199901011E+17",
        "３.６E＋１７",
    ] {
        let err = IdNumber::parse(raw).unwrap_err();
        assert!(
            matches!(err, IdNumberError::LostDigits { .. }),
            "{raw}: {err:?}"
        );
        assert!(err.msg().zh.contains("科学计数法"));
        assert!(err.msg().zh.contains("文本"));
    }
    // Trailing zeros from lost precision look like an ordinary number; the check
    // character is what catches it here.
    assert!(matches!(
        IdNumber::parse("360102199901011000"),
        Err(IdNumberError::BadCheck { .. })
    ));
    // Not every E is an exponent.
    assert!(!looks_scientific("E17"));
    assert!(!looks_scientific("3.6E"));
    assert!(!looks_scientific("ABC360102199901"));
}

#[test]
fn permits_are_recognised() {
    for (first17, sex) in [
        ("81000019990101123", Sex::Male),
        ("82000020000229002", Sex::Female),
        ("83000019850615101", Sex::Male),
    ] {
        let id = IdNumber::parse(&with_check(first17)).unwrap();
        assert_eq!(id.kind(), IdKind::HkMacaoTaiwanPermit, "{first17}");
        assert_eq!(id.sex(), Some(sex));
    }
    let id = IdNumber::parse(&with_check("82000020000229002")).unwrap();
    assert_eq!(id.birth_date(), Some(date(2000, 2, 29)));
    // Same check as resident numbers.
    assert!(matches!(
        IdNumber::parse("810000199901011230"),
        Err(IdNumberError::BadCheck { .. })
    ));
}

#[test]
fn foreign_2023_is_recognised() {
    let text = with_check("93115620000101001");
    let id = IdNumber::parse(&text).unwrap();
    assert_eq!(id.kind(), IdKind::ForeignPermanent2023);
    assert_eq!(id.birth_date(), Some(date(2000, 1, 1)));
    assert_eq!(id.sex(), Some(Sex::Male));
    assert_eq!(id.as_str(), "93115620000101001X");
}

#[test]
fn foreign_2017_is_recognised() {
    let id = IdNumber::parse("usa110085061234").unwrap();
    assert_eq!(id.kind(), IdKind::ForeignPermanent2017);
    assert_eq!(id.as_str(), "USA110085061234");
    assert_eq!(id.birth_date(), None);
    assert_eq!(id.sex(), None);
    assert!(!id.is_legacy());

    // Letters then digits, and nothing else.
    assert!(matches!(
        IdNumber::parse("US1110085061234"),
        Err(IdNumberError::InvalidCharacter {
            ch: '1',
            position: 3,
            ..
        })
    ));
    assert!(matches!(
        IdNumber::parse("USA11008506123X"),
        Err(IdNumberError::InvalidCharacter {
            ch: 'X',
            position: 15,
            ..
        })
    ));
}

#[test]
fn legacy_15_is_recognised() {
    let id = IdNumber::parse("360102990101123").unwrap();
    assert_eq!(id.kind(), IdKind::Legacy15);
    assert!(id.is_legacy());
    assert_eq!(id.birth_date(), Some(date(1999, 1, 1)));
    assert_eq!(id.sex(), Some(Sex::Male));
    assert_eq!(
        IdNumber::parse("360102850615102").unwrap().sex(),
        Some(Sex::Female)
    );
    assert_eq!(
        IdNumber::parse("360102990230123"),
        Err(IdNumberError::ImpossibleDate {
            text: "360102990230123".into(),
            date_text: "990230".into()
        })
    );
}

#[test]
fn input_is_normalised() {
    let expected = "11010519491231002X";
    for raw in [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X\t",
        "110105\u{3000}19491231\u{3000}002X",
        "\u{FEFF}11010519491231002X\u{200B}",
        "'11010519491231002x",
    ] {
        let id = IdNumber::parse(raw).unwrap();
        assert_eq!(id.as_str(), expected, "{raw:?}");
        assert_eq!(id.to_string(), expected);
    }
}

#[test]
fn masked_keeps_four_each_end() {
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(id.masked(), "1101**********002X");
    let id = IdNumber::parse("360102990101123").unwrap();
    assert_eq!(id.masked(), "3601*******1123");
}

#[test]
fn mismatch_with_roster_fields() {
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert!(
        id.mismatch_with(Some(date(1949, 12, 31)), Some(Sex::Female))
            .is_empty()
    );
    assert!(id.mismatch_with(None, None).is_empty());

    let msgs = id.mismatch_with(Some(date(1949, 12, 30)), Some(Sex::Male));
    assert_eq!(msgs.len(), 2);
    assert_eq!(
        msgs[0].zh,
        "出生日期 1949-12-30 与身份证号中的 1949-12-31 不一致（11010519491231002X）"
    );
    assert_eq!(
        msgs[1].zh,
        "性别“男”与身份证号中的“女”不一致（11010519491231002X）"
    );
    assert!(msgs[1].en.contains("sex male does not match female"));

    // The 2017 foreign card carries neither, so there is nothing to contradict.
    let id = IdNumber::parse("USA110085061234").unwrap();
    assert!(
        id.mismatch_with(Some(date(1985, 6, 12)), Some(Sex::Male))
            .is_empty()
    );
}
