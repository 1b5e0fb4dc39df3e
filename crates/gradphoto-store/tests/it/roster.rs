//! Applying import plans: creation, updates, swaps, and all-or-nothing refusal.

use gradphoto_domain::roster::{ImportPlan, Problem};
use gradphoto_domain::{Msg, Student};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, campaign, change, creates, id_number, now, record, small_roster};

fn by_no<'a>(students: &'a [Student], no: &str) -> &'a Student {
    students
        .iter()
        .find(|s| s.record.student_no.as_str() == no)
        .unwrap()
}

async fn import_creates_places_and_students(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let students = repo.students(id).await.unwrap();
    assert_eq!(students.len(), 3);
    let a = by_no(&students, "1901110101");
    let mut expected = record("1901110101", "张三", "190111", Some("航空制造工程学院"));
    expected.id_number = Some(id_number(1));
    assert_eq!(a.record, expected);

    let colleges: Vec<String> = repo
        .colleges(id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(colleges.len(), 2);
    assert!(colleges.contains(&"信息工程学院".to_owned()));
    let classes = repo.classes(id).await.unwrap();
    let codes: Vec<(&str, i64)> = classes
        .iter()
        .map(|c| (c.code.as_str(), c.students))
        .collect();
    assert_eq!(codes, vec![("190111", 1), ("190112", 1), ("190211", 1)]);
    assert_eq!(classes[0].college_name.as_deref(), Some("航空制造工程学院"));

    let events = repo.audit_events(1).await.unwrap();
    assert_eq!(events[0].action, "roster.import");
    assert_eq!(events[0].after.as_ref().unwrap()["created"], 3);
}

async fn import_updates_and_swaps_id_numbers(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let students = repo.students(id).await.unwrap();
    let a = by_no(&students, "1901110101").clone();
    let c = by_no(&students, "1902110101").clone();
    // The two students' ID numbers were entered the wrong way round: swap them, and move 张三
    // to a new class of a new college in the same import.
    let mut a2 = a.record.clone();
    a2.id_number = Some(id_number(3));
    a2.class_code = gradphoto_domain::ClassCode::parse("D217041").unwrap();
    a2.college = Some("继续教育学院".to_owned());
    let mut c2 = c.record.clone();
    c2.id_number = Some(id_number(1));
    let plan = ImportPlan {
        updates: vec![
            (
                a.id,
                a2.clone(),
                vec![change(
                    "id_number",
                    Some(id_number(1).as_str()),
                    Some(id_number(3).as_str()),
                )],
            ),
            (
                c.id,
                c2.clone(),
                vec![change(
                    "id_number",
                    Some(id_number(3).as_str()),
                    Some(id_number(1).as_str()),
                )],
            ),
        ],
        unchanged: 1,
        ..ImportPlan::default()
    };
    let summary = repo.apply_import(id, &plan, &actor(), now()).await.unwrap();
    assert_eq!((summary.updated, summary.unchanged), (2, 1));
    assert_eq!((summary.colleges_created, summary.classes_created), (1, 1));
    let after = repo.students(id).await.unwrap();
    assert_eq!(by_no(&after, "1901110101").record, a2);
    assert_eq!(by_no(&after, "1902110101").record, c2);
    assert_eq!(by_no(&after, "1901110101").id, a.id);

    let events = repo.audit_events(10).await.unwrap();
    let update = events
        .iter()
        .find(|e| e.action == "student.update" && e.subject == format!("student:{}", a.id))
        .unwrap();
    assert_eq!(
        update.before.as_ref().unwrap()["id_number"],
        id_number(1).as_str()
    );
    assert_eq!(
        update.after.as_ref().unwrap()["id_number"],
        id_number(3).as_str()
    );
}

async fn plan_with_problems_is_refused(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = campaign(repo).await;
    let mut plan = creates(vec![record("1", "甲", "190111", None)]);
    plan.problems.push(Problem {
        row: Some(2),
        column: None,
        value: None,
        message: Msg::new("x", "x"),
    });
    assert!(repo.apply_import(id, &plan, &actor(), now()).await.is_err());
    assert!(repo.students(id).await.unwrap().is_empty());
    assert!(repo.classes(id).await.unwrap().is_empty());
}

async fn failed_import_writes_nothing(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = campaign(repo).await;
    // A duplicate 学号 the planner would have caught: the database refuses the second row, and
    // the first row, its class and its college must be gone with it.
    let plan = creates(vec![
        record("42", "甲", "190111", Some("A学院")),
        record("42", "乙", "190112", Some("B学院")),
    ]);
    assert!(repo.apply_import(id, &plan, &actor(), now()).await.is_err());
    assert!(repo.students(id).await.unwrap().is_empty());
    assert!(repo.classes(id).await.unwrap().is_empty());
    assert!(repo.colleges(id).await.unwrap().is_empty());
    assert!(
        repo.audit_events(10)
            .await
            .unwrap()
            .iter()
            .all(|e| e.action != "roster.import")
    );
}

async fn large_import_in_batches(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = campaign(repo).await;
    let records: Vec<_> = (0..1234)
        .map(|i| {
            let mut r = record(
                &format!("20{i:06}"),
                "学生",
                &format!("19{:04}", i % 37),
                None,
            );
            r.id_number = Some(id_number(i));
            if i >= 1000 {
                r.id_number = None;
            }
            r
        })
        .collect();
    let summary = repo
        .apply_import(id, &creates(records.clone()), &actor(), now())
        .await
        .unwrap();
    assert_eq!((summary.created, summary.classes_created), (1234, 37));
    let stored = repo.students(id).await.unwrap();
    assert_eq!(stored.len(), 1234);
    let mut got: Vec<_> = stored.into_iter().map(|s| s.record).collect();
    got.sort_by(|a, b| a.student_no.cmp(&b.student_no));
    assert_eq!(got, records);
}

conformance!(
    import_creates_places_and_students,
    import_updates_and_swaps_id_numbers,
    plan_with_problems_is_refused,
    failed_import_writes_nothing,
    large_import_in_batches,
);
