//! The store carries out the domain's queue rules: the stations' calls come in the order the
//! domain's `call_order` gives (and a ticket's place counts the tickets before it in that
//! order), and every move leaves the ticket exactly as the domain's
//! `Move::apply` does in memory.

use chrono::Duration;
use gradphoto_domain::queue::{StationDay, Target, call_order, decide, next_in_line};
use gradphoto_domain::{Ticket, TicketState};
use gradphoto_store::{Repo, StationAction};

use crate::conformance;
use crate::db::TestDb;
use crate::fixtures::{actor, now};
use crate::queue::{request, today, venue_with_students};

/// One station working the queue in the store and, beside it, in memory with the domain's
/// rules alone.
struct Mirror<'a> {
    repo: &'a dyn Repo,
    at: StationDay,
    tickets: Vec<Ticket>,
    minute: i64,
}

impl Mirror<'_> {
    fn called(&self) -> Option<Ticket> {
        self.tickets
            .iter()
            .find(|t| t.state == TicketState::Called && t.station_id == Some(self.at.station))
            .cloned()
    }

    /// Takes the action in memory and in the store, and checks that both agree: on the
    /// station's called ticket afterwards and on the ticket that moved.
    async fn act(&mut self, action: StationAction) -> Option<Ticket> {
        self.minute += 1;
        let when = now() + Duration::minutes(self.minute);
        let named = action
            .named_ticket()
            .and_then(|id| self.tickets.iter().find(|t| t.id == id).cloned());
        let mv = decide(&action, &self.at, self.called().as_ref(), named.as_ref()).unwrap();
        let moved = match &mv.target {
            Target::Ticket(t) => Some(t.id),
            Target::NextInLine => {
                next_in_line(&self.tickets, self.at.venue_id, self.at.day).map(|t| t.id)
            }
        };
        if let Some(id) = moved {
            let t = self.tickets.iter_mut().find(|t| t.id == id).unwrap();
            *t = mv.apply(t, when).unwrap();
        }

        let got = self
            .repo
            .station_action(self.at.station, &action, &actor(), when)
            .await
            .unwrap();
        assert_eq!(
            got,
            self.called(),
            "{action:?}: the station's called ticket"
        );
        if let Some(id) = moved {
            let stored = self.repo.ticket(id).await.unwrap().unwrap().ticket;
            let mine = self.tickets.iter().find(|t| t.id == id);
            assert_eq!(Some(&stored), mine, "{action:?}: the moved ticket");
        }
        got
    }
}

async fn call_next_follows_the_domain_s_call_order(db: &TestDb) {
    let repo = db.repo.as_ref();
    let (_, venue, students) = venue_with_students(repo, 8).await;
    let station = repo.stations(venue).await.unwrap()[0].id;
    let mut tickets = Vec::new();
    for s in &students {
        let issued = repo
            .issue_ticket(&request(venue, *s), &actor(), now())
            .await
            .unwrap();
        tickets.push(issued.ticket);
    }
    let ids: Vec<_> = tickets.iter().map(|t| t.id).collect();
    let mut m = Mirror {
        repo,
        at: StationDay {
            station,
            venue_id: venue,
            day: today(),
        },
        tickets,
        minute: 0,
    };
    // Numbers 1 and 2 are shot, then 7 out of turn; 3 is called.
    for _ in 0..2 {
        m.act(StationAction::CallNext).await;
        m.act(StationAction::Finish).await;
    }
    let out = StationAction::CallOutOfOrder {
        ticket: ids[6],
        reason: "行动不便".to_owned(),
    };
    assert_eq!(m.act(out).await.map(|t| t.seq), Some(7));
    m.act(StationAction::Finish).await;
    assert_eq!(m.act(StationAction::CallNext).await.map(|t| t.seq), Some(3));
    // Retakes, not in number order: 3 while still in the chair, then 7 and 2. Number 7 is
    // called again before 4, 5 and 6, which have waited all along.
    for i in [2, 6, 1] {
        m.act(StationAction::Retake(ids[i])).await;
    }

    // What the domain's call order says of the tickets as the store holds them now.
    let mut waiting = Vec::new();
    for id in &ids {
        let t = repo.ticket(*id).await.unwrap().unwrap().ticket;
        if t.state == TicketState::Waiting {
            waiting.push(t);
        }
    }
    waiting.sort_by(call_order);
    let expected: Vec<i64> = waiting.iter().map(|t| t.seq).collect();
    assert_eq!(expected, [2, 3, 7, 4, 5, 6, 8], "retakes first, by number");
    // Each waiting ticket has exactly those before it in that order ahead of it.
    for (place, t) in waiting.iter().enumerate() {
        assert_eq!(
            repo.waiting_ahead(t).await.unwrap(),
            place as i64,
            "ticket {}",
            t.seq
        );
    }

    let mut called = Vec::new();
    while let Some(t) = m.act(StationAction::CallNext).await {
        called.push(t.seq);
        m.act(StationAction::Finish).await;
    }
    assert_eq!(called, expected);
    assert!(m.tickets.iter().all(|t| t.state == TicketState::Done));
}

conformance!(call_next_follows_the_domain_s_call_order);
