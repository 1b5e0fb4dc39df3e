//! The shapes the check-in desk, the capture stations and the board read and write.

use chrono::NaiveDate;
use gradphoto_domain::{
    ClassCode, CredentialKind, StationId, StudentId, Ticket, TicketId, TicketState, VenueId,
};
use serde::Serialize;

use crate::StudentView;

/// A ticket to issue at check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    pub venue_id: VenueId,
    pub day: NaiveDate,
    pub student_id: StudentId,
    pub credential: CredentialKind,
    /// SHA-256 (hex) of the proof code printed for the student.
    pub proof_hash: String,
    /// The ID card chip's photo, as the reader gave it: (MIME type, bytes).
    pub chip_photo: Option<(String, Vec<u8>)>,
    /// Set to void the student's live ticket of the day and issue a new number.
    pub reissue_reason: Option<String>,
    /// The card's name differs from the roster's and the operator vouched for the person:
    /// recorded (`checkin.name_mismatch_acknowledged`) with the new ticket, in its transaction.
    pub name_mismatch: Option<NameMismatch>,
    /// The student's class is not due now by the published timetable: recorded with the new
    /// ticket, in its transaction (`checkin.outside_slot`, or `checkin.outside_slot_overridden`
    /// when the policy refused and an operator let the student through).
    pub outside_slot: Option<OutsideSlotNote>,
}

/// A check-in outside the class's slot, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideSlotNote {
    /// `early`, `late` or `no_slot`.
    pub due: String,
    /// The class's slot (`10月21日 9:00-10:00`), when it has one.
    pub slot: Option<String>,
    /// The operator's reason, when the policy refused and the operator overrode it.
    pub override_reason: Option<String>,
}

/// A name on the ID card that differs from the roster's, acknowledged by the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMismatch {
    pub card_name: String,
    pub roster_name: String,
}

/// What check-in did: a new ticket, or the one the student already holds today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueOutcome {
    pub ticket: Ticket,
    /// True when no number was issued because the student already holds this ticket today.
    pub existing: bool,
}

/// What a capture station does to the queue: the domain's, with its rules
/// ([`gradphoto_domain::queue`]); named here too so callers of the store need not change.
pub use gradphoto_domain::queue::StationAction;

/// A ticket as screens show it, without the student's full name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketCard {
    pub id: TicketId,
    pub seq: i64,
    pub masked_name: String,
    pub class_code: ClassCode,
    pub state: TicketState,
    pub station_id: Option<StationId>,
    pub priority: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationStatus {
    pub id: StationId,
    pub name: String,
    pub current: Option<TicketCard>,
}

/// Everything the venue's board shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardSnapshot {
    pub venue_id: VenueId,
    pub day: NaiveDate,
    pub stations: Vec<StationStatus>,
    /// The next tickets in calling order.
    pub next: Vec<TicketCard>,
    pub waiting: i64,
    pub skipped: Vec<TicketCard>,
    pub done: i64,
    /// Mean seconds from call to done over the day's last finished tickets.
    pub mean_service_seconds: Option<f64>,
}

impl BoardSnapshot {
    /// Estimated minutes until the last waiting student is called, with every station working.
    pub fn estimated_wait_minutes(&self) -> Option<f64> {
        let stations = self.stations.len().max(1) as f64;
        self.mean_service_seconds
            .map(|s| s * self.waiting as f64 / stations / 60.0)
    }
}

/// A ticket with its student, for the station's identity panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketView {
    pub ticket: Ticket,
    pub student: StudentView,
    pub has_chip_photo: bool,
}
