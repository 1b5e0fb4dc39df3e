//! The fee ledger: per class, what is owed (students × fee, less exemptions), what was paid, and
//! the balance. The ledger is append-only — payments, exemptions and corrections are entries, a
//! correction is a new entry that changes an earlier one's amount, and every total is a sum —
//! so nothing recorded is ever lost or silently changed.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{CampaignId, ClassId, Fen, Msg, StudentId, UserId};

/// The longest free text (payer, receiver, note, reason), in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// What an entry of the ledger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// Money received for a class.
    Payment,
    /// A student who owes nothing (hardship, already photographed elsewhere), with the reason;
    /// its amount is the fee it takes off the class's expected amount.
    Exemption,
    /// A change to an earlier entry's amount (a typo, a refund, an exemption withdrawn).
    Correction,
}

impl FeeKind {
    pub fn code(self) -> &'static str {
        match self {
            FeeKind::Payment => "payment",
            FeeKind::Exemption => "exemption",
            FeeKind::Correction => "correction",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [FeeKind::Payment, FeeKind::Exemption, FeeKind::Correction]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            FeeKind::Payment => Msg::new("缴费", "payment"),
            FeeKind::Exemption => Msg::new("免缴", "exemption"),
            FeeKind::Correction => Msg::new("更正", "correction"),
        }
    }
}

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Transfer,
    Wechat,
    Alipay,
    CampusCard,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::Cash,
        PaymentMethod::Transfer,
        PaymentMethod::Wechat,
        PaymentMethod::Alipay,
        PaymentMethod::CampusCard,
        PaymentMethod::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Wechat => "wechat",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::CampusCard => "campus_card",
            PaymentMethod::Other => "other",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            PaymentMethod::Cash => Msg::new("现金", "cash"),
            PaymentMethod::Transfer => Msg::new("银行转账", "bank transfer"),
            PaymentMethod::Wechat => Msg::new("微信", "WeChat Pay"),
            PaymentMethod::Alipay => Msg::new("支付宝", "Alipay"),
            PaymentMethod::CampusCard => Msg::new("校园卡", "campus card"),
            PaymentMethod::Other => Msg::new("其他", "other"),
        }
    }

    /// Reads a method by its code or its Chinese or English label.
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = raw.trim();
        PaymentMethod::ALL
            .into_iter()
            .find(|m| {
                let label = m.label();
                m.code() == s || label.zh == s || label.en.eq_ignore_ascii_case(s)
            })
            .ok_or_else(|| {
                Msg::new(
                    format!("缴费方式“{s}”无效，可选：现金、银行转账、微信、支付宝、校园卡、其他"),
                    format!(
                        "payment method \"{s}\" is not valid; one of cash, bank transfer, \
                         WeChat Pay, Alipay, campus card, other"
                    ),
                )
            })
    }
}

/// One entry of the ledger, as stored. Never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeEntry {
    pub id: i64,
    pub campaign_id: CampaignId,
    pub class_id: ClassId,
    /// The student an exemption (or its correction) is for.
    pub student_id: Option<StudentId>,
    pub kind: FeeKind,
    /// Positive for payments and exemptions; a correction's is the change it makes.
    pub amount: Fen,
    /// The day the money changed hands (payments).
    pub paid_on: Option<NaiveDate>,
    pub paid_by: String,
    pub received_by: String,
    pub method: Option<PaymentMethod>,
    /// The payment's note, or the reason of an exemption or a correction.
    pub note: String,
    /// The entry a correction changes.
    pub corrects: Option<i64>,
    pub by: Option<UserId>,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

/// A payment as a secretary typed it.
#[derive(Debug, Clone, Default)]
pub struct PaymentForm<'a> {
    pub amount: &'a str,
    pub paid_on: &'a str,
    pub paid_by: &'a str,
    pub received_by: &'a str,
    pub method: &'a str,
    pub note: &'a str,
}

/// A payment to record: every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub amount: Fen,
    pub paid_on: NaiveDate,
    pub paid_by: String,
    pub received_by: String,
    pub method: PaymentMethod,
    pub note: String,
}

/// A form field that is wrong: its name and what to do.
pub type FieldError = (&'static str, Msg);

impl NewPayment {
    /// Checks a typed payment; `today` bounds the date (money is not received in the future).
    pub fn parse(form: &PaymentForm<'_>, today: NaiveDate) -> Result<Self, FieldError> {
        let amount = Fen::parse(form.amount).map_err(|m| ("amount", m))?;
        if !amount.is_positive() {
            return Err((
                "amount",
                Msg::new(
                    "缴费金额应大于 0；免缴请用“免缴”登记",
                    "a payment must be more than 0; record an exemption instead",
                ),
            ));
        }
        let paid_on = crate::timetable::time_text::parse_day(form.paid_on).ok_or_else(|| {
            (
                "paid_on",
                Msg::new(
                    format!(
                        "缴费日期“{}”无法识别，应写作 2022-10-18",
                        form.paid_on.trim()
                    ),
                    format!(
                        "payment date \"{}\" is not understood; write it like 2022-10-18",
                        form.paid_on.trim()
                    ),
                ),
            )
        })?;
        if paid_on > today {
            return Err((
                "paid_on",
                Msg::new(
                    format!("缴费日期 {paid_on} 晚于今天（{today}），请核对"),
                    format!("payment date {paid_on} is after today ({today}); check it"),
                ),
            ));
        }
        Ok(Self {
            amount,
            paid_on,
            paid_by: required_text("paid_by", form.paid_by, "缴款人", "who paid")?,
            received_by: required_text("received_by", form.received_by, "收款人", "who received")?,
            method: PaymentMethod::parse(form.method).map_err(|m| ("method", m))?,
            note: optional_text("note", form.note, "备注", "note")?,
        })
    }
}

/// A reason (of an exemption or a correction): required, at most [`MAX_TEXT_CHARS`].
pub fn parse_reason(raw: &str) -> Result<String, FieldError> {
    required_text("reason", raw, "原因", "reason")
}

/// The change a correction makes so that an entry whose amount is now `current` becomes
/// `corrected` (0 voids it).
pub fn correction_delta(current: Fen, corrected: Fen) -> Result<Fen, FieldError> {
    let delta = corrected - current;
    if delta.is_zero() {
        return Err((
            "amount",
            Msg::new(
                format!("更正后的金额与现在相同（{current} 元），无需更正"),
                format!(
                    "the corrected amount is the current one ({current} yuan): nothing to correct"
                ),
            ),
        ));
    }
    Ok(delta)
}

fn required_text(field: &'static str, raw: &str, zh: &str, en: &str) -> Result<String, FieldError> {
    let text = optional_text(field, raw, zh, en)?;
    if text.is_empty() {
        return Err((
            field,
            Msg::new(format!("请填写{zh}"), format!("{en} is required")),
        ));
    }
    Ok(text)
}

fn optional_text(field: &'static str, raw: &str, zh: &str, en: &str) -> Result<String, FieldError> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err((
            field,
            Msg::new(
                format!("{zh}最多 {MAX_TEXT_CHARS} 个字，现有 {chars} 个"),
                format!("{en} holds at most {MAX_TEXT_CHARS} characters, not {chars}"),
            ),
        ));
    }
    Ok(text)
}

/// The amount of each entry once its corrections are added, by entry id (corrections
/// themselves are not listed).
pub fn net_amounts<'a, I>(entries: I) -> HashMap<i64, Fen>
where
    I: IntoIterator<Item = &'a FeeEntry>,
    I::IntoIter: Clone,
{
    let entries = entries.into_iter();
    let mut net: HashMap<i64, Fen> = entries
        .clone()
        .filter(|e| e.kind != FeeKind::Correction)
        .map(|e| (e.id, e.amount))
        .collect();
    for e in entries.filter(|e| e.kind == FeeKind::Correction) {
        if let Some(target) = e.corrects.and_then(|id| net.get_mut(&id)) {
            *target += e.amount;
        }
    }
    net
}

/// One class's money, summed from its entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClassTotals {
    pub students: i64,
    /// Students whose exemption stands.
    pub exempt_students: i64,
    /// Students × fee − exemptions.
    pub expected: Fen,
    /// The exemptions, corrected.
    pub exempted: Fen,
    /// The payments, corrected.
    pub paid: Fen,
    /// Expected − paid: positive while money is owed, negative when too much came in.
    pub balance: Fen,
    /// Payments recorded (not counting corrections).
    pub payments: i64,
}

impl ClassTotals {
    /// The totals of a class of `students` at `fee` each, from its entries (any order).
    pub fn of(students: i64, fee: Fen, entries: &[FeeEntry]) -> Self {
        let net = net_amounts(entries);
        let mut totals = ClassTotals {
            students,
            ..ClassTotals::default()
        };
        for e in entries.iter().filter(|e| e.kind != FeeKind::Correction) {
            let amount = net.get(&e.id).copied().unwrap_or(e.amount);
            match e.kind {
                FeeKind::Payment => {
                    totals.paid += amount;
                    totals.payments += 1;
                }
                FeeKind::Exemption => {
                    totals.exempted += amount;
                    totals.exempt_students += i64::from(amount.is_positive());
                }
                FeeKind::Correction => {}
            }
        }
        let owed = fee.times(students).unwrap_or(Fen(i64::MAX));
        totals.expected = owed - totals.exempted;
        totals.balance = totals.expected - totals.paid;
        totals
    }

    /// Students the payments cover, at `fee` each.
    pub fn paid_for(&self, fee: Fen) -> i64 {
        self.paid.whole_units_of(fee)
    }

    /// Whether money is still owed.
    pub fn outstanding(&self) -> bool {
        self.balance.is_positive()
    }
}

impl std::ops::AddAssign for ClassTotals {
    /// Adds another class's totals: a college's, the campaign's.
    fn add_assign(&mut self, other: ClassTotals) {
        self.students += other.students;
        self.exempt_students += other.exempt_students;
        self.expected += other.expected;
        self.exempted += other.exempted;
        self.paid += other.paid;
        self.balance += other.balance;
        self.payments += other.payments;
    }
}

#[cfg(test)]
#[path = "fees_tests.rs"]
mod tests;
