//! Capture: frames reaching a station — from its hot folder, an upload or the browser's camera —
//! are checked, hashed, stored with a thumbnail and a preview, judged, and recorded against the
//! ticket the station had called when they arrived ([`ingest`]). The station's hot folder is
//! watched by [`hot_folders`].

pub mod hot_folders;
pub mod ingest;

use std::path::PathBuf;
use std::sync::Arc;

use gradphoto_domain::StationId;
use gradphoto_photo::{Judge, PhotoError, RulePack};
use gradphoto_store::BlobStore;
use tokio::sync::OnceCell;

pub use ingest::{Arrival, ingest};

/// The rule pack frames are judged with (the campaign's pack, once campaigns choose one).
pub const RULE_PACK: &str = "chsi-2017";

/// What capture needs besides the database: where photo bytes go, where each station's hot
/// folder is, and the judge.
#[derive(Debug)]
pub struct Capture {
    pub blobs: Arc<dyn BlobStore>,
    /// Each station's hot folder is `<hot_folder_root>/station-<id>`.
    pub hot_folder_root: PathBuf,
    judge: OnceCell<Arc<Judge>>,
}

impl Capture {
    pub fn new(blobs: Arc<dyn BlobStore>, hot_folder_root: PathBuf) -> Self {
        Self {
            blobs,
            hot_folder_root,
            judge: OnceCell::new(),
        }
    }

    /// The hot folder of a station, where tethered-camera software writes.
    pub fn hot_folder(&self, station: StationId) -> PathBuf {
        self.hot_folder_root.join(format!("station-{station}"))
    }

    /// The judge, loading its face models on first use (about 100 ms), off the async threads.
    pub async fn judge(&self) -> Result<Arc<Judge>, PhotoError> {
        self.judge
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(|| {
                    Judge::new(RulePack::built_in(RULE_PACK)?).map(Arc::new)
                })
                .await
                .map_err(|e| PhotoError::Model(format!("loading the judge: {e}")))?
            })
            .await
            .cloned()
    }
}
