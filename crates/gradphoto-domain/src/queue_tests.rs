//! Tests of the queue's rules: every action from every state it may be taken in, the
//! refusals with their messages, the call order, and a station's morning run in memory.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone};

use super::*;
use crate::{CredentialKind, StudentId};

const VENUE: VenueId = VenueId(1);
const HERE: StationId = StationId(10);
const THERE: StationId = StationId(11);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 10, 20).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 10, 20, 1, 0, 0)
        .single()
        .unwrap()
}

fn at() -> StationDay {
    StationDay {
        station: HERE,
        venue_id: VENUE,
        day: day(),
    }
}

/// Ticket number `seq` (id 100 + seq) of the venue's day, in `state`; a called one is at
/// this station.
fn ticket(seq: i64, state: TicketState) -> Ticket {
    let earlier = now() - Duration::minutes(30);
    Ticket {
        id: TicketId(100 + seq),
        venue_id: VENUE,
        day: day(),
        seq,
        student_id: StudentId(seq),
        credential: CredentialKind::ResidentId,
        state,
        station_id: (state != TicketState::Waiting).then_some(HERE),
        priority: false,
        issued_at: earlier,
        called_at: (state != TicketState::Waiting).then_some(earlier),
        finished_at: matches!(state, TicketState::Done | TicketState::Skipped).then_some(earlier),
    }
}

fn target(m: &Move) -> Option<TicketId> {
    match &m.target {
        Target::NextInLine => None,
        Target::Ticket(t) => Some(t.id),
    }
}

/// The actions that name ticket `t`: recall, call out of order (with a reason), retake.
fn naming(t: TicketId) -> [StationAction; 3] {
    [
        StationAction::Recall(t),
        StationAction::CallOutOfOrder {
            ticket: t,
            reason: "行动不便".to_owned(),
        },
        StationAction::Retake(t),
    ]
}

fn allowed_from(action: &StationAction) -> &'static [TicketState] {
    match action {
        StationAction::Recall(_) => &[TicketState::Skipped],
        StationAction::CallOutOfOrder { .. } => &[TicketState::Waiting],
        _ => &[TicketState::Done, TicketState::Called],
    }
}

#[test]
fn call_next_calls_the_next_in_line_when_the_station_is_free() {
    let m = decide(&StationAction::CallNext, &at(), None, None).unwrap();
    assert_eq!(m.target, Target::NextInLine);
    assert_eq!(
        (m.from, m.to),
        (&[TicketState::Waiting][..], TicketState::Called)
    );
    assert_eq!((m.station, m.priority), (Some(HERE), false));
    assert_eq!((m.called_at, m.finished_at), (Stamp::Now, Stamp::Clear));
    assert_eq!((m.event, m.reason), ("queue.call_next", None));
}

#[test]
fn a_busy_station_cannot_call_anyone_else() {
    let called = ticket(7, TicketState::Called);
    let waiting = ticket(8, TicketState::Waiting);
    let skipped = ticket(9, TicketState::Skipped);
    for (action, named) in [
        (StationAction::CallNext, None),
        (StationAction::Recall(skipped.id), Some(&skipped)),
        (
            StationAction::CallOutOfOrder {
                ticket: waiting.id,
                reason: "行动不便".to_owned(),
            },
            Some(&waiting),
        ),
        // Busy comes before the reason and before the named ticket.
        (
            StationAction::CallOutOfOrder {
                ticket: TicketId(999),
                reason: " ".to_owned(),
            },
            None,
        ),
    ] {
        let refusal = decide(&action, &at(), Some(&called), named);
        assert_eq!(refusal, Err(Refusal::Busy { seq: 7 }), "{action:?}");
    }
    assert_eq!(
        Refusal::Busy { seq: 7 }.message(),
        Msg::new(
            "本机位正在拍摄 7 号，请先完成或过号",
            "this station is shooting number 7: finish or skip it first"
        )
    );
}

#[test]
fn finish_and_skip_move_the_called_ticket_and_keep_it_at_the_station() {
    let called = ticket(3, TicketState::Called);
    for (action, to, event) in [
        (StationAction::Finish, TicketState::Done, "queue.finish"),
        (StationAction::Skip, TicketState::Skipped, "queue.skip"),
    ] {
        let m = decide(&action, &at(), Some(&called), None).unwrap();
        assert_eq!(m.target, Target::Ticket(called.clone()));
        assert_eq!((m.from, m.to), (&[TicketState::Called][..], to));
        assert_eq!((m.station, m.priority), (Some(HERE), false));
        assert_eq!((m.called_at, m.finished_at), (Stamp::Keep, Stamp::Now));
        assert_eq!((m.event, m.reason), (event, None));
    }
}

#[test]
fn finish_and_skip_need_a_called_ticket() {
    for action in [StationAction::Finish, StationAction::Skip] {
        assert_eq!(
            decide(&action, &at(), None, None),
            Err(Refusal::NothingCalled)
        );
    }
    assert_eq!(
        Refusal::NothingCalled.message(),
        Msg::new(
            "本机位没有正在拍摄的号",
            "this station has no ticket called"
        )
    );
}

#[test]
fn named_tickets_move_only_from_their_states() {
    for state in TicketState::ALL {
        let t = ticket(5, state);
        for action in naming(t.id) {
            let decided = decide(&action, &at(), None, Some(&t));
            if allowed_from(&action).contains(&state) {
                let m = decided.unwrap_or_else(|r| panic!("{action:?} from {state:?}: {r}"));
                assert_eq!(target(&m), Some(t.id));
                assert_eq!(m.from, allowed_from(&action));
            } else {
                assert_eq!(
                    decided,
                    Err(Refusal::NotPossible { seq: 5, state }),
                    "{action:?} from {state:?}"
                );
            }
        }
    }
    assert_eq!(
        Refusal::NotPossible {
            seq: 5,
            state: TicketState::Waiting
        }
        .message(),
        Msg::new(
            "5 号现在是“等待中”，不能这样操作",
            "number 5 is waiting now; that is not possible"
        )
    );
}

#[test]
fn recall_and_out_of_order_call_the_ticket_here() {
    let skipped = ticket(2, TicketState::Skipped);
    let m = decide(
        &StationAction::Recall(skipped.id),
        &at(),
        None,
        Some(&skipped),
    )
    .unwrap();
    assert_eq!(
        (m.to, m.station, m.priority),
        (TicketState::Called, Some(HERE), false)
    );
    assert_eq!((m.called_at, m.finished_at), (Stamp::Now, Stamp::Clear));
    assert_eq!((m.event, m.reason), ("queue.recall", None));

    let waiting = ticket(4, TicketState::Waiting);
    let out = StationAction::CallOutOfOrder {
        ticket: waiting.id,
        reason: "  行动不便 ".to_owned(),
    };
    let m = decide(&out, &at(), None, Some(&waiting)).unwrap();
    assert_eq!((m.to, m.station), (TicketState::Called, Some(HERE)));
    assert_eq!(m.event, "queue.call_out_of_order");
    assert_eq!(
        m.reason.as_deref(),
        Some("行动不便"),
        "the reason is kept, trimmed"
    );
}

#[test]
fn out_of_order_needs_a_reason() {
    let waiting = ticket(4, TicketState::Waiting);
    for reason in ["", "  ", "\t\n"] {
        let out = StationAction::CallOutOfOrder {
            ticket: waiting.id,
            reason: reason.to_owned(),
        };
        assert_eq!(
            decide(&out, &at(), None, Some(&waiting)),
            Err(Refusal::ReasonRequired)
        );
        // The reason is asked for before the ticket is looked at.
        assert_eq!(
            decide(&out, &at(), None, None),
            Err(Refusal::ReasonRequired)
        );
    }
    assert_eq!(
        Refusal::ReasonRequired.message(),
        Msg::new(
            "不按顺序叫号需要填写原因",
            "calling out of order needs a reason"
        )
    );
}

#[test]
fn a_retake_goes_back_to_the_head_of_the_queue_at_no_station() {
    for state in [TicketState::Done, TicketState::Called] {
        let mut t = ticket(6, state);
        // Another station's ticket may be sent back too, and a busy station may send one.
        t.station_id = Some(THERE);
        let busy = ticket(1, TicketState::Called);
        let m = decide(&StationAction::Retake(t.id), &at(), Some(&busy), Some(&t)).unwrap();
        assert_eq!(m.target, Target::Ticket(t.clone()));
        assert_eq!(
            (m.from, m.to),
            (
                &[TicketState::Done, TicketState::Called][..],
                TicketState::Waiting
            )
        );
        assert_eq!((m.station, m.priority), (None, true));
        assert_eq!((m.called_at, m.finished_at), (Stamp::Clear, Stamp::Clear));
        assert_eq!((m.event, m.reason), ("queue.retake", None));
    }
}

#[test]
fn a_named_ticket_must_exist_and_be_of_this_venue_and_day() {
    for action in naming(TicketId(105)) {
        assert_eq!(
            decide(&action, &at(), None, None),
            Err(Refusal::NoSuchTicket(TicketId(105))),
            "{action:?}"
        );
        // A ticket shown in place of the named one is not it.
        let other = ticket(6, allowed_from(&action)[0]);
        assert_eq!(
            decide(&action, &at(), None, Some(&other)),
            Err(Refusal::NoSuchTicket(TicketId(105))),
        );
        let state = allowed_from(&action)[0];
        let mut elsewhere = ticket(5, state);
        elsewhere.venue_id = VenueId(2);
        let mut yesterday = ticket(5, state);
        yesterday.day = day() - Duration::days(1);
        for t in [elsewhere, yesterday] {
            assert_eq!(
                decide(&action, &at(), None, Some(&t)),
                Err(Refusal::NotPossible { seq: 5, state }),
                "{action:?} on {:?} {}",
                t.venue_id,
                t.day
            );
        }
    }
}

#[test]
fn every_move_is_an_allowed_transition() {
    let called = ticket(1, TicketState::Called);
    let mut moves = vec![
        decide(&StationAction::CallNext, &at(), None, None),
        decide(&StationAction::Finish, &at(), Some(&called), None),
        decide(&StationAction::Skip, &at(), Some(&called), None),
    ];
    for state in TicketState::ALL {
        let t = ticket(5, state);
        for action in naming(t.id) {
            moves.push(decide(&action, &at(), None, Some(&t)));
        }
    }
    let moves: Vec<Move> = moves.into_iter().flatten().collect();
    assert_eq!(moves.len(), 3 + 4, "three station moves, four named ones");
    for m in &moves {
        for from in m.from {
            assert!(can_move(*from, m.to), "{} from {from:?}", m.event);
        }
    }
    // Nothing comes back from void, and done is final but for a retake.
    for to in TicketState::ALL {
        assert!(!can_move(TicketState::Void, to));
    }
    assert!(can_move(TicketState::Done, TicketState::Waiting));
    assert!(!can_move(TicketState::Done, TicketState::Called));
    assert!(!can_move(TicketState::Waiting, TicketState::Done));
}

#[test]
fn the_call_order_puts_retakes_first_then_the_lowest_number() {
    let mut tickets: Vec<Ticket> = [4, 1, 6, 2, 5, 3]
        .into_iter()
        .map(|seq| ticket(seq, TicketState::Waiting))
        .collect();
    for t in &mut tickets {
        t.priority = t.seq == 5 || t.seq == 2;
    }
    tickets.sort_by(call_order);
    let seqs: Vec<i64> = tickets.iter().map(|t| t.seq).collect();
    assert_eq!(seqs, [2, 5, 1, 3, 4, 6]);
}

#[test]
fn call_keys_order_tickets_as_the_call_order_does() {
    let tickets: Vec<Ticket> = [(false, 3), (true, 7), (false, 1), (true, 2), (false, 7)]
        .into_iter()
        .map(|(priority, seq)| Ticket {
            priority,
            ..ticket(seq, TicketState::Waiting)
        })
        .collect();
    for a in &tickets {
        for b in &tickets {
            assert_eq!(
                CallKey::of(a).cmp(&CallKey::of(b)),
                call_order(a, b),
                "{a:?} against {b:?}"
            );
        }
    }
    let key = CallKey::new(true, 7);
    assert_eq!((key.priority(), key.seq()), (true, 7));
    assert!(
        CallKey::new(true, 9) < CallKey::new(false, 1),
        "retakes first"
    );
    assert!(
        CallKey::new(false, 1) < CallKey::new(false, 2),
        "then the lowest number"
    );
}

#[test]
fn the_next_in_line_is_waiting_at_this_venue_today() {
    let mut elsewhere = ticket(1, TicketState::Waiting);
    elsewhere.venue_id = VenueId(2);
    let mut yesterday = ticket(1, TicketState::Waiting);
    yesterday.day = day() - Duration::days(1);
    let mut retake_done = ticket(2, TicketState::Done);
    retake_done.priority = true;
    let tickets = [
        elsewhere,
        yesterday,
        retake_done,
        ticket(3, TicketState::Skipped),
        ticket(5, TicketState::Waiting),
        ticket(4, TicketState::Waiting),
    ];
    let next = next_in_line(&tickets, VENUE, day()).map(|t| t.seq);
    assert_eq!(next, Some(4));
    assert_eq!(next_in_line(&tickets[..4], VENUE, day()), None);
}

#[test]
fn a_move_applies_only_while_the_ticket_is_in_a_from_state() {
    let later = now() + Duration::minutes(5);
    let waiting = ticket(1, TicketState::Waiting);
    let call = decide(&StationAction::CallNext, &at(), None, None).unwrap();
    let called = call.apply(&waiting, now()).unwrap();
    assert_eq!(called.state, TicketState::Called);
    assert_eq!(
        (called.station_id, called.called_at),
        (Some(HERE), Some(now()))
    );
    // Another station got there first.
    assert_eq!(call.apply(&called, later), None);

    let finish = decide(&StationAction::Finish, &at(), Some(&called), None).unwrap();
    let done = finish.apply(&called, later).unwrap();
    assert_eq!(
        (done.state, done.station_id),
        (TicketState::Done, Some(HERE))
    );
    assert_eq!(
        (done.called_at, done.finished_at),
        (Some(now()), Some(later))
    );

    let retake = decide(&StationAction::Retake(done.id), &at(), None, Some(&done)).unwrap();
    let again = retake.apply(&done, later).unwrap();
    assert_eq!(
        (again.state, again.station_id, again.priority),
        (TicketState::Waiting, None, true)
    );
    assert_eq!((again.called_at, again.finished_at), (None, None));
    assert_eq!(
        (again.id, again.seq, again.issued_at),
        (done.id, done.seq, done.issued_at)
    );

    let recalled = call.apply(&again, later).unwrap();
    assert!(
        !recalled.priority,
        "called again, a retake is no longer ahead of anyone"
    );
}

/// A morning at one station, run on a list in memory as a simulation would: the rules alone
/// call the retake first, then the numbers in turn, and leave the absent student skipped.
#[test]
fn a_station_works_a_queue_in_memory() {
    let mut tickets: Vec<Ticket> = (1..=4).map(|s| ticket(s, TicketState::Waiting)).collect();
    let mut calls = Vec::new();
    let mut act = |tickets: &mut Vec<Ticket>, action: StationAction| -> Result<(), Refusal> {
        let called = tickets
            .iter()
            .find(|t| t.state == TicketState::Called && t.station_id == Some(HERE))
            .cloned();
        let named = action
            .named_ticket()
            .and_then(|id| tickets.iter().find(|t| t.id == id).cloned());
        let m = decide(&action, &at(), called.as_ref(), named.as_ref())?;
        let id = match &m.target {
            Target::NextInLine => match next_in_line(tickets.iter(), VENUE, day()) {
                Some(t) => t.id,
                None => return Ok(()),
            },
            Target::Ticket(t) => t.id,
        };
        if let Some(t) = tickets.iter_mut().find(|t| t.id == id) {
            *t = m
                .apply(t, now())
                .unwrap_or_else(|| panic!("{} applies", m.event));
            if m.to == TicketState::Called {
                calls.push(t.seq);
            }
        }
        Ok(())
    };
    use StationAction::*;
    for action in [CallNext, Finish, CallNext, Skip, CallNext, Finish] {
        act(&mut tickets, action).unwrap();
    }
    assert_eq!(act(&mut tickets, Finish), Err(Refusal::NothingCalled));
    act(&mut tickets, Retake(TicketId(101))).unwrap();
    for action in [CallNext, Finish, CallNext, Finish, CallNext] {
        act(&mut tickets, action).unwrap();
    }
    assert_eq!(calls, [1, 2, 3, 1, 4]);
    let states: Vec<TicketState> = tickets.iter().map(|t| t.state).collect();
    use TicketState::*;
    assert_eq!(states, [Done, Skipped, Done, Done]);
}
