//! Records and plans built by hand, so the storage tests do not depend on the roster parser.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gradphoto_domain::roster::{FieldChange, ImportPlan};
use gradphoto_domain::{
    CampaignId, ClassCode, IdNumber, NewCampaign, Sex, StudentNo, StudentRecord,
};
use gradphoto_store::{Actor, Repo};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 10, 20, 1, 0, 0).unwrap()
}

pub fn actor() -> Actor {
    Actor::system("test")
}

/// A valid resident ID number for a serial, born 2001-01-01.
pub fn id_number(serial: u32) -> IdNumber {
    let first17 = format!("36010220010101{:03}", serial % 1000);
    let check = gradphoto_domain::id_number::check_char(&first17).unwrap();
    IdNumber::parse(&format!("{first17}{check}")).unwrap()
}

pub fn record(no: &str, name: &str, class: &str, college: Option<&str>) -> StudentRecord {
    StudentRecord {
        student_no: StudentNo::parse(no).unwrap(),
        name: name.to_owned(),
        class_code: ClassCode::parse(class).unwrap(),
        sex: Some(Sex::Female),
        ethnicity: Some("汉族".to_owned()),
        birth_date: NaiveDate::from_ymd_opt(2001, 1, 1),
        id_number: None,
        exam_no: None,
        college: college.map(str::to_owned),
        major_code: Some("080202".to_owned()),
        major_name: Some("机械设计制造及其自动化".to_owned()),
        level: Some("本科".to_owned()),
        duration: Some("4".to_owned()),
        study_mode: Some("普通全日制".to_owned()),
        enrolment_date: NaiveDate::from_ymd_opt(2019, 9, 1),
        graduation_date: NaiveDate::from_ymd_opt(2023, 6, 30),
        school_code: Some("10406".to_owned()),
    }
}

pub fn creates(records: Vec<StudentRecord>) -> ImportPlan {
    ImportPlan {
        creates: records,
        ..ImportPlan::default()
    }
}

pub fn change(field: &'static str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field,
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

pub async fn campaign(repo: &dyn Repo) -> CampaignId {
    let new = NewCampaign::parse(2023, None, None, None).unwrap();
    repo.create_campaign(&new, &actor(), now())
        .await
        .unwrap()
        .id
}

/// A campaign with 3 students in two colleges: 190111 and 190112 in 航空制造工程学院, 190211 in
/// 信息工程学院.
pub async fn small_roster(repo: &dyn Repo) -> CampaignId {
    let id = campaign(repo).await;
    let mut a = record("1901110101", "张三", "190111", Some("航空制造工程学院"));
    a.id_number = Some(id_number(1));
    let b = record("1901120101", "李四", "190112", Some("航空制造工程学院"));
    let mut c = record("1902110101", "王五", "190211", Some("信息工程学院"));
    c.id_number = Some(id_number(3));
    repo.apply_import(id, &creates(vec![a, b, c]), &actor(), now())
        .await
        .unwrap();
    id
}
