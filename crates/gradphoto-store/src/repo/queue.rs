//! The queue at a venue: finding the student a credential names, issuing their ticket at
//! check-in, the stations' moves through the day's tickets, and the board that shows them.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::{
    CampaignId, ChsiCode, Credential, StationId, StudentId, Ticket, TicketId, VenueId,
};

use super::{Actor, StudentView};
use crate::error::Result;
use crate::queue::{BoardSnapshot, IssueOutcome, IssueRequest, StationAction, TicketView};

#[async_trait]
pub trait QueueRepo: Send + Sync {
    /// The one student a credential names in a campaign, if any.
    async fn resolve_credential(
        &self,
        campaign: CampaignId,
        credential: &Credential,
    ) -> Result<Option<StudentView>>;
    /// Binds a 学信网 collection code to a student; refused when it is bound to another one.
    async fn link_chsi_code(
        &self,
        campaign: CampaignId,
        code: &ChsiCode,
        student: StudentId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()>;

    /// Issues the next sequence number of the venue and day to a student, in one transaction,
    /// or returns the ticket the student already holds today.
    async fn issue_ticket(
        &self,
        request: &IssueRequest,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<IssueOutcome>;
    async fn ticket(&self, id: TicketId) -> Result<Option<TicketView>>;
    /// The student's live ticket of a day, if any.
    async fn live_ticket(&self, student: StudentId, day: NaiveDate) -> Result<Option<Ticket>>;
    async fn chip_photo(&self, ticket: TicketId) -> Result<Option<(String, Vec<u8>)>>;
    /// The ticket a station has called now: at most one.
    async fn called_ticket(&self, station: StationId) -> Result<Option<Ticket>>;
    /// Changes the queue from a station; returns the ticket the station has called afterwards.
    async fn station_action(
        &self,
        station: StationId,
        action: &StationAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<Ticket>>;
    async fn board(&self, venue: VenueId, day: NaiveDate) -> Result<BoardSnapshot>;
    /// The board's pace alone: the mean call-to-finish time of the day's last finished
    /// tickets, in seconds (`BoardSnapshot::mean_service_seconds`), without the rest of it.
    async fn mean_service_seconds(&self, venue: VenueId, day: NaiveDate) -> Result<Option<f64>>;
    /// Every ticket of a venue's day that was not voided, in number order: what the queue
    /// really was, for setting beside a simulation of it.
    async fn day_tickets(&self, venue: VenueId, day: NaiveDate) -> Result<Vec<Ticket>>;
    /// How many waiting tickets of the ticket's venue and day are called before it: retakes
    /// first, then the lower numbers (the domain's `call_order`).
    async fn waiting_ahead(&self, ticket: &Ticket) -> Result<i64>;
}
