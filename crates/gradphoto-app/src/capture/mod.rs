//! Capture: frames reaching a station — from its hot folder, an upload or the browser's camera —
//! are checked, hashed, stored with a thumbnail and a preview, judged, and recorded against the
//! ticket the station had called when they arrived ([`ingest`]); the station's hot folder is
//! watched by [`hot_folders`]; the operator's decisions on a frame are [`frames`].

pub mod frames;
pub mod hot_folders;
pub mod ingest;

use std::path::PathBuf;
use std::sync::Arc;

use gradphoto_domain::StationId;
use gradphoto_store::BlobStore;

pub use frames::{decide, decision};
pub use ingest::{Arrival, ingest};

/// What capture needs besides the database: where photo bytes go and where each station's hot
/// folder is.
#[derive(Debug)]
pub struct Capture {
    pub blobs: Arc<dyn BlobStore>,
    /// Each station's hot folder is `<hot_folder_root>/station-<id>`.
    pub hot_folder_root: PathBuf,
}

impl Capture {
    pub fn new(blobs: Arc<dyn BlobStore>, hot_folder_root: PathBuf) -> Self {
        Self {
            blobs,
            hot_folder_root,
        }
    }

    /// The hot folder of a station, where tethered-camera software writes.
    pub fn hot_folder(&self, station: StationId) -> PathBuf {
        self.hot_folder_root.join(format!("station-{station}"))
    }
}
