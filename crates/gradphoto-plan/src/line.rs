//! The waiting line of a simulated day: tickets join it at check-in and for a retake, and a free
//! station calls the next one. The order is the domain's: a heap of
//! [`gradphoto_domain::queue::CallKey`]s, the key `call_order` itself compares, so the
//! simulation cannot drift from the rules the stations run by.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;
use gradphoto_domain::queue::CallKey;

/// What the simulation does to the day's tickets, by sequence number. [`HeapLine`] is the
/// simulation's; `baseline::ScanLine` runs the same moves through the domain's `decide` on a
/// list of tickets.
pub(crate) trait Line {
    /// An empty line for a venue's day.
    fn new(day: NaiveDate) -> Self;
    /// Ticket `seq` is issued at check-in and waits.
    fn issue(&mut self, seq: i64);
    /// Station `station` calls the next waiting ticket, if any.
    fn call_next(&mut self, station: u32) -> Option<i64>;
    /// The ticket called at `station` is shot.
    fn finish(&mut self, seq: i64, station: u32);
    /// The ticket just shot at `station` goes back to the head of the line for a retake.
    fn retake(&mut self, seq: i64, station: u32);
    /// Tickets waiting.
    fn waiting(&self) -> usize;
}

/// The waiting tickets in a heap by call key: `O(log n)` per call.
#[derive(Debug, Default)]
pub(crate) struct HeapLine {
    heap: BinaryHeap<Reverse<CallKey>>,
}

impl Line for HeapLine {
    fn new(_day: NaiveDate) -> Self {
        Self::default()
    }

    fn issue(&mut self, seq: i64) {
        self.heap.push(Reverse(CallKey::new(false, seq)));
    }

    fn call_next(&mut self, _station: u32) -> Option<i64> {
        self.heap.pop().map(|Reverse(key)| key.seq())
    }

    fn finish(&mut self, _seq: i64, _station: u32) {}

    fn retake(&mut self, seq: i64, _station: u32) {
        self.heap.push(Reverse(CallKey::new(true, seq)));
    }

    fn waiting(&self) -> usize {
        self.heap.len()
    }
}
