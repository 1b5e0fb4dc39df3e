//! The straightforward way to simulate the queue, kept as a baseline: the day's tickets as a
//! list of domain [`Ticket`]s, every station action decided by the domain's
//! [`decide`](gradphoto_domain::queue::decide) and every call found by
//! [`next_in_line`](gradphoto_domain::queue::next_in_line), which scans the whole list —
//! `O(tickets)` per call. It must give exactly the figures of [`crate::simulate`] (the tests
//! check it) and shows in the benchmark what the call-key heap saves.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use gradphoto_domain::queue::{Move, StationDay, Target, decide, next_in_line};
use gradphoto_domain::{
    CredentialKind, StationAction, StationId, StudentId, Ticket, TicketId, TicketState, VenueId,
};

use crate::SimParams;
use crate::line::Line;
use crate::report::SimReport;
use crate::scenario::Scenario;
use crate::simulate::simulate_with;

/// [`crate::simulate`] with the naive line: the same figures, much slower on a long day.
/// For benchmarks and as a check that the fast line calls in the domain's order.
pub fn simulate_scanning(scenario: &Scenario, params: &SimParams, runs: u32) -> SimReport {
    simulate_with::<ScanLine>(scenario, params, runs)
}

/// The simulated venue. A ticket's sequence number is also its id and its student's id.
const VENUE: VenueId = VenueId(1);

/// The day's tickets, ticket `seq` at index `seq − 1`, moved by the domain's rules.
#[derive(Debug)]
pub(crate) struct ScanLine {
    day: NaiveDate,
    /// The time stamped on moves: the simulation's clock is its own, not the tickets'.
    now: DateTime<Utc>,
    tickets: Vec<Ticket>,
    waiting: usize,
}

impl ScanLine {
    fn at(&self, station: u32) -> StationDay {
        StationDay {
            station: StationId(i64::from(station)),
            venue_id: VENUE,
            day: self.day,
        }
    }

    fn ticket(&self, seq: i64) -> Option<&Ticket> {
        usize::try_from(seq - 1)
            .ok()
            .and_then(|i| self.tickets.get(i))
    }

    /// Carries a decided move out on its ticket; the ticket's number, or `None` when there is
    /// no ticket to move.
    fn carry_out(&mut self, mv: Result<Move, impl std::fmt::Debug>) -> Option<i64> {
        let mv = mv.ok()?;
        let seq = match &mv.target {
            Target::NextInLine => next_in_line(&self.tickets, VENUE, self.day)?.seq,
            Target::Ticket(t) => t.seq,
        };
        let ticket = self.tickets.get_mut(usize::try_from(seq - 1).ok()?)?;
        *ticket = mv.apply(ticket, self.now)?;
        Some(seq)
    }
}

impl Line for ScanLine {
    fn new(day: NaiveDate) -> Self {
        Self {
            day,
            now: day.and_time(NaiveTime::MIN).and_utc(),
            tickets: Vec::new(),
            waiting: 0,
        }
    }

    fn issue(&mut self, seq: i64) {
        self.tickets.push(Ticket {
            id: TicketId(seq),
            venue_id: VENUE,
            day: self.day,
            seq,
            student_id: StudentId(seq),
            credential: CredentialKind::ResidentId,
            state: TicketState::Waiting,
            station_id: None,
            priority: false,
            issued_at: self.now,
            called_at: None,
            finished_at: None,
        });
        self.waiting += 1;
    }

    fn call_next(&mut self, station: u32) -> Option<i64> {
        let at = self.at(station);
        let seq = self.carry_out(decide(&StationAction::CallNext, &at, None, None))?;
        self.waiting -= 1;
        Some(seq)
    }

    fn finish(&mut self, seq: i64, station: u32) {
        let at = self.at(station);
        let called = self.ticket(seq).cloned();
        let done = self.carry_out(decide(&StationAction::Finish, &at, called.as_ref(), None));
        debug_assert_eq!(done, Some(seq), "ticket {seq} is shot at station {station}");
    }

    fn retake(&mut self, seq: i64, station: u32) {
        let at = self.at(station);
        let named = self.ticket(seq).cloned();
        let action = StationAction::Retake(TicketId(seq));
        if self.carry_out(decide(&action, &at, None, named.as_ref())) == Some(seq) {
            self.waiting += 1;
        } else {
            debug_assert!(false, "ticket {seq} cannot be retaken");
        }
    }

    fn waiting(&self) -> usize {
        self.waiting
    }
}
