//! Work on many photos, a window of them at once, taken in the order it was started: the next
//! photo starts as soon as one is taken, so a slow photo holds back only its own place in the
//! output (a zip's entries, a PDF's pages), never the photos behind it.

use std::collections::VecDeque;

use tokio::task::{JoinError, JoinHandle};

/// Tasks started from `items` by `start`, at most `window` running or waiting to be taken.
pub(super) struct Ordered<It, F, T> {
    items: It,
    start: F,
    running: VecDeque<JoinHandle<T>>,
}

impl<It, F, T> Ordered<It, F, T>
where
    It: Iterator,
    F: FnMut(It::Item) -> JoinHandle<T>,
{
    pub(super) fn new(items: It, window: usize, start: F) -> Self {
        let mut this = Self {
            items,
            start,
            running: VecDeque::new(),
        };
        for _ in 0..window.max(1) {
            if !this.start_one() {
                break;
            }
        }
        this
    }

    fn start_one(&mut self) -> bool {
        match self.items.next() {
            Some(item) => {
                self.running.push_back((self.start)(item));
                true
            }
            None => false,
        }
    }

    /// The result of the oldest task, once it ends; `None` when every task has been taken.
    pub(super) async fn next(&mut self) -> Option<Result<T, JoinError>> {
        let oldest = self.running.pop_front()?;
        self.start_one();
        Some(oldest.await)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn results_come_in_order_while_later_work_runs() {
        // The first task is the slowest; the others end meanwhile, and still come after it.
        let mut tasks = Ordered::new(0..6u64, 3, |i| {
            tokio::spawn(async move {
                let wait = if i == 0 { 60 } else { 5 };
                tokio::time::sleep(Duration::from_millis(wait)).await;
                i
            })
        });
        let mut seen = Vec::new();
        while let Some(done) = tasks.next().await {
            seen.push(done.ok());
        }
        assert_eq!(seen, (0..6).map(Some).collect::<Vec<_>>());
    }
}
