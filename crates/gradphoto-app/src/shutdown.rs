//! The one shutdown signal of a process. The binary owns it (Ctrl-C and SIGTERM trigger it);
//! the web server, the boards' endless event streams, the hot folder watchers and the job
//! runner all listen to the same one, so a stop ends them together: requests and files in
//! flight finish, a running job is given back to the queue.

use tokio::sync::watch;

#[derive(Debug, Clone)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            tx: watch::Sender::new(false),
        }
    }
}

impl Shutdown {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tells every listener to stop.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_triggered(&self) -> bool {
        *self.tx.borrow()
    }

    /// Returns once the signal was given (at once if it already was).
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = rx.wait_for(|stop| *stop).await;
    }

    /// A receiver for code that selects on the signal in a loop.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_hears_it() {
        let a = Shutdown::new();
        let b = a.clone();
        assert!(!b.is_triggered());
        let waiting = tokio::spawn(async move { b.wait().await });
        a.trigger();
        assert!(waiting.await.is_ok());
        assert!(a.is_triggered());
        a.wait().await;
    }
}
