use chrono::{NaiveDate, NaiveTime, TimeZone};

use super::*;
use crate::venue::china_time;

fn slot() -> SlotTime {
    SlotTime {
        date: NaiveDate::from_ymd_opt(2022, 10, 21).unwrap_or_default(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        end: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
    }
}

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    china_time()
        .with_ymd_and_hms(2022, 10, d, h, m, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn class() -> ClassCode {
    ClassCode::parse("190111").unwrap_or_else(|m| panic!("{m}"))
}

#[test]
fn early_on_time_late_and_no_slot() {
    let p = Policy::default();
    let due = |t| Due::at(&class(), Some(slot()), t, &p);
    assert_eq!(due(at(21, 8, 29)).code(), "early");
    assert_eq!(
        due(at(21, 8, 30)).code(),
        "on_time",
        "30 minutes before is accepted"
    );
    assert_eq!(due(at(21, 9, 45)).code(), "on_time");
    assert_eq!(due(at(21, 10, 0)).code(), "on_time");
    assert_eq!(due(at(21, 10, 1)).code(), "late");
    assert_eq!(due(at(20, 9, 30)).code(), "early", "the day before");
    assert_eq!(due(at(22, 9, 30)).code(), "late", "the day after");
    assert_eq!(Due::at(&class(), None, at(21, 9, 0), &p).code(), "no_slot");
    assert_eq!(
        due(at(20, 15, 0)).message().zh,
        "您班级的拍摄时段是 10月21日 9:00-10:00，请届时再来"
    );
    let lenient = Policy {
        late_tolerance_min: 20,
        ..p
    };
    assert_eq!(
        Due::at(&class(), Some(slot()), at(21, 10, 15), &lenient).code(),
        "on_time"
    );
}

#[test]
fn warn_admits_refuse_needs_an_override() {
    let warn = Policy::default();
    let refuse = Policy {
        outside: OutsideSlot::Refuse,
        ..warn
    };
    let early = Due::at(&class(), Some(slot()), at(20, 9, 0), &warn);
    let on_time = Due::at(&class(), Some(slot()), at(21, 9, 0), &warn);
    assert_eq!(
        Admission::decide(&on_time, &refuse, None),
        Admission::Admit { warning: None }
    );
    assert!(matches!(
        Admission::decide(&early, &warn, None),
        Admission::Admit { warning: Some(w) } if w.zh.contains("请届时再来")
    ));
    assert!(matches!(
        Admission::decide(&early, &refuse, None),
        Admission::Refuse { .. }
    ));
    assert_eq!(
        Admission::decide(&early, &refuse, Some("学院统一调整")),
        Admission::Overridden {
            reason: "学院统一调整".into()
        }
    );
    let none = Due::at(&class(), None, at(21, 9, 0), &refuse);
    assert!(matches!(
        Admission::decide(&none, &refuse, None),
        Admission::Refuse { .. }
    ));
}

#[test]
fn policy_values_are_checked() {
    assert!(Policy::parse(15, 30, 0, "refuse").is_ok());
    assert!(Policy::parse(15, 30, 0, "sometimes").is_err());
    assert!(Policy::parse(15, 100_000, 0, "warn").is_err());
}
