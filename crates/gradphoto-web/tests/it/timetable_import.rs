//! The timetable import end to end, on SQLite and on PostgreSQL: the notice's 附件一 exactly as
//! it stands, and CSV and XLSX sheets, through `import_timetable` into a real database. Each
//! refused file is checked for the line or row of every problem and for leaving the working
//! timetable as it was.

use std::sync::Arc;

use chrono::NaiveDate;
use gradphoto_app::roster::import_roster;
use gradphoto_app::timetable::{TimetableImport, import_timetable, publish, set_days};
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::{CampaignId, FixedClock, Venue};
use gradphoto_store::{Actor, Slot};

use crate::db::{TestDb, on_both_backends};
use crate::files::{csv_utf8, owned, workbook};
use crate::import_support::{Roster, now};

on_both_backends!(
    the_notice_imports_as_it_stands,
    each_problem_with_its_line_and_nothing_written,
    a_sheet_with_its_rows,
);

/// The notice, as the demo ships it.
const NOTICE: &str = include_str!("../../../gradphoto/src/demo/notice-2022-10-10.txt");

/// The class codes of 附件一, found the plainest way: runs of six or seven letters and digits
/// that start with a digit or `D`, between the headings 附件一： and 附件二：.
fn notice_codes() -> Vec<String> {
    let table = NOTICE.split("附件一：").nth(1).unwrap();
    let table = table.split("附件二：").next().unwrap();
    table
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            (6..=7).contains(&w.len())
                && (w.starts_with('D') || w.starts_with(|c: char| c.is_ascii_digit()))
                && w.chars().skip(1).all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

/// The time ranges of 附件一: each opens with 上午 or 下午 and a full-width colon.
fn notice_ranges() -> usize {
    let table = NOTICE.split("附件一：").nth(1).unwrap();
    let table = table.split("附件二：").next().unwrap();
    table
        .lines()
        .map(str::trim)
        .filter(|l| (l.starts_with("上午") || l.starts_with("下午")) && l.contains('：'))
        .count()
}

struct Campaign<'a> {
    roster: Roster<'a>,
    app: App,
    venue: Venue,
}

/// A campaign whose roster has one student in each class, a venue, and the given days.
async fn campaign<'a>(db: &'a TestDb, classes: &[String], days: &[NaiveDate]) -> Campaign<'a> {
    let roster = Roster::new(db).await;
    let app = App::new(db.arc(), Arc::new(FixedClock(now())), Arc::new(OsRandom));
    let mut rows = vec![owned(&["学号", "姓名", "班级"])];
    for (i, class) in classes.iter().enumerate() {
        rows.push(vec![format!("S{i:05}"), format!("学生{i}"), class.clone()]);
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
    let venue = app
        .repo
        .create_venue(
            roster.campaign,
            "大学生事务中心",
            &Actor::system("test"),
            now(),
        )
        .await
        .unwrap();
    if !days.is_empty() {
        set_days(&app, roster.campaign, days, &Actor::system("test"))
            .await
            .unwrap();
    }
    Campaign { roster, app, venue }
}

impl Campaign<'_> {
    fn id(&self) -> CampaignId {
        self.roster.campaign
    }

    async fn import(&self, bytes: &[u8], name: &str, dry_run: bool) -> TimetableImport {
        import_timetable(
            &self.app,
            self.id(),
            &self.venue,
            bytes,
            name,
            dry_run,
            &Actor::system("test"),
        )
        .await
        .unwrap()
    }

    async fn slots(&self) -> Vec<Slot> {
        self.app.repo.slots(self.venue.id).await.unwrap()
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn the_notice_imports_as_it_stands(db: &TestDb) {
    let codes = notice_codes();
    let c = campaign(db, &codes, &[day(2022, 10, 20), day(2022, 10, 21)]).await;
    // A dry run reads everything and writes nothing.
    let dry = c.import(NOTICE.as_bytes(), "notice.txt", true).await;
    assert!(dry.is_ok(), "{:?}", dry.problems);
    assert_eq!(dry.format, "notice");
    assert_eq!(dry.slots.len(), notice_ranges());
    assert!(c.slots().await.is_empty());

    let report = c.import(NOTICE.as_bytes(), "notice.txt", false).await;
    assert!(report.applied);
    let slots = c.slots().await;
    assert_eq!(slots.len(), notice_ranges());
    let stored: Vec<String> = slots
        .iter()
        .flat_map(|s| s.classes.iter().map(|c| c.code.clone()))
        .collect();
    assert_eq!(stored, codes, "every class of 附件一, in its order");
    assert_eq!(slots[0].time.label().zh, "10月20日 9:00-10:00");
    assert_eq!(slots[3].time.label().zh, "10月20日 13:30-14:30");
    assert_eq!(
        slots.last().unwrap().time.label().zh,
        "10月21日 11:00-12:00"
    );
    assert_eq!(report.slots[0].students, slots[0].classes.len() as i64);

    // Published, the notice is version 1; the same timetable again is nothing to publish.
    let v1 = publish(&c.app, c.id(), &Actor::system("test"))
        .await
        .unwrap();
    assert_eq!(v1.info.number, 1);
    assert!(
        publish(&c.app, c.id(), &Actor::system("test"))
            .await
            .is_err()
    );
}

async fn each_problem_with_its_line_and_nothing_written(db: &TestDb) {
    let classes: Vec<String> = ["190111", "190112", "190113", "190114"]
        .map(String::from)
        .into();
    let c = campaign(db, &classes, &[day(2022, 10, 20), day(2022, 10, 21)]).await;
    let good = "2022.10.20上午\n上午9：00\n—10：00\n190111、190112\n";
    assert!(c.import(good.as_bytes(), "t.txt", false).await.applied);
    let before = c.slots().await;

    let bad = "\
2022.10.20上午
上午9：00—10：00
190111、190999、
190112
上午9：30—10：30
190113、190111
2022.10.23上午
上午9：00—10：00
190114
";
    let report = c.import(bad.as_bytes(), "t.txt", false).await;
    assert!(!report.applied);
    let found: Vec<(Option<usize>, String)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.value.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(3), "190999".to_owned()),          // not on the roster
            (Some(5), "10月20日 9:30-10:30".into()), // overlaps the slot of line 2
            (Some(6), "190111".into()),              // placed twice
            (Some(8), "2022-10-23".into()),          // its slot is not on a shooting day
        ],
        "{:?}",
        report.problems
    );
    assert!(report.problems[1].describe("zh").contains("第 2 行"));
    assert!(report.problems[2].describe("en").starts_with("Row 6"));
    assert_eq!(c.slots().await, before, "nothing written");

    // A campaign without shooting days says what to do first.
    let none = campaign(db, &classes, &[]).await;
    let report = none.import(good.as_bytes(), "t.txt", false).await;
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].message.zh.contains("拍摄日期"));
    assert!(none.slots().await.is_empty());
}

async fn a_sheet_with_its_rows(db: &TestDb) {
    let classes: Vec<String> = ["190111", "190112", "190113"].map(String::from).into();
    let c = campaign(db, &classes, &[day(2022, 10, 20)]).await;
    let rows = vec![
        owned(&["日期", "开始", "结束", "班级"]),
        owned(&["2022-10-20", "9:00", "10:00", "190111、190112"]),
        owned(&["", "10:00", "11:00", "190113"]),
    ];
    let csv = c.import(&csv_utf8(&rows), "timetable.csv", false).await;
    assert!(csv.is_ok(), "{:?}", csv.problems);
    assert_eq!(csv.format, "sheet");
    assert_eq!(c.slots().await.len(), 2);

    let mut bad = rows.clone();
    bad[2] = owned(&["2022-10-20", "十点", "11:00", "190113"]);
    bad.push(owned(&["2022-10-20", "11:00", "12:00", "190112"]));
    let xlsx = c
        .import(&workbook(&bad, |_| {}), "timetable.xlsx", false)
        .await;
    let found: Vec<_> = xlsx
        .problems
        .iter()
        .map(|p| (p.row, p.column.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(3), Some("开始".to_owned())),
            (Some(4), Some("班级".to_owned()))
        ],
        "{:?}",
        xlsx.problems
    );
    assert_eq!(
        c.slots().await.len(),
        2,
        "the CSV's timetable is still there"
    );
}
