//! A job's live feed: server-sent events, each the job as JSON ([`JobDto`], event name `job`),
//! for the job's page. An event is sent when the stream opens, whenever this process's worker
//! reports on the job ([`gradphoto_app::jobs::JobEvents`]), and at least every [`REFRESH`]
//! otherwise — which carries the progress of a worker in another process. The stream ends
//! after the event that shows the job finished, or when the server shuts down.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::Event;
use futures_util::Stream;
use gradphoto_store::JobId;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::api::dto::JobDto;

/// How often the job is read again when nothing was heard: a worker elsewhere reports through
/// the database only.
pub(crate) const REFRESH: Duration = Duration::from_secs(1);
/// The shortest time between two events of one stream.
const MIN_GAP: Duration = Duration::from_millis(150);

struct JobFeed {
    state: AppState,
    id: JobId,
    changes: broadcast::Receiver<JobId>,
    first: bool,
    ended: bool,
}

impl JobFeed {
    /// Waits for a change of this job, the refresh, or the shutdown (`false`).
    async fn wait(&mut self) -> bool {
        let refresh = tokio::time::sleep(REFRESH);
        tokio::pin!(refresh);
        loop {
            tokio::select! {
                () = self.state.shutdown.wait() => return false,
                () = &mut refresh => return true,
                got = self.changes.recv() => match got {
                    Ok(id) if id == self.id => {
                        tokio::time::sleep(MIN_GAP).await;
                        return true;
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => return true,
                    Err(RecvError::Closed) => return false,
                },
            }
        }
    }

    async fn next_event(&mut self) -> Option<Event> {
        loop {
            if self.ended || (!self.first && !self.wait().await) {
                return None;
            }
            self.first = false;
            let job = match gradphoto_app::jobs::get(&self.state.app, self.id).await {
                Ok(Some(job)) => job,
                // Gone: nothing more to show.
                Ok(None) => return None,
                Err(e) => {
                    tracing::warn!(job = %self.id, error = %e, "job snapshot failed");
                    continue;
                }
            };
            self.ended = job.state.is_finished();
            match Event::default().event("job").json_data(JobDto::from(&job)) {
                Ok(event) => return Some(event),
                Err(e) => tracing::error!(job = %self.id, error = %e, "job event not encoded"),
            }
        }
    }
}

/// The event stream of one job.
pub(crate) fn job_events(
    state: AppState,
    id: JobId,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let changes = state.app.jobs.subscribe();
    let feed = JobFeed {
        state,
        id,
        changes,
        first: true,
        ended: false,
    };
    futures_util::stream::unfold(feed, |mut feed| async move {
        let event = feed.next_event().await?;
        Some((Ok(event), feed))
    })
}
