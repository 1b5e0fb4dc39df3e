//! The board's live feed: a stream of server-sent events, each one the venue's whole queue as
//! JSON ([`BoardDto`], event name `board`), for the TV board and the station pages.
//!
//! An event is sent when the stream opens, whenever this process changed the venue's queue
//! ([`QueueEvents`](crate::queue_events::QueueEvents)), and at least every
//! `WebConfig::board_refresh` (5 s) even when nothing happened here. The periodic one is what
//! carries changes made by *another* server process — with several processes behind a load
//! balancer on one PostgreSQL database, a check-in handled by one of them wakes only its own
//! listeners — and it doubles as the heartbeat by which the page knows it is live.
//!
//! Bursts are coalesced: after an event, the next one waits at least [`MIN_GAP`], and every
//! change that arrived meanwhile is covered by the one snapshot read after it. A quiet queue
//! therefore gets a change out at once; 500 check-ins in a second cost each screen a handful of
//! snapshots, not 500.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::Event;
use futures_util::Stream;
use gradphoto_domain::Venue;
use gradphoto_domain::venue::shooting_day;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::AppState;
use crate::api::dto::BoardDto;

/// The shortest time between two events of one stream.
pub(crate) const MIN_GAP: Duration = Duration::from_millis(100);

struct BoardFeed {
    state: AppState,
    venue: Venue,
    changes: broadcast::Receiver<()>,
    closing: watch::Receiver<bool>,
    refresh: Interval,
    last_sent: Option<Instant>,
}

/// Why the feed woke up.
enum Wake {
    Change,
    Refresh,
    Stop,
}

impl BoardFeed {
    fn new(state: AppState, venue: Venue) -> Self {
        let changes = state.app.events.subscribe(venue.id);
        let closing = state.shutdown.subscribe();
        let period = state.config.board_refresh.max(Duration::from_millis(100));
        let mut refresh = tokio::time::interval_at(Instant::now() + period, period);
        refresh.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Self {
            state,
            venue,
            changes,
            closing,
            refresh,
            last_sent: None,
        }
    }

    async fn wait(&mut self) -> Wake {
        if *self.closing.borrow() {
            return Wake::Stop;
        }
        tokio::select! {
            changed = self.closing.changed() => match changed {
                Ok(()) if !*self.closing.borrow() => Wake::Refresh,
                _ => Wake::Stop,
            },
            got = self.changes.recv() => match got {
                // Lagged: changes were missed, which one snapshot covers anyway.
                Ok(()) | Err(RecvError::Lagged(_)) => Wake::Change,
                Err(RecvError::Closed) => Wake::Stop,
            },
            _ = self.refresh.tick() => Wake::Refresh,
        }
    }

    /// Waits out the rest of the gap after the last event, then swallows the changes that
    /// came meanwhile: the snapshot about to be read includes them.
    async fn coalesce(&mut self) -> bool {
        if let Some(last) = self.last_sent {
            let wait = MIN_GAP.saturating_sub(last.elapsed());
            if !wait.is_zero() {
                tokio::select! {
                    _ = self.closing.changed() => return false,
                    () = tokio::time::sleep(wait) => {}
                }
            }
        }
        loop {
            match self.changes.try_recv() {
                Ok(()) | Err(TryRecvError::Lagged(_)) => {}
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Closed) => return false,
            }
        }
    }

    async fn snapshot(&self) -> Option<Event> {
        let day = shooting_day(self.state.app.clock.now());
        let board = match self.state.app.repo.board(self.venue.id, day).await {
            Ok(board) => board,
            Err(e) => {
                // Nothing is sent: the page's "not live" banner shows after a while, which is
                // the truth; the next refresh tries again.
                tracing::warn!(venue = %self.venue.id, error = %e, "board snapshot failed");
                return None;
            }
        };
        match Event::default()
            .event("board")
            .json_data(BoardDto::new(&self.venue, &board))
        {
            Ok(event) => Some(event),
            Err(e) => {
                tracing::error!(venue = %self.venue.id, error = %e, "board event not encoded");
                None
            }
        }
    }

    /// The next event to send, `None` when the stream ends (server shutting down).
    async fn next_event(&mut self) -> Option<Event> {
        let mut first = self.last_sent.is_none();
        loop {
            if !first {
                match self.wait().await {
                    Wake::Stop => return None,
                    Wake::Change | Wake::Refresh => {}
                }
                if !self.coalesce().await {
                    return None;
                }
            }
            first = false;
            if let Some(event) = self.snapshot().await {
                self.last_sent = Some(Instant::now());
                self.refresh.reset();
                return Some(event);
            }
        }
    }
}

/// The event stream of a venue's board.
pub(crate) fn board_events(
    state: AppState,
    venue: Venue,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(BoardFeed::new(state, venue), |mut feed| async move {
        let event = feed.next_event().await?;
        Some((Ok(event), feed))
    })
}
