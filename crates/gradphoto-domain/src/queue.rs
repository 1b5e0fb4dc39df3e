//! The queue's rules: what a capture station may do to the day's tickets, the order in which
//! waiting tickets are called, and what each move does to a ticket. They are pure, so the store
//! persists what they decide and a simulation of the venue can run the very same rules on a
//! list in memory.
//!
//! An action is decided in one step, [`decide`], from what the station sees: the ticket it has
//! called and, for an action that names a ticket, that ticket. The answer is a [`Move`] (which
//! ticket, from which states to which state, the station it is at afterwards, the audit event)
//! or a [`Refusal`] with what to tell the operator. Carrying a move out is a compare-and-set —
//! it happens only while the ticket is still in one of the move's `from` states — so two
//! stations never take the same ticket: [`Move::apply`] in memory, `UPDATE … AND state IN (…)`
//! in the store.

use std::cmp::{Ordering, Reverse};

use chrono::{DateTime, NaiveDate, Utc};

use crate::{Msg, StationId, Ticket, TicketId, TicketState, VenueId};

/// What a capture station does to the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StationAction {
    /// Call the next waiting ticket: retakes first, then the lowest number.
    CallNext,
    /// The called ticket is shot: done.
    Finish,
    /// The called student is absent: the ticket goes to the recall list.
    Skip,
    /// Call a skipped ticket back.
    Recall(TicketId),
    /// Call a waiting ticket ahead of its turn; the reason is kept in the audit log.
    CallOutOfOrder { ticket: TicketId, reason: String },
    /// Put a done or called ticket back at the head of the queue for a retake.
    Retake(TicketId),
}

impl StationAction {
    /// The ticket the action names, which [`decide`] must be shown as it is now.
    pub fn named_ticket(&self) -> Option<TicketId> {
        match self {
            StationAction::Recall(id)
            | StationAction::CallOutOfOrder { ticket: id, .. }
            | StationAction::Retake(id) => Some(*id),
            StationAction::CallNext | StationAction::Finish | StationAction::Skip => None,
        }
    }
}

/// Every change of state a ticket may go through, with what makes it.
pub const TRANSITIONS: &[(TicketState, TicketState)] = {
    use TicketState::*;
    &[
        (Waiting, Called), // called next, or out of order
        (Called, Done),    // shot
        (Called, Skipped), // absent: on the recall list
        (Skipped, Called), // recalled
        (Done, Waiting),   // retake, at the head of the queue
        (Called, Waiting), // retake while still in the chair
        // A re-issue at check-in voids the student's live ticket, whatever its state.
        (Waiting, Void),
        (Called, Void),
        (Skipped, Void),
        (Done, Void),
    ]
};

/// Whether a ticket may go from one state to another.
pub fn can_move(from: TicketState, to: TicketState) -> bool {
    TRANSITIONS.contains(&(from, to))
}

/// The order in which waiting tickets are called: retakes (`priority`) first, then the lowest
/// number. Sort a list with it; the store's `ORDER BY priority DESC, seq ASC` is this order.
/// It is the order of the tickets' [`CallKey`]s.
pub fn call_order(a: &Ticket, b: &Ticket) -> Ordering {
    CallKey::of(a).cmp(&CallKey::of(b))
}

/// Where a waiting ticket stands in the [`call_order`]: the smaller key is called first. A
/// simulation of the venue keeps its waiting tickets in a heap by this key instead of a list
/// of [`Ticket`]s, and so calls them in the very order the store and [`next_in_line`] do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CallKey {
    // The fields compare in this order: retakes (`Reverse(true)`) before the rest, then the
    // lowest number.
    retake_first: Reverse<bool>,
    seq: i64,
}

impl CallKey {
    /// The key of a ticket with this `priority` (a retake) and sequence number.
    pub fn new(priority: bool, seq: i64) -> Self {
        Self {
            retake_first: Reverse(priority),
            seq,
        }
    }

    /// The key of a ticket as it is now.
    pub fn of(ticket: &Ticket) -> Self {
        Self::new(ticket.priority, ticket.seq)
    }

    /// Whether the ticket waits at the head of the queue (a retake).
    pub fn priority(self) -> bool {
        self.retake_first.0
    }

    /// The ticket's sequence number.
    pub fn seq(self) -> i64 {
        self.seq
    }
}

/// The states a ticket is called from by [`StationAction::CallNext`].
pub const CALLED_NEXT_FROM: &[TicketState] = &[TicketState::Waiting];

/// The ticket [`StationAction::CallNext`] calls at a venue on a day, among tickets in memory.
pub fn next_in_line<'a>(
    tickets: impl IntoIterator<Item = &'a Ticket>,
    venue: VenueId,
    day: NaiveDate,
) -> Option<&'a Ticket> {
    tickets
        .into_iter()
        .filter(|t| t.venue_id == venue && t.day == day && CALLED_NEXT_FROM.contains(&t.state))
        .min_by(|a, b| call_order(a, b))
}

/// A station at its venue on a shooting day: where an action is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StationDay {
    pub station: StationId,
    pub venue_id: VenueId,
    pub day: NaiveDate,
}

/// Which ticket a move is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The first of the venue's tickets of the day in a `from` state, in [`call_order`]
    /// ([`next_in_line`] in memory).
    NextInLine,
    /// This ticket, as the station saw it: its called one, or the one the action names.
    Ticket(Ticket),
}

/// What a move does to one of a ticket's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Set to the time of the move.
    Now,
    /// Cleared.
    Clear,
    /// Left as it is.
    Keep,
}

impl Stamp {
    fn apply(self, time: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Stamp::Now => Some(now),
            Stamp::Clear => None,
            Stamp::Keep => time,
        }
    }
}

/// What the rules decided: a ticket moves, if it is still in one of the `from` states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub target: Target,
    pub from: &'static [TicketState],
    pub to: TicketState,
    /// The ticket's station afterwards: the acting one, or none when it goes back to the queue.
    pub station: Option<StationId>,
    /// Whether the ticket waits at the head of the queue afterwards (a retake).
    pub priority: bool,
    pub called_at: Stamp,
    pub finished_at: Stamp,
    /// The audit event that records the move: `queue.call_next`, `queue.finish`, ….
    pub event: &'static str,
    /// Why, kept in the audit log (calling out of order).
    pub reason: Option<String>,
}

impl Move {
    /// The ticket is called at the station.
    fn call(
        at: &StationDay,
        target: Target,
        from: &'static [TicketState],
        event: &'static str,
        reason: Option<String>,
    ) -> Self {
        Self {
            target,
            from,
            to: TicketState::Called,
            station: Some(at.station),
            priority: false,
            called_at: Stamp::Now,
            finished_at: Stamp::Clear,
            event,
            reason,
        }
    }

    /// The station's called ticket leaves the chair: done or skipped, and stays with the
    /// station that had it.
    fn end(at: &StationDay, called: &Ticket, to: TicketState, event: &'static str) -> Self {
        Self {
            target: Target::Ticket(called.clone()),
            from: &[TicketState::Called],
            to,
            station: Some(at.station),
            priority: false,
            called_at: Stamp::Keep,
            finished_at: Stamp::Now,
            event,
            reason: None,
        }
    }

    /// The ticket goes back to the queue for a retake: at its head, at no station.
    fn requeue(ticket: &Ticket, from: &'static [TicketState]) -> Self {
        Self {
            target: Target::Ticket(ticket.clone()),
            from,
            to: TicketState::Waiting,
            station: None,
            priority: true,
            called_at: Stamp::Clear,
            finished_at: Stamp::Clear,
            event: "queue.retake",
            reason: None,
        }
    }

    /// The ticket after the move, or `None` when it is no longer in a `from` state (another
    /// station moved it first): the store's compare-and-set, in memory. Which ticket to give
    /// is the caller's: the target's, or for [`Target::NextInLine`] the one [`next_in_line`]
    /// finds.
    pub fn apply(&self, ticket: &Ticket, now: DateTime<Utc>) -> Option<Ticket> {
        if !self.from.contains(&ticket.state) {
            return None;
        }
        Some(Ticket {
            state: self.to,
            station_id: self.station,
            priority: self.priority,
            called_at: self.called_at.apply(ticket.called_at, now),
            finished_at: self.finished_at.apply(ticket.finished_at, now),
            ..ticket.clone()
        })
    }
}

/// Why the rules refuse an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The ticket the action names does not exist (the store answers "not found").
    NoSuchTicket(TicketId),
    /// The station has a ticket called: it must finish or skip it first.
    Busy { seq: i64 },
    /// Finishing or skipping with no ticket called.
    NothingCalled,
    /// The named ticket is not in a state the action applies to, or not of this venue and day.
    NotPossible { seq: i64, state: TicketState },
    /// Calling out of order without a reason.
    ReasonRequired,
}

impl Refusal {
    /// What the station tells the operator.
    pub fn message(&self) -> Msg {
        match self {
            Refusal::NoSuchTicket(id) => Msg::new(
                format!("没有这张票（{id}）"),
                format!("there is no ticket {id}"),
            ),
            Refusal::Busy { seq } => Msg::new(
                format!("本机位正在拍摄 {seq} 号，请先完成或过号"),
                format!("this station is shooting number {seq}: finish or skip it first"),
            ),
            Refusal::NothingCalled => Msg::new(
                "本机位没有正在拍摄的号",
                "this station has no ticket called",
            ),
            Refusal::NotPossible { seq, state } => Msg::new(
                format!("{seq} 号现在是“{}”，不能这样操作", state.label().zh),
                format!(
                    "number {seq} is {} now; that is not possible",
                    state.label().en
                ),
            ),
            Refusal::ReasonRequired => Msg::new(
                "不按顺序叫号需要填写原因",
                "calling out of order needs a reason",
            ),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for Refusal {}

/// Decides a station's action. `called` is the ticket the station has called now, if any;
/// `named` is the ticket the action names ([`StationAction::named_ticket`]) as it is now, if
/// it exists.
pub fn decide(
    action: &StationAction,
    at: &StationDay,
    called: Option<&Ticket>,
    named: Option<&Ticket>,
) -> Result<Move, Refusal> {
    let not_busy = || match called {
        Some(t) => Err(Refusal::Busy { seq: t.seq }),
        None => Ok(()),
    };
    match action {
        StationAction::CallNext => {
            not_busy()?;
            Ok(Move::call(
                at,
                Target::NextInLine,
                CALLED_NEXT_FROM,
                "queue.call_next",
                None,
            ))
        }
        StationAction::Finish => {
            let t = called.ok_or(Refusal::NothingCalled)?;
            Ok(Move::end(at, t, TicketState::Done, "queue.finish"))
        }
        StationAction::Skip => {
            let t = called.ok_or(Refusal::NothingCalled)?;
            Ok(Move::end(at, t, TicketState::Skipped, "queue.skip"))
        }
        StationAction::Recall(id) => {
            not_busy()?;
            const FROM: &[TicketState] = &[TicketState::Skipped];
            let t = named_here(at, *id, named, FROM)?;
            Ok(Move::call(
                at,
                Target::Ticket(t.clone()),
                FROM,
                "queue.recall",
                None,
            ))
        }
        StationAction::CallOutOfOrder { ticket, reason } => {
            not_busy()?;
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(Refusal::ReasonRequired);
            }
            const FROM: &[TicketState] = &[TicketState::Waiting];
            let t = named_here(at, *ticket, named, FROM)?;
            Ok(Move::call(
                at,
                Target::Ticket(t.clone()),
                FROM,
                "queue.call_out_of_order",
                Some(reason.to_owned()),
            ))
        }
        StationAction::Retake(id) => {
            const FROM: &[TicketState] = &[TicketState::Done, TicketState::Called];
            let t = named_here(at, *id, named, FROM)?;
            Ok(Move::requeue(t, FROM))
        }
    }
}

/// The ticket an action names, which must exist, be of the station's venue and day, and be in
/// one of `states`.
fn named_here<'a>(
    at: &StationDay,
    id: TicketId,
    named: Option<&'a Ticket>,
    states: &[TicketState],
) -> Result<&'a Ticket, Refusal> {
    match named.filter(|t| t.id == id) {
        None => Err(Refusal::NoSuchTicket(id)),
        Some(t) if t.venue_id == at.venue_id && t.day == at.day && states.contains(&t.state) => {
            Ok(t)
        }
        Some(t) => Err(Refusal::NotPossible {
            seq: t.seq,
            state: t.state,
        }),
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
