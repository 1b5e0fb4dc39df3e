//! The import service end to end, on SQLite and on PostgreSQL: real files as a spreadsheet
//! program or a library writes them (XLSX from `rust_xlsxwriter`; CSV in UTF-8, UTF-8 with a
//! byte order mark, and GBK) go through `import_roster` into a real database.
//!
//! Every refused file is checked for the row, the column and the message a person would read,
//! and for leaving the database exactly as it was: students, colleges, classes and the audit
//! log. The page tests (`import.rs`) cover the same service through the browser's forms.

use gradphoto_domain::Sex;
use gradphoto_domain::roster::FieldChange;
use gradphoto_sheet::Limits;
use gradphoto_store::ImportSummary;
use gradphoto_web::WebConfig;
use rust_xlsxwriter::{Format, Worksheet};

use crate::db::{TestDb, on_both_backends};
use crate::files::{csv_gbk, csv_utf8, csv_utf8_bom, owned, row, workbook};
use crate::helpers::{COLLEGE_A, COLLEGE_B, HEADER, id_number, roster_rows};
use crate::import_support::{Roster, assert_at, only, wrong_check};

on_both_backends!(
    empty_name_in_xlsx,
    wrong_check_character_in_gbk_csv,
    repeated_student_no_in_utf8_bom_csv,
    repeated_id_number_in_xlsx,
    id_number_of_another_stored_student,
    unknown_column_in_csv,
    id_number_saved_as_a_number_lost_digits,
    files_that_are_not_spreadsheets,
    english_headers_with_synonyms,
    title_and_blank_rows_above_the_header,
    dry_run_reports_and_writes_nothing,
    reimport_updates_by_student_no_field_by_field,
    one_bad_row_in_a_hundred_writes_nothing,
);

// --- Refused files ---

/// A blank required cell in a workbook: its row, its column, "required".
async fn empty_name_in_xlsx(db: &TestDb) {
    let roster = Roster::new(db).await;
    let mut rows = roster_rows();
    rows[2][1] = String::new(); // 王芳, on sheet row 3.
    let p = only(
        roster
            .refused(&workbook(&rows, |_| {}), "花名册.xlsx")
            .await,
    );
    assert_at(&p, 3, "姓名");
    assert_eq!(p.value, None);
    assert_eq!(p.message.zh, "姓名为空，此项必填");
    assert_eq!(p.message.en, "name is empty; it is required");
    assert_eq!(p.describe("zh"), "第 3 行，列“姓名”：姓名为空，此项必填");

    // A name of spaces is as blank as no name.
    rows[2][1] = "　 ".into();
    let p = only(
        roster
            .refused(&workbook(&rows, |_| {}), "花名册.xlsx")
            .await,
    );
    assert_at(&p, 3, "姓名");
    assert_eq!(p.message.zh, "姓名为空，此项必填");
}

/// A GBK CSV with Chinese headers: the check character is named, expected and found.
async fn wrong_check_character_in_gbk_csv(db: &TestDb) {
    let roster = Roster::new(db).await;
    // The template's header, 学号 first. In GBK 学 is D1 A7, which also happens to be valid
    // UTF-8 (U+0467), as are about one in seven common characters: the reader must not take
    // the file for damaged UTF-8.
    let mut rows = roster_rows();
    let good = rows[3][5].clone(); // 赵强, on line 4.
    let (bad, right) = wrong_check(&good);
    let found = bad.chars().last().unwrap();
    rows[3][5] = bad.clone();
    let p = only(roster.refused(&csv_gbk(&rows), "花名册.csv").await);
    assert_at(&p, 4, "身份证号");
    assert_eq!(p.value.as_deref(), Some(bad.as_str()));
    assert_eq!(
        p.message.zh,
        format!("身份证号校验位错误：应为 {right}，实为 {found}（{bad}）")
    );
    assert_eq!(
        p.message.en,
        format!("ID number check character is wrong: expected {right}, found {found} ({bad})")
    );

    // The same GBK file corrected imports, with the Chinese text decoded.
    rows[3][5] = good;
    let summary = roster.import(&csv_gbk(&rows), "花名册.csv").await;
    assert_eq!((summary.created, summary.colleges_created), (3, 2));
    let zhao = roster.student("2019101").await;
    assert_eq!(zhao.record.name, "赵强");
    assert_eq!(zhao.record.college.as_deref(), Some(COLLEGE_B));
}

/// A 学号 listed twice in a UTF-8 CSV with a byte order mark: reported on the later row,
/// naming the earlier.
async fn repeated_student_no_in_utf8_bom_csv(db: &TestDb) {
    let roster = Roster::new(db).await;
    let mut rows = roster_rows();
    rows.push(row(
        "2019001",
        "张伟",
        "男",
        "190111",
        COLLEGE_A,
        &id_number("11010520000404005"),
    ));
    let p = only(roster.refused(&csv_utf8_bom(&rows), "roster.csv").await);
    assert_at(&p, 5, "学号");
    assert_eq!(p.value.as_deref(), Some("2019001"));
    assert_eq!(
        p.message.zh,
        "学号与第 2 行重复，每个学号只能出现一次，请删除重复的行或改正学号"
    );
    assert_eq!(
        p.message.en,
        "the student number repeats row 2; each may appear once: delete the repeated row or correct the number"
    );
}

/// One ID number on two rows of a workbook.
async fn repeated_id_number_in_xlsx(db: &TestDb) {
    let roster = Roster::new(db).await;
    let mut rows = roster_rows();
    let wang_fang = rows[2][5].clone();
    rows.push(row(
        "2019003", "刘丽", "女", "190111", COLLEGE_A, &wang_fang,
    ));
    let p = only(
        roster
            .refused(&workbook(&rows, |_| {}), "roster.xlsx")
            .await,
    );
    assert_at(&p, 5, "身份证号");
    assert_eq!(p.value.as_deref(), Some(wang_fang.as_str()));
    assert_eq!(
        p.message.zh,
        "身份证号与第 3 行重复，同一证件号不能属于两名学生，请核对"
    );
}

/// A second file gives a new 学号 the ID number of a student already stored.
async fn id_number_of_another_stored_student(db: &TestDb) {
    let roster = Roster::new(db).await;
    let first = roster_rows();
    roster
        .import(&workbook(&first, |_| {}), "第一批.xlsx")
        .await;
    let wang_fang = first[2][5].clone();
    let second = vec![
        owned(&HEADER),
        row("2019003", "刘丽", "女", "190111", COLLEGE_A, &wang_fang),
    ];
    let p = only(
        roster
            .refused(&workbook(&second, |_| {}), "第二批.xlsx")
            .await,
    );
    assert_at(&p, 2, "身份证号");
    assert_eq!(p.value.as_deref(), Some(wang_fang.as_str()));
    assert!(
        p.message
            .zh
            .starts_with("身份证号已属于已导入的学生 王芳（学号 2019002）"),
        "{p}"
    );
    assert!(
        p.message.en.starts_with(
            "the ID number already belongs to stored student 王芳 (student number 2019002)"
        ),
        "{}",
        p.message.en
    );
    assert_eq!(roster.students().await.len(), 3);
}

/// A header the system does not know: named with its column letter, nothing imported.
async fn unknown_column_in_csv(db: &TestDb) {
    let roster = Roster::new(db).await;
    let mut rows = roster_rows();
    rows[0].push("手机号".into());
    for (i, r) in rows.iter_mut().skip(1).enumerate() {
        r.push(format!("1380000000{i}"));
    }
    let p = only(roster.refused(&csv_utf8(&rows), "roster.csv").await);
    assert_at(&p, 1, "手机号");
    assert_eq!(p.value, None);
    assert!(
        p.message.zh.starts_with("无法识别第 G 列的列名“手机号”"),
        "{p}"
    );
    assert!(
        p.message
            .en
            .starts_with("unknown column \"手机号\" (column G)"),
        "{}",
        p.message.en
    );
}

/// Excel turns a typed 18-digit number into a float and keeps 15 digits; the row is refused
/// rather than imported with a made-up ID number. 学号 saved as numbers are whole and fine.
async fn id_number_saved_as_a_number_lost_digits(db: &TestDb) {
    let roster = Roster::new(db).await;
    let rows = roster_rows();
    let book = workbook(&rows, |ws| {
        for (r, row) in rows.iter().enumerate().skip(1) {
            let no: f64 = row[0].parse().unwrap();
            ws.write_number(r as u32, 0, no).unwrap();
        }
        ws.write_number(2, 5, 360102199901011234.0).unwrap();
    });
    let p = only(roster.refused(&book, "roster.xlsx").await);
    assert_at(&p, 3, "身份证号");
    let shown = p.value.clone().unwrap();
    assert!(
        shown.starts_with("3.60102") && shown.ends_with("E+17"),
        "{shown}"
    );
    assert!(p.message.zh.contains("位数已丢失"), "{p}");
    assert!(p.message.zh.contains(&shown), "{p}");
    assert!(p.message.zh.contains("“文本”格式"), "{p}");
    assert!(
        p.message.en.contains("digits were lost"),
        "{}",
        p.message.en
    );
}

/// A photo renamed `.xlsx`, an empty file and a 100 MiB file: one clear message about the
/// file as a whole, nothing read, nothing written.
async fn files_that_are_not_spreadsheets(db: &TestDb) {
    let roster = Roster::new(db).await;
    roster
        .import(&workbook(&roster_rows(), |_| {}), "roster.xlsx")
        .await;

    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let p = only(roster.refused(&jpeg, "roster.xlsx").await);
    assert_eq!(
        (p.row, p.column.as_deref(), p.value.as_deref()),
        (None, None, None)
    );
    assert!(
        p.message.zh.starts_with("文件是 JPEG 图片，不是电子表格"),
        "{p}"
    );
    assert_eq!(
        p.message.en,
        "The file is a JPEG image, not a spreadsheet. Upload the roster as .xlsx or .csv"
    );

    let p = only(roster.refused(&[], "roster.csv").await);
    assert_eq!((p.row, p.column.as_deref()), (None, None));
    assert!(p.message.zh.starts_with("文件是空的（0 字节）"), "{p}");

    let huge = vec![b'a'; 100 * 1024 * 1024];
    let p = only(roster.refused(&huge, "roster.csv").await);
    assert_eq!((p.row, p.column.as_deref()), (None, None));
    assert!(
        p.message
            .zh
            .starts_with("文件大小为 100.0 MB，超过了 32.0 MB 的上限"),
        "{p}"
    );
    assert!(
        p.message
            .en
            .starts_with("The file is 100.0 MB, over the limit of 32.0 MB"),
        "{}",
        p.message.en
    );
}

// --- Accepted files ---

/// English headers, with synonyms and in any case, import like the Chinese template.
async fn english_headers_with_synonyms(db: &TestDb) {
    let roster = Roster::new(db).await;
    let rows = vec![
        owned(&["Student_No", "Name", "class", "ID_Number", "Gender"]),
        owned(&["2019301", "Li Ming", "190311", "440524188001010014", "M"]),
        owned(&["2019302", "王芳", "190311", "11010519491231002x", "female"]),
    ];
    let summary = roster.import(&csv_utf8(&rows), "roster.csv").await;
    assert_eq!((summary.created, summary.classes_created), (2, 1));
    let li = roster.student("2019301").await.record;
    assert_eq!(li.name, "Li Ming");
    assert_eq!(li.class_code.as_str(), "190311");
    assert_eq!(li.sex, Some(Sex::Male));
    assert_eq!(li.id_number.unwrap().as_str(), "440524188001010014");
    let wang = roster.student("2019302").await.record;
    assert_eq!(wang.sex, Some(Sex::Female));
    assert_eq!(
        wang.id_number.unwrap().as_str(),
        "11010519491231002X",
        "the check character is stored upper-case"
    );
}

/// A merged title, a note and blank rows above the header, a blank row between students:
/// the header is found and problems carry the row numbers the spreadsheet shows.
async fn title_and_blank_rows_above_the_header(db: &TestDb) {
    let roster = Roster::new(db).await;
    let students = roster_rows();
    let mut rows = vec![
        vec![String::new(); 6], // 1: the merged title, written below.
        vec![],                 // 2
        owned(&["制表单位：研究生院", "", "", "", "制表日期：2023-03-01"]), // 3
        vec![],                 // 4
    ];
    rows.push(students[0].clone()); // 5: header
    rows.push(students[1].clone()); // 6
    rows.push(students[2].clone()); // 7
    rows.push(vec![]); // 8
    rows.push(students[3].clone()); // 9
    let title = |ws: &mut Worksheet| {
        let bold = Format::new().set_bold();
        ws.merge_range(0, 0, 0, 5, "2023届毕业研究生图像采集名单", &bold)
            .unwrap();
    };

    let mut bad = rows.clone();
    bad[8][1] = String::new();
    let p = only(roster.refused(&workbook(&bad, title), "名单.xlsx").await);
    assert_at(&p, 9, "姓名");

    let summary = roster.import(&workbook(&rows, title), "名单.xlsx").await;
    assert_eq!(summary.created, 3);
    let names: Vec<String> = roster
        .students()
        .await
        .into_iter()
        .map(|s| s.record.name)
        .collect();
    assert_eq!(names, ["李明", "王芳", "赵强"]);
}

/// A dry run reports what it would do and writes nothing, for new and for changed students.
async fn dry_run_reports_and_writes_nothing(db: &TestDb) {
    let roster = Roster::new(db).await;
    let rows = roster_rows();
    let book = workbook(&rows, |_| {});
    let before = roster.snapshot().await;
    let report = roster.run(&book, "roster.xlsx", true).await;
    assert_eq!(report.problems, vec![]);
    assert!(report.dry_run);
    assert_eq!((report.rows, report.creates, report.unchanged), (3, 3, 0));
    assert!(report.updates.is_empty());
    assert_eq!(report.applied, None);
    assert_eq!(roster.snapshot().await, before, "a dry run wrote");

    roster.import(&book, "roster.xlsx").await;
    let mut changed = rows.clone();
    changed[1][1] = "李明明".into();
    let before = roster.snapshot().await;
    let report = roster
        .run(&workbook(&changed, |_| {}), "roster.xlsx", true)
        .await;
    assert_eq!((report.creates, report.unchanged), (0, 2));
    assert_eq!(report.updates.len(), 1);
    assert_eq!(report.updates[0].student_no, "2019001");
    assert_eq!(report.applied, None);
    assert_eq!(roster.snapshot().await, before, "a dry run wrote");
    assert_eq!(roster.student("2019001").await.record.name, "李明");
}

/// A changed file updates students by 学号, field by field; the unchanged are counted.
async fn reimport_updates_by_student_no_field_by_field(db: &TestDb) {
    let roster = Roster::new(db).await;
    let rows = roster_rows();
    roster.import(&workbook(&rows, |_| {}), "roster.xlsx").await;
    let id_before = roster.student("2019002").await.id;

    // Re-exported as CSV, with 王芳's name corrected and her class changed.
    let mut changed = rows.clone();
    changed[2][1] = "王芳芳".into();
    changed[2][3] = "190112".into();
    let report = roster
        .run(&csv_utf8_bom(&changed), "roster.csv", false)
        .await;
    assert_eq!(report.problems, vec![]);
    assert_eq!((report.creates, report.unchanged), (0, 2));
    assert_eq!(report.updates.len(), 1, "{:?}", report.updates);
    let update = &report.updates[0];
    assert_eq!(
        (update.student_no.as_str(), update.name.as_str()),
        ("2019002", "王芳芳")
    );
    let change = |field, before: &str, after: &str| FieldChange {
        field,
        before: Some(before.to_owned()),
        after: Some(after.to_owned()),
    };
    assert_eq!(
        update.changes,
        vec![
            change("name", "王芳", "王芳芳"),
            change("class_code", "190111", "190112"),
        ]
    );
    assert_eq!(
        report.applied,
        Some(ImportSummary {
            created: 0,
            updated: 1,
            unchanged: 2,
            colleges_created: 0,
            classes_created: 1,
        })
    );

    let wang = roster.student("2019002").await;
    assert_eq!(wang.id, id_before, "updated in place, not re-created");
    assert_eq!(wang.record.name, "王芳芳");
    assert_eq!(wang.record.class_code.as_str(), "190112");
    assert_eq!(roster.students().await.len(), 3);
    let last = &roster.db.repo().audit_events(1).await.unwrap()[0];
    assert_eq!(last.action, "roster.import");
    assert_eq!(last.after.as_ref().unwrap()["updated"], 1);
}

/// 99 good rows and one bad one: nothing is written, neither the new students nor the
/// changes to stored ones. Fixed, the same file imports whole.
async fn one_bad_row_in_a_hundred_writes_nothing(db: &TestDb) {
    let roster = Roster::new(db).await;
    let stored = roster_rows();
    roster
        .import(&workbook(&stored, |_| {}), "roster.xlsx")
        .await;

    // The three stored students renamed, then 97 new ones.
    let mut rows = vec![owned(&HEADER)];
    for r in &stored[1..] {
        let mut r = r.clone();
        r[1].push('某');
        rows.push(r);
    }
    for i in 0..97u32 {
        let seq = format!("{:03}", 200 + i);
        let (class, college) = if i % 2 == 0 {
            ("190111", COLLEGE_A)
        } else {
            ("190211", COLLEGE_B)
        };
        let sex = if i % 2 == 1 { "男" } else { "女" };
        rows.push(row(
            &format!("2019{seq}"),
            &format!("学生{seq}"),
            sex,
            class,
            college,
            &id_number(&format!("36010220010101{seq}")),
        ));
    }
    assert_eq!(rows.len(), 101);
    // Sheet row 52 (a new student) gets a wrong check character.
    let good = rows[51][5].clone();
    let (bad, _) = wrong_check(&good);
    rows[51][5] = bad.clone();

    let problems = roster
        .refused(&workbook(&rows, |_| {}), "roster.xlsx")
        .await;
    let p = only(problems);
    assert_at(&p, 52, "身份证号");
    assert_eq!(p.value.as_deref(), Some(bad.as_str()));
    assert!(p.message.zh.starts_with("身份证号校验位错误"), "{p}");
    assert_eq!(roster.student("2019001").await.record.name, "李明");

    rows[51][5] = good;
    let summary = roster.import(&workbook(&rows, |_| {}), "roster.xlsx").await;
    assert_eq!((summary.created, summary.updated), (97, 3));
    assert_eq!(roster.students().await.len(), 100);
    assert_eq!(roster.student("2019001").await.record.name, "李明某");
}

/// The sheet reader takes every file the upload form accepts.
#[test]
fn sheet_limit_is_the_upload_limit() {
    assert_eq!(
        Limits::default().max_bytes,
        WebConfig::default().max_upload_bytes
    );
}
