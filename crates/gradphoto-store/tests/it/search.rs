//! The roster list: text search, filters, college scope and paging.

use gradphoto_store::{StudentPage, StudentQuery};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{id_number, small_roster};

fn names(page: &StudentPage) -> Vec<&str> {
    page.items
        .iter()
        .map(|v| v.student.record.name.as_str())
        .collect()
}

fn query() -> StudentQuery {
    StudentQuery {
        limit: 50,
        ..StudentQuery::default()
    }
}

async fn search_filters_and_scopes(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let colleges = repo.colleges(id).await.unwrap();
    let aero = colleges
        .iter()
        .find(|c| c.name == "航空制造工程学院")
        .unwrap()
        .id;

    let all = repo.search_students(id, &query()).await.unwrap();
    assert_eq!((all.total, names(&all)), (3, vec!["张三", "李四", "王五"]));

    let by_name = StudentQuery {
        text: Some("李".into()),
        ..query()
    };
    assert_eq!(
        names(&repo.search_students(id, &by_name).await.unwrap()),
        vec!["李四"]
    );
    let by_no = StudentQuery {
        text: Some("190211".into()),
        ..query()
    };
    assert_eq!(
        names(&repo.search_students(id, &by_no).await.unwrap()),
        vec!["王五"]
    );
    let by_id = StudentQuery {
        text: Some(id_number(1).as_str()[10..].to_owned()),
        ..query()
    };
    assert_eq!(
        names(&repo.search_students(id, &by_id).await.unwrap()),
        vec!["张三"]
    );
    // LIKE's wildcards are taken literally.
    let wildcard = StudentQuery {
        text: Some("%".into()),
        ..query()
    };
    assert_eq!(repo.search_students(id, &wildcard).await.unwrap().total, 0);

    let by_class = StudentQuery {
        class_code: Some("190112".into()),
        ..query()
    };
    assert_eq!(
        names(&repo.search_students(id, &by_class).await.unwrap()),
        vec!["李四"]
    );
    let by_college = StudentQuery {
        college_id: Some(aero),
        ..query()
    };
    assert_eq!(
        repo.search_students(id, &by_college).await.unwrap().total,
        2
    );

    let scoped = StudentQuery {
        scope: Some(vec![aero]),
        ..query()
    };
    let page = repo.search_students(id, &scoped).await.unwrap();
    assert_eq!(names(&page), vec!["张三", "李四"]);
    assert!(page.items.iter().all(|v| v.college_id == Some(aero)));
    let nothing = StudentQuery {
        scope: Some(vec![]),
        ..query()
    };
    assert_eq!(repo.search_students(id, &nothing).await.unwrap().total, 0);
    // A scope and a filter for a college outside it find nothing.
    let other = colleges.iter().find(|c| c.id != aero).unwrap().id;
    let outside = StudentQuery {
        scope: Some(vec![aero]),
        college_id: Some(other),
        ..query()
    };
    assert_eq!(repo.search_students(id, &outside).await.unwrap().total, 0);
}

async fn search_pages(db: &TestDb) {
    let repo = db.repo.as_ref();
    let id = small_roster(repo).await;
    let page = StudentQuery {
        limit: 2,
        offset: 2,
        ..query()
    };
    let got = repo.search_students(id, &page).await.unwrap();
    assert_eq!((got.total, names(&got)), (3, vec!["王五"]));
    let student = got.items[0].student.id;
    let view = repo.student(student).await.unwrap().unwrap();
    assert_eq!(view.student.record.name, "王五");
    assert!(view.college_id.is_some());
    assert!(
        repo.student(gradphoto_domain::StudentId(999_999))
            .await
            .unwrap()
            .is_none()
    );
    let no = gradphoto_domain::StudentNo::parse("1902110101").unwrap();
    let by_no = repo.student_by_no(id, &no).await.unwrap().unwrap();
    assert_eq!(by_no, view);
    let missing = gradphoto_domain::StudentNo::parse("19021101").unwrap();
    assert!(repo.student_by_no(id, &missing).await.unwrap().is_none());
}

conformance!(search_filters_and_scopes, search_pages);
