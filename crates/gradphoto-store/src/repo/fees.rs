//! The fee ledger: entries appended per class (payments, exemptions, corrections), never
//! edited, and the campaign's payment deadline.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::fees::{FeeEntry, FeeKind, PaymentMethod};
use gradphoto_domain::{CampaignId, ClassId, Fen, StudentId};
use serde::Serialize;

use super::Actor;
use crate::error::Result;

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeeEntry {
    pub campaign_id: CampaignId,
    pub class_id: ClassId,
    pub student_id: Option<StudentId>,
    pub kind: FeeKind,
    pub amount: Fen,
    pub paid_on: Option<NaiveDate>,
    pub paid_by: String,
    pub received_by: String,
    pub method: Option<PaymentMethod>,
    pub note: String,
    /// For a correction: the entry it changes, and that entry's amount (corrections included)
    /// the change was worked out from. The append is refused when it is no longer so, because
    /// somebody else corrected the entry in the meantime.
    pub corrects: Option<(i64, Fen)>,
}

/// An entry with the names a person reads it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    #[serde(flatten)]
    pub entry: FeeEntry,
    pub class_code: String,
    pub student_no: Option<String>,
    pub student_name: Option<String>,
}

#[async_trait]
pub trait FeeRepo: Send + Sync {
    /// The campaign's entries in the order they were made; only those of `classes` when given.
    async fn fee_entries(
        &self,
        campaign: CampaignId,
        classes: Option<&[ClassId]>,
    ) -> Result<Vec<LedgerRow>>;
    /// Appends an entry, audited (`fee.payment`, `fee.exemption`, `fee.correction`), in one
    /// transaction. Refused (`Rejected`) when the class is not the campaign's, the student not
    /// the class's, an exemption is for a student already exempt, or a correction's entry is
    /// another class's, is itself a correction, or no longer has the amount it was worked out
    /// from.
    async fn append_fee_entry(
        &self,
        entry: &NewFeeEntry,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<FeeEntry>;
    async fn fee_deadline(&self, campaign: CampaignId) -> Result<Option<NaiveDate>>;
    /// Sets the day by which classes pay, audited.
    async fn set_fee_deadline(
        &self,
        campaign: CampaignId,
        day: NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;
}
