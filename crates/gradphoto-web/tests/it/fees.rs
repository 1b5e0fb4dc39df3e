//! The fee ledger's arithmetic end to end, on SQLite and on PostgreSQL: payments, a payment
//! typed wrong and corrected, an exemption given, withdrawn and given again, through the
//! application's operations into a real database; the totals per class, per college and for
//! the campaign add up, the workbook says the same, a secretary's scope holds, and nothing in
//! the money path is a float.

use std::sync::Arc;

use gradphoto_app::fees::{self, Ledger};
use gradphoto_app::roster::import_roster;
use gradphoto_app::{App, AppError, OsRandom};
use gradphoto_domain::fees::{FeeKind, PaymentForm};
use gradphoto_domain::roster::Cell;
use gradphoto_domain::{Campaign, CollegeId, Fen, FixedClock};
use gradphoto_sheet::{Limits, read_table};
use gradphoto_store::Actor;

use crate::db::{TestDb, on_both_backends};
use crate::files::{csv_utf8, owned};
use crate::import_support::{Roster, now};

on_both_backends!(totals_add_up_across_entries);

const AERO: &str = "航空制造工程学院";
const INFO: &str = "信息工程学院";

/// 190111 (4 students) and 190112 (3) of 航空制造工程学院, 190211 (2) of 信息工程学院, at 15
/// yuan each.
async fn campaign(db: &TestDb) -> (App, Campaign) {
    let roster = Roster::new(db).await;
    let app = App::new(db.arc(), Arc::new(FixedClock(now())), Arc::new(OsRandom));
    let mut rows = vec![owned(&["学号", "姓名", "班级", "学院"])];
    for (class, college, n) in [
        ("190111", AERO, 4),
        ("190112", AERO, 3),
        ("190211", INFO, 2),
    ] {
        for i in 1..=n {
            rows.push(owned(&[
                &format!("{class}{i:02}"),
                &format!("学生{class}{i}"),
                class,
                college,
            ]));
        }
    }
    let report = import_roster(
        &app,
        roster.campaign,
        &csv_utf8(&rows),
        "roster.csv",
        false,
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    let campaign = app.repo.campaign(roster.campaign).await.unwrap().unwrap();
    (app, campaign)
}

fn paid(amount: &str) -> PaymentForm<'_> {
    PaymentForm {
        amount,
        paid_on: "2023-03-01",
        paid_by: "班长",
        received_by: "李老师",
        method: "微信",
        note: "",
    }
}

fn actor() -> Actor {
    Actor::system("secretary")
}

async fn pay(app: &App, c: &Campaign, class: &str, amount: &str) -> i64 {
    fees::record_payment(app, c, None, class, &paid(amount), &actor())
        .await
        .unwrap()
        .id
}

async fn college(app: &App, c: &Campaign, name: &str) -> CollegeId {
    let all = app.repo.colleges(c.id).await.unwrap();
    all.into_iter().find(|g| g.name == name).unwrap().id
}

fn class<'a>(ledger: &'a Ledger, code: &str) -> &'a gradphoto_app::fees::ClassLedger {
    ledger.classes.iter().find(|c| c.code == code).unwrap()
}

fn money(ledger: &Ledger, code: &str) -> (Fen, Fen, Fen) {
    let t = class(ledger, code).totals;
    (t.expected, t.paid, t.balance)
}

fn field(result: Result<impl std::fmt::Debug, AppError>) -> &'static str {
    match result {
        Err(AppError::Invalid { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn totals_add_up_across_entries(db: &TestDb) {
    let (app, c) = campaign(db).await;
    // 190111 pays in full; 190112 pays 30, then 150 typed for 15 and corrected; 190211 pays
    // nothing yet.
    pay(&app, &c, "190111", "60").await;
    pay(&app, &c, "190112", "30.00").await;
    let typo = pay(&app, &c, "190112", "150").await;
    fees::correct_entry(&app, &c, None, typo, "15", "多打一个 0", &actor())
        .await
        .unwrap();
    // A student of 190112 is exempt, then the exemption is withdrawn and given to 190211.
    let exempt = fees::exempt_student(&app, &c, None, "19011201", "家庭经济困难", &actor())
        .await
        .unwrap();
    assert_eq!(
        (exempt.kind, exempt.amount),
        (FeeKind::Exemption, Fen(1500))
    );
    let ledger = fees::ledger(&app, &c, None).await.unwrap();
    assert_eq!(money(&ledger, "190112"), (Fen(3000), Fen(4500), Fen(-1500)));
    fees::correct_entry(&app, &c, None, exempt.id, "0", "核实不符合条件", &actor())
        .await
        .unwrap();
    fees::exempt_student(&app, &c, None, "19021101", "退役士兵", &actor())
        .await
        .unwrap();

    // Refused, and nothing written: an exemption corrected to anything but 0, a correction
    // that changes nothing, a payment of a class outside the secretary's college, a second
    // exemption of the same student, an unknown 学号.
    let before = app.repo.fee_entries(c.id, None).await.unwrap().len();
    assert_eq!(
        field(fees::correct_entry(&app, &c, None, exempt.id, "15", "x", &actor()).await),
        "amount"
    );
    assert_eq!(
        field(fees::correct_entry(&app, &c, None, typo, "15.00", "x", &actor()).await),
        "amount"
    );
    let aero = [college(&app, &c, AERO).await];
    let form = paid("15");
    let outside = fees::record_payment(&app, &c, Some(&aero), "190211", &form, &actor()).await;
    assert_eq!(field(outside), "class");
    let twice = fees::exempt_student(&app, &c, None, "19021101", "再来一次", &actor()).await;
    assert!(matches!(twice, Err(AppError::Store(_))), "{twice:?}");
    let unknown = fees::exempt_student(&app, &c, None, "99999999", "x", &actor()).await;
    assert_eq!(field(unknown), "student_no");
    assert_eq!(
        app.repo.fee_entries(c.id, None).await.unwrap().len(),
        before
    );

    let ledger = fees::ledger(&app, &c, None).await.unwrap();
    assert_eq!(money(&ledger, "190111"), (Fen(6000), Fen(6000), Fen::ZERO));
    assert_eq!(money(&ledger, "190112"), (Fen(4500), Fen(4500), Fen::ZERO));
    assert_eq!(money(&ledger, "190211"), (Fen(1500), Fen::ZERO, Fen(1500)));
    assert_eq!(class(&ledger, "190211").totals.exempt_students, 1);
    assert_eq!(class(&ledger, "190112").totals.exempt_students, 0);
    // Nobody is photographed here: all paid-for students are ahead of the photos.
    assert_eq!(class(&ledger, "190111").paid_for, 4);
    assert_eq!(class(&ledger, "190111").unpaid_photographed, -4);
    let codes: Vec<&str> = ledger.outstanding().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["190211"]);

    let by_name = |name: &str| {
        ledger
            .colleges
            .iter()
            .find(|g| g.name.as_deref() == Some(name))
            .unwrap()
    };
    let (a, i) = (by_name(AERO), by_name(INFO));
    assert_eq!(
        (a.classes, a.outstanding_classes, a.owed),
        (2, 0, Fen::ZERO)
    );
    assert_eq!(
        (a.totals.expected, a.totals.paid),
        (Fen(10_500), Fen(10_500))
    );
    assert_eq!(
        (i.classes, i.outstanding_classes, i.owed),
        (1, 1, Fen(1500))
    );
    assert_eq!(ledger.total.students, 9);
    assert_eq!(ledger.total.expected, Fen(12_000));
    assert_eq!(ledger.total.paid, Fen(10_500));
    assert_eq!(ledger.owed, Fen(1500));
    let sum: Fen = ledger.colleges.iter().map(|g| g.totals.expected).sum();
    assert_eq!(sum, ledger.total.expected);

    // The secretary of 航空制造工程学院 sees their two classes and their entries only.
    let theirs = fees::ledger(&app, &c, Some(&aero)).await.unwrap();
    let codes: Vec<&str> = theirs.classes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["190111", "190112"]);
    assert!(theirs.entries.iter().all(|r| r.class_code != "190211"));

    // The workbook's class sheet: a row per class and the total, the same amounts as text.
    let bytes = fees::ledger_workbook(&app, ledger.clone()).await.unwrap();
    let table = read_table(&bytes, "ledger.xlsx", &Limits::default()).unwrap();
    let text = |row: usize, col: usize| match &table.rows[row].cells[col] {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(text(0, 4), "应收（元）");
    let rows: Vec<(String, String, String, String)> = (1..table.rows.len())
        .map(|r| (text(r, 1), text(r, 4), text(r, 5), text(r, 6)))
        .collect();
    assert_eq!(
        rows,
        [
            ("190111", "60.00", "60.00", "0.00"),
            ("190112", "45.00", "45.00", "0.00"),
            ("190211", "15.00", "0.00", "15.00"),
            ("3 个班", "120.00", "105.00", "15.00"),
        ]
        .map(|(a, b, c, d)| (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned()))
    );
}

/// No float carries money: the money type, the ledger's rules, its store, its operations,
/// its workbook and its page are written without `f32` or `f64`.
#[test]
fn no_float_in_the_money_path() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for file in [
        "gradphoto-domain/src/money.rs",
        "gradphoto-domain/src/fees.rs",
        "gradphoto-store/src/sql/fees.rs",
        "gradphoto-store/src/repo/fees.rs",
        "gradphoto-app/src/fees/mod.rs",
        "gradphoto-app/src/fees/record.rs",
        "gradphoto-app/src/fees/workbook.rs",
        "gradphoto-web/src/pages/fees.rs",
    ] {
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            assert!(
                !code.contains("f32") && !code.contains("f64") && !code.contains("as f"),
                "{file}:{}: {line}",
                n + 1
            );
        }
    }
}
