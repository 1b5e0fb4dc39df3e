//! The class page's live feed: server-sent events, each one the classes the user may see with
//! their counts ([`ClassesDto`], event name `classes`).
//!
//! Counts change at check-in and when a photo is accepted, both of which signal their venue's
//! queue ([`QueueEvents`](gradphoto_app::QueueEvents)); this feed listens to every venue of the
//! campaign, so a lead's page moves within a moment of a student checking in anywhere. As on
//! the board, an event also goes out at least every `WebConfig::board_refresh`, which carries
//! changes made through another server process, and bursts are coalesced: after an event the
//! next waits at least [`MIN_GAP`](crate::board_feed::MIN_GAP).

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::Event;
use futures_util::Stream;
use gradphoto_domain::{CampaignId, User};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::AppState;
use crate::api::timetable::classes_dto;
use crate::board_feed::MIN_GAP;

struct ClassesFeed {
    state: AppState,
    user: User,
    campaign: CampaignId,
    changes: Vec<broadcast::Receiver<()>>,
    closing: watch::Receiver<bool>,
    refresh: Interval,
    last_sent: Option<Instant>,
}

impl ClassesFeed {
    fn new(
        state: AppState,
        user: User,
        campaign: CampaignId,
        venues: &[gradphoto_domain::Venue],
    ) -> Self {
        let changes = venues
            .iter()
            .map(|v| state.app.events.subscribe(v.id))
            .collect();
        let closing = state.shutdown.subscribe();
        let period = state.config.board_refresh.max(Duration::from_millis(100));
        let mut refresh = tokio::time::interval_at(Instant::now() + period, period);
        refresh.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Self {
            state,
            user,
            campaign,
            changes,
            closing,
            refresh,
            last_sent: None,
        }
    }

    /// Waits for a change at any venue or the refresh (`true`), or the shutdown (`false`).
    async fn wait(&mut self) -> bool {
        if *self.closing.borrow() {
            return false;
        }
        let changes = &mut self.changes;
        let any_change = async {
            if changes.is_empty() {
                return std::future::pending().await;
            }
            let waits = changes.iter_mut().map(|rx| Box::pin(rx.recv()));
            let (got, _, _) = futures_util::future::select_all(waits).await;
            got
        };
        tokio::select! {
            changed = self.closing.changed() => changed.is_ok() && !*self.closing.borrow(),
            got = any_change => !matches!(got, Err(RecvError::Closed)),
            _ = self.refresh.tick() => true,
        }
    }

    /// Waits out the rest of the gap after the last event, then drops the changes that came
    /// meanwhile: the snapshot about to be read includes them.
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
        for rx in &mut self.changes {
            while rx.try_recv().is_ok() {}
        }
        true
    }

    async fn snapshot(&self) -> Option<Event> {
        let dto = match classes_dto(&self.state, &self.user, self.campaign).await {
            Ok(dto) => dto,
            Err(e) => {
                // Nothing is sent: the page says it is not live after a while; the next
                // refresh tries again.
                tracing::warn!(user = %self.user.login, error = %e, "classes snapshot failed");
                return None;
            }
        };
        match Event::default().event("classes").json_data(dto) {
            Ok(event) => Some(event),
            Err(e) => {
                tracing::error!(error = %e, "classes event not encoded");
                None
            }
        }
    }

    /// The next event to send, `None` when the stream ends (server shutting down).
    async fn next_event(&mut self) -> Option<Event> {
        let mut first = self.last_sent.is_none();
        loop {
            if !first {
                let go_on = self.wait().await && self.coalesce().await;
                if !go_on {
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

/// The event stream of the classes `user` may see.
pub(crate) fn classes_events(
    state: AppState,
    user: User,
    campaign: CampaignId,
    venues: &[gradphoto_domain::Venue],
) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
    let feed = ClassesFeed::new(state, user, campaign, venues);
    futures_util::stream::unfold(feed, |mut feed| async move {
        let event = feed.next_event().await?;
        Some((Ok(event), feed))
    })
}
