//! "A job was queued" and "this job changed": in-process signals that wake this process's
//! workers at once and move the progress bars of the pages watching a job. Like the queue's
//! signal they carry no data (the job's row is the truth), and other processes' changes reach
//! a page through its periodic re-read.

use tokio::sync::{Notify, broadcast};

use gradphoto_store::JobId;

const CAPACITY: usize = 64;

#[derive(Debug)]
pub struct JobEvents {
    queued: Notify,
    changed: broadcast::Sender<JobId>,
}

impl Default for JobEvents {
    fn default() -> Self {
        Self {
            queued: Notify::new(),
            changed: broadcast::channel(CAPACITY).0,
        }
    }
}

impl JobEvents {
    /// A job was queued: one waiting worker of this process looks now.
    pub fn queued(&self) {
        self.queued.notify_one();
    }

    /// Waits for [`Self::queued`].
    pub async fn wait_queued(&self) {
        self.queued.notified().await;
    }

    /// A job's state or progress changed.
    pub fn changed(&self, job: JobId) {
        // Nobody watching is not an error.
        let _ = self.changed.send(job);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<JobId> {
        self.changed.subscribe()
    }
}
