//! Every judged frame's registry file (the default profile, judged again as the finished file)
//! and print image (the default size), cut in the background as soon as the frame is recorded,
//! from the decode ingest already made to judge it, and kept beside the original
//! ([`super::kept`]). The student is still in the chair; the package and the print run, weeks
//! later, then read the kept files instead of decoding thousands of 24 MP originals. From the
//! ingest's decode a frame costs a cut, a resize and a few encodes (milliseconds) and the final
//! file's judging; a frame whose decode is not at the scale the export cuts from (a small or
//! odd file) is decoded again.
//!
//! The work takes a job's CPU permit, so a frame being ingested never waits for it. It is not
//! persisted: a cut lost to a crash is made by the first export that needs it.

use std::sync::Arc;

use bytes::Bytes;
use gradphoto_photo::decode::{Kept, Scaled};
use gradphoto_photo::export::{
    PrintImage, Profile, print_image, print_image_kept, print_pixels, render, render_kept,
};
use gradphoto_photo::face::Rect;
use gradphoto_photo::{Judge, PhotoError};
use gradphoto_store::BlobKey;
use tokio::sync::OnceCell;
use tokio_util::task::TaskTracker;

use super::kept::{self, Finished};
use super::prints::{PrintParams, PrintSize};
use crate::App;
use crate::error::{AppError, Result};

/// The profile whose files are cut ahead: the registry's.
pub const PROFILE: &str = "chsi-2017";

/// The cuts running in the background, and what they cut with.
#[derive(Debug, Default)]
pub struct Ahead {
    tasks: TaskTracker,
    made: OnceCell<Arc<Tools>>,
}

/// The default profile, its final judge and the default print.
#[derive(Debug)]
struct Tools {
    profile: Profile,
    judge: Option<Judge>,
    print: ((u32, u32), u16),
}

impl Ahead {
    /// Returns once the cuts started so far have ended (tests, and a benchmark that times
    /// them).
    pub async fn idle(&self) {
        self.tasks.close();
        self.tasks.wait().await;
        self.tasks.reopen();
    }

    async fn tools(&self) -> Result<Arc<Tools>> {
        self.made
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(Tools::new)
                    .await?
                    .map(Arc::new)
                    .map_err(|e| AppError::Internal(e.to_string()))
            })
            .await
            .cloned()
    }
}

impl Tools {
    fn new() -> std::result::Result<Self, PhotoError> {
        let profile = Profile::built_in(PROFILE)?;
        let judge = super::registry::final_judge(&profile).map_err(|m| PhotoError::Model(m.en))?;
        let defaults = PrintParams::default();
        let size = PrintSize::parse(&defaults.size).unwrap_or(PrintSize::DEFAULT);
        let pixels = print_pixels(
            f64::from(size.width_mm),
            f64::from(size.height_mm),
            u32::from(defaults.dpi),
        );
        Ok(Self {
            profile,
            judge,
            print: (pixels, defaults.dpi),
        })
    }

    /// Cuts both files, from the ingest's decode when it is the one the export would make.
    fn cut(
        &self,
        original: &[u8],
        kept: Kept,
        crop: Rect,
    ) -> std::result::Result<(Finished, PrintImage), String> {
        let scaled: Scaled = kept.upright();
        let fail = |e: PhotoError| e.to_string();
        let outcome = match render_kept(&scaled, crop, &self.profile).map_err(fail)? {
            Some(outcome) => outcome,
            None => render(original, crop, &self.profile, &Default::default()).map_err(fail)?,
        };
        let finished = Finished::of(outcome, self.judge.as_ref()).map_err(|m| m.en)?;
        let (pixels, dpi) = self.print;
        let print = match print_image_kept(&scaled, crop, pixels, dpi).map_err(fail)? {
            Some(image) => image,
            None => print_image(original, crop, pixels, dpi, &Default::default()).map_err(fail)?,
        };
        Ok((finished, print))
    }
}

/// Starts the cut of a frame just recorded: `original` is its stored key and bytes, `kept` the
/// decode ingest made, `detail` its verdict, `size` its upright size. A frame whose verdict
/// proposes no usable crop has nothing to cut (an operator's override is cut at export).
pub fn start(
    app: &App,
    original: (BlobKey, Bytes),
    kept: Kept,
    detail: &serde_json::Value,
    size: (u32, u32),
) {
    let Ok(crop) = super::registry::crop_of(detail, false, size) else {
        return;
    };
    let app2 = app.clone();
    app.ahead.tasks.spawn(async move {
        if let Err(e) = cut(&app2, original, kept, crop).await {
            tracing::warn!(error = %e, "cutting a frame's export files ahead");
        }
    });
}

async fn cut(app: &App, (key, bytes): (BlobKey, Bytes), kept: Kept, crop: Rect) -> Result<()> {
    let tools = app.ahead.tools().await?;
    let blobs = app.capture()?.blobs.clone();
    let made = {
        let tools = tools.clone();
        app.cpu.run(move || tools.cut(&bytes, kept, crop)).await?
    };
    let (finished, print) = made.map_err(AppError::Internal)?;
    kept::keep_registry(blobs.as_ref(), &key, &tools.profile, crop, &finished).await?;
    kept::keep_print(blobs.as_ref(), &key, crop, tools.print.1, &print).await
}
