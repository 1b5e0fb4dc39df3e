//! Every station's hot folder, watched: files that tethered-camera software writes there are
//! ingested as frames of that station ([`crate::hot_folder`] decides when a file is complete
//! and tidies the folder). Stations added while the server runs get their folder within
//! [`RESCAN`].

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use gradphoto_domain::{FrameSource, StationId};
use gradphoto_store::{Actor, BlobKey, FrameOutcome};

use super::{Arrival, ingest};
use crate::error::Result;
use crate::hot_folder::{
    self, FrameSink, HotFolder, IncomingFile, Offer, WatchHandle, WatchOptions,
};
use crate::{App, Shutdown};

/// How often the list of stations is read again for new ones.
pub const RESCAN: Duration = Duration::from_secs(10);

/// Hands complete files to the ingest, as the station's own frames.
struct StationSink {
    app: App,
}

/// The content address of bytes the watcher hashed: the SHA-256 it gives in hex.
fn key_of_hex(sha256: &str) -> Option<BlobKey> {
    let hash: [u8; 32] = hex::decode(sha256).ok()?.try_into().ok()?;
    Some(BlobKey::from_sha256(hash))
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
            key: key_of_hex(&file.sha256),
            bytes: Bytes::from(file.bytes),
            arrived_at: self.app.clock.now() - waited,
            expected_ticket: None,
        };
        match ingest(&self.app, arrival, &Actor::system("hot-folder")).await {
            Ok(FrameOutcome::Duplicate { .. }) => Offer::Duplicate,
            Ok(_) => Offer::Taken,
            Err(e) => match e.refusal() {
                Some(msg) => Offer::Refused(msg.clone()),
                None => Offer::Retry(e.to_string()),
            },
        }
    }
}

/// The stations of every campaign, with their folders.
async fn all_folders(app: &App) -> Result<Vec<HotFolder>> {
    let capture = app.capture()?;
    let mut folders = Vec::new();
    for campaign in app.repo.campaigns().await? {
        for venue in app.repo.venues(campaign.id).await? {
            for station in app.repo.stations(venue.id).await? {
                folders.push(HotFolder {
                    station: station.id,
                    dir: capture.hot_folder(station.id),
                });
            }
        }
    }
    Ok(folders)
}

/// Watches every station's hot folder until `shutdown`, then lets the files in flight land.
pub fn watch_all(
    app: App,
    options: WatchOptions,
    shutdown: Shutdown,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let sink: std::sync::Arc<dyn FrameSink> =
            std::sync::Arc::new(StationSink { app: app.clone() });
        let mut watching: HashMap<StationId, WatchHandle> = HashMap::new();
        loop {
            match all_folders(&app).await {
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
                () = shutdown.wait() => break,
            }
        }
        for (_, handle) in watching.drain() {
            handle.stop().await;
        }
    })
}
