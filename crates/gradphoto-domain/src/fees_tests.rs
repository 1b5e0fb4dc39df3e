#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn entry(id: i64, kind: FeeKind, fen: i64, corrects: Option<i64>) -> FeeEntry {
    FeeEntry {
        id,
        campaign_id: CampaignId(1),
        class_id: ClassId(1),
        student_id: (kind == FeeKind::Exemption).then_some(StudentId(id)),
        kind,
        amount: Fen(fen),
        paid_on: None,
        paid_by: String::new(),
        received_by: String::new(),
        method: None,
        note: String::new(),
        corrects,
        by: None,
        by_label: "t".into(),
        at: Utc.timestamp_opt(0, 0).unwrap(),
    }
}

fn form<'a>(amount: &'a str, paid_on: &'a str) -> PaymentForm<'a> {
    PaymentForm {
        amount,
        paid_on,
        paid_by: "班长 王芳",
        received_by: "教务员 李老师",
        method: "现金",
        note: "",
    }
}

#[test]
fn a_payment_is_checked_field_by_field() {
    let today = day(2022, 10, 18);
    let ok = NewPayment::parse(&form("450", "2022-10-18"), today).unwrap();
    assert_eq!(ok.amount, Fen(45_000));
    assert_eq!(ok.method, PaymentMethod::Cash);
    assert_eq!(ok.paid_on, today);
    assert_eq!(
        NewPayment::parse(&form("450", "2022年10月17日"), today)
            .unwrap()
            .paid_on,
        day(2022, 10, 17)
    );
    for (amount, paid_on, field) in [
        ("0", "2022-10-18", "amount"),
        ("4.505", "2022-10-18", "amount"),
        ("-5", "2022-10-18", "amount"),
        ("450", "10月18日", "paid_on"),
        ("450", "2022-10-19", "paid_on"),
    ] {
        let err = NewPayment::parse(&form(amount, paid_on), today).unwrap_err();
        assert_eq!(err.0, field, "{amount} {paid_on}: {}", err.1);
    }
    let mut no_payer = form("450", "2022-10-18");
    no_payer.paid_by = "  ";
    assert_eq!(
        NewPayment::parse(&no_payer, today).unwrap_err().0,
        "paid_by"
    );
    let mut bad_method = form("450", "2022-10-18");
    bad_method.method = "支票";
    let (field, msg) = NewPayment::parse(&bad_method, today).unwrap_err();
    assert_eq!(field, "method");
    assert!(
        msg.zh.contains("支票") && msg.zh.contains("现金"),
        "{}",
        msg.zh
    );
    let long = "备".repeat(MAX_TEXT_CHARS + 1);
    let mut long_note = form("450", "2022-10-18");
    long_note.note = &long;
    assert_eq!(NewPayment::parse(&long_note, today).unwrap_err().0, "note");
}

#[test]
fn methods_read_by_code_or_label() {
    for m in PaymentMethod::ALL {
        assert_eq!(PaymentMethod::parse(m.code()), Ok(m));
        assert_eq!(PaymentMethod::parse(&m.label().zh), Ok(m));
    }
    assert_eq!(
        PaymentMethod::parse("wechat pay"),
        Ok(PaymentMethod::Wechat)
    );
}

#[test]
fn totals_add_payments_exemptions_and_corrections() {
    let fee = Fen(1500);
    let entries = vec![
        entry(1, FeeKind::Payment, 30_000, None),
        entry(2, FeeKind::Payment, 15_000, None),
        // A payment typed as 150 instead of 15.00 yuan, corrected to 15.00.
        entry(3, FeeKind::Payment, 15_000, None),
        entry(4, FeeKind::Correction, -13_500, Some(3)),
        // Two exemptions, one withdrawn.
        entry(5, FeeKind::Exemption, 1500, None),
        entry(6, FeeKind::Exemption, 1500, None),
        entry(7, FeeKind::Correction, -1500, Some(6)),
    ];
    let t = ClassTotals::of(32, fee, &entries);
    assert_eq!(t.expected, Fen(32 * 1500 - 1500));
    assert_eq!(t.exempted, Fen(1500));
    assert_eq!(t.exempt_students, 1);
    assert_eq!(t.paid, Fen(30_000 + 15_000 + 1500));
    assert_eq!(t.payments, 3);
    assert_eq!(t.balance, Fen(32 * 1500 - 1500 - 46_500));
    assert!(!t.outstanding());
    assert_eq!(t.paid_for(fee), 31);
    // The order of the entries does not matter.
    let mut reversed = entries.clone();
    reversed.reverse();
    assert_eq!(ClassTotals::of(32, fee, &reversed), t);
    // Nothing recorded: everything is owed.
    let none = ClassTotals::of(30, fee, &[]);
    assert_eq!((none.expected, none.balance), (Fen(45_000), Fen(45_000)));
    assert!(none.outstanding());
}

#[test]
fn a_correction_must_change_something() {
    assert_eq!(correction_delta(Fen(15_000), Fen(1500)), Ok(Fen(-13_500)));
    assert_eq!(correction_delta(Fen(1500), Fen::ZERO), Ok(Fen(-1500)));
    assert_eq!(
        correction_delta(Fen(1500), Fen(1500)).unwrap_err().0,
        "amount"
    );
    assert_eq!(parse_reason(" ").unwrap_err().0, "reason");
    assert_eq!(parse_reason(" 家庭困难 ").unwrap(), "家庭困难");
}
