//! Every station's hot folder, watched: files that tethered-camera software writes there are
//! ingested as frames of that station ([`crate::hot_folder`] decides when a file is complete
//! and tidies the folder). Stations added while the server runs get their folder within
//! [`RESCAN`].

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use gradphoto_domain::{FrameSource, StationId};
use gradphoto_store::{Actor, FrameOutcome, StoreError};

use super::{Arrival, ingest};
use crate::AppState;
use crate::error::WebError;
use crate::hot_folder::{
    self, FrameSink, HotFolder, IncomingFile, Offer, WatchHandle, WatchOptions,
};

/// How often the list of stations is read again for new ones.
pub const RESCAN: Duration = Duration::from_secs(10);

/// Hands complete files to the ingest, as the station's own frames.
struct StationSink {
    state: AppState,
}

#[async_trait]
impl FrameSink for StationSink {
    async fn offer(&self, station: StationId, file: IncomingFile) -> Offer {
        // The frame belongs to the ticket called when the file landed, not when it settled.
        let waited = chrono::Duration::from_std(file.landed_at.elapsed()).unwrap_or_default();
        let arrival = Arrival {
            station,
            source: FrameSource::HotFolder,
            name: Some(file.name),
            bytes: Bytes::from(file.bytes),
            arrived_at: self.state.clock.now() - waited,
            expected_ticket: None,
        };
        match ingest(&self.state, arrival, &Actor::system("hot-folder")).await {
            Ok(FrameOutcome::Duplicate { .. }) => Offer::Duplicate,
            Ok(_) => Offer::Taken,
            Err(WebError::Invalid { msg, .. }) => Offer::Refused(msg),
            Err(WebError::Store(StoreError::Rejected(msg))) => Offer::Refused(msg),
            Err(e) => Offer::Retry(e.to_string()),
        }
    }
}

/// The stations of every campaign, with their folders.
async fn all_folders(state: &AppState) -> Result<Vec<HotFolder>, WebError> {
    let capture = state.capture()?;
    let mut folders = Vec::new();
    for campaign in state.repo.campaigns().await? {
        for venue in state.repo.venues(campaign.id).await? {
            for station in state.repo.stations(venue.id).await? {
                folders.push(HotFolder {
                    station: station.id,
                    dir: capture.hot_folder(station.id),
                });
            }
        }
    }
    Ok(folders)
}

/// Watches every station's hot folder until the server shuts down.
pub fn watch_all(state: AppState, options: WatchOptions) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let sink: std::sync::Arc<dyn FrameSink> = std::sync::Arc::new(StationSink {
            state: state.clone(),
        });
        let mut watching: HashMap<StationId, WatchHandle> = HashMap::new();
        let mut closing = state.queue_events.closing();
        loop {
            match all_folders(&state).await {
                Ok(folders) => {
                    for folder in folders {
                        if watching.contains_key(&folder.station) {
                            continue;
                        }
                        tracing::info!(
                            station = %folder.station,
                            dir = %folder.dir.display(),
                            "watching hot folder"
                        );
                        let station = folder.station;
                        let handle = hot_folder::spawn(vec![folder], sink.clone(), options.clone());
                        watching.insert(station, handle);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot list the stations' hot folders"),
            }
            tokio::select! {
                () = tokio::time::sleep(RESCAN) => {}
                _ = closing.wait_for(|c| *c) => break,
            }
        }
        for (_, handle) in watching.drain() {
            handle.stop().await;
        }
    })
}
