//! The fee ledger, for the college secretaries who collect the fee per class and the office
//! that checks it: per class what is expected (students × fee, less exemptions), what was paid
//! and the balance, per college the same summed with the classes still owing, the deadline,
//! and the reconciliation of students photographed against students paid for. Entries are
//! recorded by [`record`] and never changed; the ledger as a workbook is [`workbook`].

pub mod record;
pub mod workbook;

use std::collections::HashMap;

use chrono::NaiveDate;
use gradphoto_domain::fees::{ClassTotals, FeeEntry};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Campaign, ClassId, CollegeId, Fen};
use gradphoto_store::LedgerRow;
use serde::Serialize;

pub use record::{correct_entry, exempt_student, parse_deadline, record_payment, set_deadline};
pub use workbook::ledger_workbook;

use crate::App;
use crate::error::Result;

/// One class's money and how it squares with the day's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassLedger {
    pub class_id: ClassId,
    pub code: String,
    pub college_id: Option<CollegeId>,
    pub college_name: Option<String>,
    #[serde(flatten)]
    pub totals: ClassTotals,
    /// Students with a current photo.
    pub photographed: i64,
    /// Students the payments cover at the campaign's fee.
    pub paid_for: i64,
    /// Photographed students less those paid for and those exempt: positive when photos were
    /// taken that nobody paid for, negative when more were paid for (or exempt) than were
    /// photographed (students who paid and did not come).
    pub unpaid_photographed: i64,
}

/// A college's classes summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollegeLedger {
    pub college_id: Option<CollegeId>,
    pub name: Option<String>,
    pub classes: i64,
    /// Classes that still owe money.
    pub outstanding_classes: i64,
    /// What those classes owe (an overpaid class does not make up for another's debt).
    pub owed: Fen,
    #[serde(flatten)]
    pub totals: ClassTotals,
    pub photographed: i64,
    pub paid_for: i64,
}

/// The ledger of the classes a reader may see.
#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    pub campaign: Campaign,
    pub fee: Fen,
    pub deadline: Option<NaiveDate>,
    /// Today in China time, for the countdown.
    pub today: NaiveDate,
    pub classes: Vec<ClassLedger>,
    pub colleges: Vec<CollegeLedger>,
    pub total: ClassTotals,
    /// What all the classes still owe.
    pub owed: Fen,
    /// The classes' photographed, paid-for and photographed-unpaid students, summed.
    pub photographed: i64,
    pub paid_for: i64,
    pub unpaid_photographed: i64,
    /// Every entry of those classes, oldest first.
    pub entries: Vec<LedgerRow>,
}

impl Ledger {
    /// Days until the deadline: 0 on the day, negative once it has passed.
    pub fn days_left(&self) -> Option<i64> {
        self.deadline.map(|d| (d - self.today).num_days())
    }

    pub fn outstanding(&self) -> impl Iterator<Item = &ClassLedger> {
        self.classes.iter().filter(|c| c.totals.outstanding())
    }

    /// The amount of each entry once corrected, by entry id.
    pub fn net_amounts(&self) -> HashMap<i64, Fen> {
        gradphoto_domain::fees::net_amounts(self.entries.iter().map(|r| &r.entry))
    }
}

/// The current campaign, when there is one.
pub async fn campaign(app: &App) -> Result<Option<Campaign>> {
    Ok(app.repo.current_campaign().await?)
}

/// The ledger of `campaign`, of the colleges in `scope` when given.
pub async fn ledger(app: &App, campaign: &Campaign, scope: Option<&[CollegeId]>) -> Result<Ledger> {
    let counts = app.repo.class_counts(campaign.id, scope).await?;
    let ids: Vec<ClassId> = counts.iter().map(|c| c.class_id).collect();
    let entries = app.repo.fee_entries(campaign.id, Some(&ids)).await?;
    let deadline = app.repo.fee_deadline(campaign.id).await?;
    let fee = campaign.fee_fen;
    let mut by_class: HashMap<ClassId, Vec<FeeEntry>> = HashMap::new();
    for r in &entries {
        by_class
            .entry(r.entry.class_id)
            .or_default()
            .push(r.entry.clone());
    }
    let mut classes = Vec::with_capacity(counts.len());
    for c in counts {
        let own = by_class.remove(&c.class_id).unwrap_or_default();
        let totals = ClassTotals::of(c.students, fee, &own);
        let paid_for = totals.paid_for(fee);
        classes.push(ClassLedger {
            class_id: c.class_id,
            code: c.code,
            college_id: c.college_id,
            college_name: c.college_name,
            totals,
            photographed: c.photographed,
            paid_for,
            unpaid_photographed: c.photographed - paid_for - totals.exempt_students,
        });
    }
    let colleges = by_college(&classes);
    let mut total = ClassTotals::default();
    for c in &classes {
        total += c.totals;
    }
    let owed = classes
        .iter()
        .filter(|c| c.totals.outstanding())
        .map(|c| c.totals.balance)
        .sum();
    let sum = |f: fn(&ClassLedger) -> i64| classes.iter().map(f).sum::<i64>();
    let (photographed, paid_for, unpaid_photographed) = (
        sum(|c| c.photographed),
        sum(|c| c.paid_for),
        sum(|c| c.unpaid_photographed),
    );
    Ok(Ledger {
        photographed,
        paid_for,
        unpaid_photographed,
        campaign: campaign.clone(),
        fee,
        deadline,
        today: shooting_day(app.now()),
        classes,
        colleges,
        total,
        owed,
        entries,
    })
}

/// The classes summed per college, in the order the colleges first appear (classes come in
/// code order).
fn by_college(classes: &[ClassLedger]) -> Vec<CollegeLedger> {
    let mut out: Vec<CollegeLedger> = Vec::new();
    for c in classes {
        let at = match out.iter().position(|g| g.college_id == c.college_id) {
            Some(i) => i,
            None => {
                out.push(CollegeLedger {
                    college_id: c.college_id,
                    name: c.college_name.clone(),
                    classes: 0,
                    outstanding_classes: 0,
                    owed: Fen::ZERO,
                    totals: ClassTotals::default(),
                    photographed: 0,
                    paid_for: 0,
                });
                out.len() - 1
            }
        };
        let g = &mut out[at];
        g.classes += 1;
        if c.totals.outstanding() {
            g.outstanding_classes += 1;
            g.owed += c.totals.balance;
        }
        g.totals += c.totals;
        g.photographed += c.photographed;
        g.paid_for += c.paid_for;
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
