//! Every station's hot folder, watched: files that tethered-camera software writes there are
//! ingested as frames of that station ([`crate::hot_folder`] decides when a file is complete
//! and tidies the folder). Stations added while the server runs get their folder within
//! [`RESCAN`].
//!
//! **One process per folder.** Several `gradphoto serve` processes may run against one
//! database and see the same folders (a share). Each folder is watched only by the process
//! holding its lease in the database (`hot-folder:station:<id>`), taken for [`LEASE_TTL`] and
//! renewed at every rescan; a process that stops (or dies) lets its folders go, and another
//! takes them over within a lease's life. A process that cannot renew (the database is slow or
//! down) keeps watching only until a rescan before its lease runs out, so the folder is never
//! watched by two processes as long as a rescan is not stalled longer than that margin; and
//! then the database's unique indexes on a frame's content (per ticket, per tray) still keep a
//! file from becoming two frames.

use std::collections::HashMap;
use std::time::{Duration, Instant};

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

/// How often the list of stations is read again for new ones, and the leases renewed.
pub const RESCAN: Duration = Duration::from_secs(5);
/// How long a folder's lease lasts unless renewed: three rescans, so one slow database round
/// does not hand a folder to another process.
pub const LEASE_TTL: Duration = Duration::from_secs(15);

fn lease_name(station: StationId) -> String {
    format!("hot-folder:station:{station}")
}

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
    // The App's clock dates the `imported/<day>/` folders, as it dates the frames.
    let options = WatchOptions {
        clock: app.clock.clone(),
        ..options
    };
    tokio::spawn(async move {
        let sink: std::sync::Arc<dyn FrameSink> =
            std::sync::Arc::new(StationSink { app: app.clone() });
        let holder = format!(
            "serve-{}-{}",
            std::process::id(),
            hex::encode(app.random.bytes::<3>())
        );
        let ttl = chrono::Duration::from_std(LEASE_TTL).unwrap_or_default();
        // Each folder watched, with the moment its lease runs out unless renewed.
        let mut watching: HashMap<StationId, (WatchHandle, Instant)> = HashMap::new();
        loop {
            let folders = all_folders(&app).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "cannot list the stations' hot folders");
                Vec::new()
            });
            for folder in folders {
                let station = folder.station;
                let asked = Instant::now();
                let taken = app
                    .repo
                    .take_lease(&lease_name(station), &holder, app.clock.now(), ttl)
                    .await;
                match taken {
                    Ok(true) => match watching.get_mut(&station) {
                        Some((_, until)) => *until = asked + LEASE_TTL,
                        None => {
                            tracing::info!(
                                %station,
                                dir = %folder.dir.display(),
                                %holder,
                                "watching hot folder"
                            );
                            let handle =
                                hot_folder::spawn(vec![folder], sink.clone(), options.clone());
                            watching.insert(station, (handle, asked + LEASE_TTL));
                        }
                    },
                    Ok(false) => {
                        if let Some((handle, _)) = watching.remove(&station) {
                            tracing::warn!(%station, "hot folder's lease lost; not watching it");
                            handle.stop().await;
                        }
                    }
                    // Not known: the lease still held holds until it runs out (below).
                    Err(e) => {
                        tracing::warn!(%station, error = %e, "cannot renew a hot folder's lease");
                    }
                }
            }
            // A lease not renewed in time may be another process's by now: stop before then,
            // a rescan early.
            let expiring: Vec<StationId> = watching
                .iter()
                .filter(|(_, (_, until))| Instant::now() + RESCAN >= *until)
                .map(|(station, _)| *station)
                .collect();
            for station in expiring {
                if let Some((handle, _)) = watching.remove(&station) {
                    tracing::warn!(%station, "hot folder's lease not renewed in time; not watching it");
                    handle.stop().await;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(RESCAN) => {}
                () = shutdown.wait() => break,
            }
        }
        for (station, (handle, _)) in watching.drain() {
            handle.stop().await;
            // Let another process take the folder at once rather than after the lease's life.
            if let Err(e) = app.repo.release_lease(&lease_name(station), &holder).await {
                tracing::warn!(%station, error = %e, "cannot release a hot folder's lease");
            }
        }
    })
}
