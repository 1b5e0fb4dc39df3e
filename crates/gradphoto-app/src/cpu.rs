//! The CPU budget of the process: photo work (decoding, judging, rendering) runs on blocking
//! threads, at most one piece per core at a time, so a burst of frames or a batch job cannot
//! queue more CPU work than the machine can do and starve the async threads that answer pages.
//!
//! **Ingest first.** A capture station waits for its frame's verdict while the student is in
//! the chair; an export or a batch judging can wait. Jobs take a permit only through a second
//! gate that holds one permit fewer than there are cores (on one core, the one), so jobs never
//! hold every core's permit, and they take a permit per unit of work (one photo), never for a
//! whole job. Permits go in the order asked for, so a frame waits at most for the one photo a
//! job asked for first, never for the job.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[derive(Debug)]
pub struct Cpu {
    all: Arc<Semaphore>,
    jobs: Arc<Semaphore>,
    permits: usize,
}

/// Held while one piece of CPU work runs.
#[derive(Debug)]
pub struct CpuPermit {
    _all: Option<OwnedSemaphorePermit>,
    _job: Option<OwnedSemaphorePermit>,
}

impl Cpu {
    /// A budget of `permits` pieces of work at once (at least one).
    pub fn new(permits: usize) -> Self {
        let permits = permits.max(1);
        Self {
            all: Arc::new(Semaphore::new(permits)),
            // With one core jobs still run, sharing it with ingest.
            jobs: Arc::new(Semaphore::new(permits.saturating_sub(1).max(1))),
            permits,
        }
    }

    /// One permit per core the machine has.
    pub fn per_core() -> Self {
        Self::new(cores())
    }

    /// For a process that runs one job and takes no frames (`gradphoto export` from the
    /// command line): the job may have every core.
    pub fn all_for_one_job() -> Self {
        let permits = cores();
        Self {
            all: Arc::new(Semaphore::new(permits)),
            jobs: Arc::new(Semaphore::new(permits)),
            permits,
        }
    }

    pub fn permits(&self) -> usize {
        self.permits
    }

    /// A permit for a frame being ingested: waits only for other ingest work.
    pub async fn ingest(&self) -> CpuPermit {
        CpuPermit {
            _all: acquire(&self.all).await,
            _job: None,
        }
    }

    /// A permit for one unit of a background job.
    pub async fn job(&self) -> CpuPermit {
        let job = acquire(&self.jobs).await;
        CpuPermit {
            _all: acquire(&self.all).await,
            _job: job,
        }
    }
}

impl Cpu {
    /// Runs a piece of CPU work that a person waits for but that can wait for a frame (a
    /// simulation, a PDF): with a job's permit, on a blocking thread.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, tokio::task::JoinError> {
        let _permit = self.job().await;
        tokio::task::spawn_blocking(work).await
    }
}

/// `None` only if the semaphore were closed, which this module never does.
async fn acquire(semaphore: &Arc<Semaphore>) -> Option<OwnedSemaphorePermit> {
    semaphore.clone().acquire_owned().await.ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn jobs_never_take_the_last_core() {
        let cpu = Cpu::new(2);
        let _job = cpu.job().await;
        // A second job waits although a core is free ...
        assert!(
            tokio::time::timeout(Duration::from_millis(50), cpu.job())
                .await
                .is_err()
        );
        // ... which an ingest gets at once.
        assert!(
            tokio::time::timeout(Duration::from_millis(50), cpu.ingest())
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn one_core_is_shared() {
        let cpu = Cpu::new(1);
        let job = cpu.job().await;
        assert!(
            tokio::time::timeout(Duration::from_millis(50), cpu.ingest())
                .await
                .is_err()
        );
        drop(job);
        assert!(
            tokio::time::timeout(Duration::from_millis(50), cpu.ingest())
                .await
                .is_ok()
        );
    }
}
