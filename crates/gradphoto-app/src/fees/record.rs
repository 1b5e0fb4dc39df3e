//! Writing to the ledger: a payment for a class, a student's exemption, a correction of an
//! earlier entry (never an edit), and the deadline. Each checks what a person typed, and that
//! the class is one the person's colleges hold, before anything is stored.

use chrono::NaiveDate;
use gradphoto_domain::fees::{
    FeeEntry, FeeKind, NewPayment, PaymentForm, correction_delta, parse_reason,
};
use gradphoto_domain::timetable::time_text::parse_day;
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Campaign, ClassId, CollegeId, Fen, Msg, StudentNo};
use gradphoto_store::{Actor, ClassSummary, NewFeeEntry};

use crate::App;
use crate::error::{AppError, Result};

/// The class of `campaign` with code `code`, when `scope` (a college role's colleges) holds it.
async fn class_in_scope(
    app: &App,
    campaign: &Campaign,
    scope: Option<&[CollegeId]>,
    code: &str,
) -> Result<ClassSummary> {
    let code = code.trim();
    let class = app
        .repo
        .classes(campaign.id)
        .await?
        .into_iter()
        .find(|c| c.code == code && in_scope(scope, c.college_id));
    class.ok_or_else(|| {
        AppError::invalid(
            "class",
            Msg::new(
                format!("没有班级“{code}”，或它不属于您负责的学院：请从列表中选择"),
                format!(
                    "there is no class \"{code}\" among your colleges: choose one from the list"
                ),
            ),
        )
    })
}

fn in_scope(scope: Option<&[CollegeId]>, college: Option<CollegeId>) -> bool {
    scope.is_none_or(|s| college.is_some_and(|c| s.contains(&c)))
}

fn invalid((field, msg): (&'static str, Msg)) -> AppError {
    AppError::invalid(field, msg)
}

/// Records a payment for a class.
pub async fn record_payment(
    app: &App,
    campaign: &Campaign,
    scope: Option<&[CollegeId]>,
    class_code: &str,
    form: &PaymentForm<'_>,
    actor: &Actor,
) -> Result<FeeEntry> {
    let class = class_in_scope(app, campaign, scope, class_code).await?;
    let payment = NewPayment::parse(form, shooting_day(app.now())).map_err(invalid)?;
    let entry = NewFeeEntry {
        campaign_id: campaign.id,
        class_id: class.id,
        student_id: None,
        kind: FeeKind::Payment,
        amount: payment.amount,
        paid_on: Some(payment.paid_on),
        paid_by: payment.paid_by,
        received_by: payment.received_by,
        method: Some(payment.method),
        note: payment.note,
        corrects: None,
    };
    Ok(app.repo.append_fee_entry(&entry, actor, app.now()).await?)
}

/// Exempts a student (by 学号) from the fee, with the reason.
pub async fn exempt_student(
    app: &App,
    campaign: &Campaign,
    scope: Option<&[CollegeId]>,
    student_no: &str,
    reason: &str,
    actor: &Actor,
) -> Result<FeeEntry> {
    let no = StudentNo::parse(student_no).map_err(|m| AppError::invalid("student_no", m))?;
    let student = app
        .repo
        .student_by_no(campaign.id, &no)
        .await?
        .filter(|s| in_scope(scope, s.college_id))
        .ok_or_else(|| {
            AppError::invalid(
                "student_no",
                Msg::new(
                    format!("您负责的学院中没有学号为 {no} 的学生"),
                    format!("there is no student {no} in your colleges"),
                ),
            )
        })?;
    let reason = parse_reason(reason).map_err(invalid)?;
    if !campaign.fee_fen.is_positive() {
        return Err(AppError::invalid(
            "student_no",
            Msg::new(
                "本次采集不收费，无需登记免缴",
                "this campaign charges no fee: there is nothing to exempt",
            ),
        ));
    }
    let entry = NewFeeEntry {
        campaign_id: campaign.id,
        class_id: student.student.class_id,
        student_id: Some(student.student.id),
        kind: FeeKind::Exemption,
        amount: campaign.fee_fen,
        paid_on: None,
        paid_by: String::new(),
        received_by: String::new(),
        method: None,
        note: reason,
        corrects: None,
    };
    Ok(app.repo.append_fee_entry(&entry, actor, app.now()).await?)
}

/// Corrects entry `entry_id` to `corrected` yuan (0 voids a payment or withdraws an
/// exemption), with the reason: a new entry carrying the difference.
pub async fn correct_entry(
    app: &App,
    campaign: &Campaign,
    scope: Option<&[CollegeId]>,
    entry_id: i64,
    corrected: &str,
    reason: &str,
    actor: &Actor,
) -> Result<FeeEntry> {
    let missing = || {
        AppError::NotFound(Msg::new(
            format!("您负责的班级中没有第 {entry_id} 条缴费记录"),
            format!("there is no ledger entry {entry_id} among your classes"),
        ))
    };
    let classes = app.repo.classes(campaign.id).await?;
    let visible: Vec<ClassId> = classes
        .iter()
        .filter(|c| in_scope(scope, c.college_id))
        .map(|c| c.id)
        .collect();
    let rows = app.repo.fee_entries(campaign.id, Some(&visible)).await?;
    let entries: Vec<FeeEntry> = rows.into_iter().map(|r| r.entry).collect();
    let target = entries
        .iter()
        .find(|e| e.id == entry_id)
        .ok_or_else(missing)?;
    if target.kind == FeeKind::Correction {
        return Err(AppError::invalid(
            "entry",
            Msg::new(
                format!("第 {entry_id} 条本身是更正：请更正它所更正的那一条"),
                format!("entry {entry_id} is a correction itself: correct the entry it corrects"),
            ),
        ));
    }
    let corrected = Fen::parse(corrected).map_err(|m| AppError::invalid("amount", m))?;
    if target.kind == FeeKind::Exemption && !corrected.is_zero() {
        return Err(AppError::invalid(
            "amount",
            Msg::new(
                "免缴只能撤销：更正后的金额请填 0",
                "an exemption can only be withdrawn: give 0 as the corrected amount",
            ),
        ));
    }
    let reason = parse_reason(reason).map_err(invalid)?;
    let current = gradphoto_domain::fees::net_amounts(&entries)
        .get(&entry_id)
        .copied()
        .unwrap_or(target.amount);
    let delta = correction_delta(current, corrected).map_err(invalid)?;
    let entry = NewFeeEntry {
        campaign_id: campaign.id,
        class_id: target.class_id,
        student_id: target.student_id,
        kind: FeeKind::Correction,
        amount: delta,
        paid_on: None,
        paid_by: String::new(),
        received_by: String::new(),
        method: None,
        note: reason,
        corrects: Some((entry_id, current)),
    };
    Ok(app.repo.append_fee_entry(&entry, actor, app.now()).await?)
}

/// Reads a deadline as typed (`2022-10-19`, `2022年10月19日`).
pub fn parse_deadline(raw: &str) -> Result<NaiveDate> {
    parse_day(raw).ok_or_else(|| {
        AppError::invalid(
            "deadline",
            Msg::new(
                format!("截止日期“{}”无法识别，应写作 2022-10-19", raw.trim()),
                format!(
                    "deadline \"{}\" is not understood; write it like 2022-10-19",
                    raw.trim()
                ),
            ),
        )
    })
}

/// Sets the day by which the classes pay.
pub async fn set_deadline(
    app: &App,
    campaign: &Campaign,
    day: NaiveDate,
    actor: &Actor,
) -> Result<()> {
    Ok(app
        .repo
        .set_fee_deadline(campaign.id, day, actor, app.now())
        .await?)
}
