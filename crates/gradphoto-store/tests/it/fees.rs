//! The fee ledger: entries appended and read back in order, exemptions once per student,
//! corrections only of this class's payments and exemptions and only from the amount they were
//! worked out from, the deadline set and changed; every write audited.

use chrono::NaiveDate;
use gradphoto_domain::fees::{ClassTotals, FeeKind, PaymentMethod};
use gradphoto_domain::{CampaignId, ClassId, Fen, StudentId};
use gradphoto_store::{NewFeeEntry, Repo, StoreError};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now, small_roster};

fn payment(campaign: CampaignId, class: ClassId, fen: i64) -> NewFeeEntry {
    NewFeeEntry {
        campaign_id: campaign,
        class_id: class,
        student_id: None,
        kind: FeeKind::Payment,
        amount: Fen(fen),
        paid_on: NaiveDate::from_ymd_opt(2022, 10, 18),
        paid_by: "班长 王芳".to_owned(),
        received_by: "李老师".to_owned(),
        method: Some(PaymentMethod::Wechat),
        note: "第一笔".to_owned(),
        corrects: None,
    }
}

fn exemption(campaign: CampaignId, class: ClassId, student: StudentId) -> NewFeeEntry {
    NewFeeEntry {
        student_id: Some(student),
        kind: FeeKind::Exemption,
        amount: Fen(1500),
        paid_on: None,
        paid_by: String::new(),
        received_by: String::new(),
        method: None,
        note: "家庭经济困难".to_owned(),
        ..payment(campaign, class, 0)
    }
}

fn correction(base: &NewFeeEntry, target: i64, was: i64, delta: i64) -> NewFeeEntry {
    NewFeeEntry {
        kind: FeeKind::Correction,
        amount: Fen(delta),
        corrects: Some((target, Fen(was))),
        note: "录入错误".to_owned(),
        paid_on: None,
        ..base.clone()
    }
}

async fn classes(repo: &dyn Repo, campaign: CampaignId) -> (ClassId, ClassId, StudentId) {
    let all = repo.classes(campaign).await.unwrap();
    let id = |code: &str| all.iter().find(|c| c.code == code).unwrap().id;
    let zhang = repo
        .students(campaign)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.record.student_no.as_str() == "1901110101")
        .unwrap()
        .id;
    (id("190111"), id("190211"), zhang)
}

fn refused(result: Result<gradphoto_domain::fees::FeeEntry, StoreError>) -> String {
    match result {
        Err(StoreError::Rejected(msg)) => msg.zh,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn ledger_appends_and_sums(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    let (c111, c211, zhang) = classes(repo, campaign).await;

    let paid = repo
        .append_fee_entry(&payment(campaign, c111, 15_000), &actor(), now())
        .await
        .unwrap();
    assert_eq!((paid.kind, paid.amount), (FeeKind::Payment, Fen(15_000)));
    assert_eq!(paid.method, Some(PaymentMethod::Wechat));
    assert_eq!(paid.paid_on, NaiveDate::from_ymd_opt(2022, 10, 18));
    repo.append_fee_entry(&payment(campaign, c211, 1500), &actor(), now())
        .await
        .unwrap();
    // 150 yuan typed for 15: corrected from 150 to 15.
    let fix = correction(&payment(campaign, c111, 0), paid.id, 15_000, -13_500);
    repo.append_fee_entry(&fix, &actor(), now()).await.unwrap();
    // The same correction again was worked out from an amount that is gone.
    assert!(refused(repo.append_fee_entry(&fix, &actor(), now()).await).contains("刚被更正"));
    let exempt = repo
        .append_fee_entry(&exemption(campaign, c111, zhang), &actor(), now())
        .await
        .unwrap();
    assert!(
        refused(
            repo.append_fee_entry(&exemption(campaign, c111, zhang), &actor(), now())
                .await
        )
        .contains("已登记免缴")
    );
    // Withdrawn, the exemption may be given again.
    let withdraw = correction(&exemption(campaign, c111, zhang), exempt.id, 1500, -1500);
    repo.append_fee_entry(&withdraw, &actor(), now())
        .await
        .unwrap();
    repo.append_fee_entry(&exemption(campaign, c111, zhang), &actor(), now())
        .await
        .unwrap();

    // Refusals: a student of another class, a correction of another class's entry or of a
    // correction, an entry that does not exist, a class of no campaign.
    assert!(
        refused(
            repo.append_fee_entry(&exemption(campaign, c211, zhang), &actor(), now())
                .await
        )
        .contains("不在这个班级")
    );
    let wrong_class = correction(&payment(campaign, c211, 0), paid.id, 1500, -1500);
    assert!(
        refused(repo.append_fee_entry(&wrong_class, &actor(), now()).await)
            .contains("不能这样更正")
    );
    let missing = correction(&payment(campaign, c111, 0), 9_999, 0, 100);
    assert!(refused(repo.append_fee_entry(&missing, &actor(), now()).await).contains("9999"));
    let mut elsewhere = payment(campaign, c111, 100);
    elsewhere.campaign_id = CampaignId(campaign.0 + 1);
    assert!(refused(repo.append_fee_entry(&elsewhere, &actor(), now()).await).contains("不属于"));

    let rows = repo.fee_entries(campaign, None).await.unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r.entry.kind.code()).collect();
    assert_eq!(
        kinds,
        [
            "payment",
            "payment",
            "correction",
            "exemption",
            "correction",
            "exemption"
        ]
    );
    assert_eq!(rows[3].student_name.as_deref(), Some("张三"));
    assert_eq!(rows[0].class_code, "190111");
    let of_111 = repo.fee_entries(campaign, Some(&[c111])).await.unwrap();
    assert_eq!(of_111.len(), 5);
    let entries: Vec<_> = of_111.into_iter().map(|r| r.entry).collect();
    let totals = ClassTotals::of(1, Fen(1500), &entries);
    assert_eq!(totals.exempt_students, 1);
    assert_eq!(totals.expected, Fen::ZERO);
    assert_eq!(totals.paid, Fen(1500));
    assert_eq!(totals.balance, Fen(-1500));

    let audit = repo.audit_events(50).await.unwrap();
    let fee_events = audit
        .iter()
        .filter(|e| e.action.starts_with("fee."))
        .count();
    assert_eq!(fee_events, 6);
}

async fn deadline_is_set_and_changed(db: &TestDb) {
    let repo = db.repo.as_ref();
    let campaign = small_roster(repo).await;
    assert_eq!(repo.fee_deadline(campaign).await.unwrap(), None);
    let day = NaiveDate::from_ymd_opt(2022, 10, 19).unwrap();
    repo.set_fee_deadline(campaign, day, &actor(), now())
        .await
        .unwrap();
    let later = NaiveDate::from_ymd_opt(2022, 10, 21).unwrap();
    repo.set_fee_deadline(campaign, later, &actor(), now())
        .await
        .unwrap();
    assert_eq!(repo.fee_deadline(campaign).await.unwrap(), Some(later));
    let audit = repo.audit_events(5).await.unwrap();
    assert_eq!(audit[0].action, "fee.deadline");
}

conformance!(ledger_appends_and_sums, deadline_is_set_and_changed);
