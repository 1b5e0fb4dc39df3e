//! "The queue of this venue changed": the in-process signal that wakes the venue's boards and
//! station pages after a check-in or a station action, so they show the change within
//! milliseconds instead of at their next periodic refresh.
//!
//! A signal carries no data: a listener reads the new state from the database, which is the
//! only truth (and the only thing shared when several server processes run against one
//! PostgreSQL database; the web's board feed re-reads it periodically for changes made by
//! another process).

use std::collections::HashMap;
use std::sync::Mutex;

use gradphoto_domain::VenueId;
use tokio::sync::broadcast;

/// Signals kept per venue before a slow listener lags; a lagging listener just reloads, so a
/// small buffer is enough.
const CAPACITY: usize = 16;

#[derive(Debug, Default)]
pub struct QueueEvents {
    venues: Mutex<HashMap<VenueId, broadcast::Sender<()>>>,
}

impl QueueEvents {
    fn sender(&self, venue: VenueId) -> broadcast::Sender<()> {
        // A poisoned lock only means another thread panicked while inserting a sender; the map
        // is still usable.
        let mut venues = self
            .venues
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        venues
            .entry(venue)
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .clone()
    }

    /// Listens for changes of one venue's queue.
    pub fn subscribe(&self, venue: VenueId) -> broadcast::Receiver<()> {
        self.sender(venue).subscribe()
    }

    /// Tells every listener of the venue that its queue changed.
    pub fn notify(&self, venue: VenueId) {
        // No listener is not an error: nobody is watching this venue right now.
        let _ = self.sender(venue).send(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn listeners_hear_their_venue_only() {
        let hub = QueueEvents::default();
        let mut a = hub.subscribe(VenueId(1));
        let mut b = hub.subscribe(VenueId(2));
        hub.notify(VenueId(1));
        assert!(a.try_recv().is_ok());
        assert!(b.try_recv().is_err());
    }
}
