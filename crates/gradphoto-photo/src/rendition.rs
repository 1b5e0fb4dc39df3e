//! Ingest of a camera frame: validate and decode it once, then give the judge its working copy
//! and the station its two renditions — a thumbnail for lists and a preview for the screen —
//! both upright (EXIF orientation applied) and encoded by libjpeg-turbo. Decoding is most of
//! the cost of a 24 MP frame, so doing it once for judging and renditions is what keeps ingest
//! fast (`cargo bench -p gradphoto-photo`, docs/benchmarks.md).
//!
//! ```no_run
//! use gradphoto_photo::{Judge, RulePack, rendition};
//! let judge = Judge::new(RulePack::built_in("chsi-2017")?)?;
//! let bytes = std::fs::read("IMG_0001.JPG").unwrap_or_default();
//! let prepared = rendition::prepare(&bytes, &judge.options().limits)?;
//! let verdict = judge.judge_decoded(&prepared.decoded)?;
//! // store `bytes`, `prepared.thumbnail.jpeg` and `prepared.preview.jpeg` with the verdict
//! # Ok::<(), gradphoto_photo::PhotoError>(())
//! ```

use image::RgbImage;

use crate::PhotoError;
use crate::decode::{self, Decoded, Kept, Limits, shrink, work_size};

/// Long side of the thumbnail, in pixels.
pub const THUMBNAIL_LONG_SIDE: u32 = 320;
/// Long side of the preview, in pixels; the same as the judge's default working copy, so with
/// the default [`Limits`] both are one buffer.
pub const PREVIEW_LONG_SIDE: u32 = 1280;
/// JPEG quality of the thumbnail.
pub const THUMBNAIL_QUALITY: u8 = 80;
/// JPEG quality of the preview.
pub const PREVIEW_QUALITY: u8 = 85;

/// One JPEG rendition of a photo, upright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// The JPEG file (baseline, 4:2:0, no EXIF: the pixels are already upright).
    pub jpeg: Vec<u8>,
    /// Width as displayed.
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
}

/// A frame validated and decoded once: what the judge measures and what the station shows.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The file's facts and the upright working copy, for [`crate::Judge::judge_decoded`].
    pub decoded: Decoded,
    /// Long side at most [`THUMBNAIL_LONG_SIDE`] (never enlarged).
    pub thumbnail: Rendition,
    /// Long side at most [`PREVIEW_LONG_SIDE`] (never enlarged).
    pub preview: Rendition,
    /// The decode the preview and the working copy were made from, for cutting the export's
    /// files from it later ([`crate::export::render_kept`]) instead of decoding again.
    pub kept: Kept,
}

/// Validates a frame (size, format — JPEG or PNG only —, pixel count from the header, a
/// complete file), decodes it once (a large JPEG at reduced DCT scale) and makes the working
/// copy and the two renditions from that one decode.
///
/// Pass the judge's limits (`judge.options().limits`) so that the working copy is the one
/// [`crate::Judge::judge_decoded`] expects: with the default limits the verdict is the one
/// [`crate::Judge::judge_bytes`] gives for the same bytes. Every refusal is a [`PhotoError`]
/// whose [`PhotoError::msg`] says, in Chinese and English, what is wrong and what to do.
pub fn prepare(bytes: &[u8], limits: &Limits) -> Result<Prepared, PhotoError> {
    // Decode at whichever is larger, the preview or the working copy; the other is shrunk
    // from it.
    let long = limits.work_long_side.max(PREVIEW_LONG_SIDE);
    let (master, kept) = decode::decode_keeping(bytes, limits, long)?;

    let (mw, mh) = master.image.dimensions();
    let (pw, ph) = work_size(mw, mh, PREVIEW_LONG_SIDE);
    let shrunk;
    let preview_img = if (pw, ph) == (mw, mh) {
        &master.image
    } else {
        shrunk = shrink(&master.image, pw, ph)?;
        &shrunk
    };
    let (tw, th) = work_size(pw, ph, THUMBNAIL_LONG_SIDE);
    let thumbnail = if (tw, th) == (pw, ph) {
        rendition(preview_img, THUMBNAIL_QUALITY)?
    } else {
        rendition(&shrink(preview_img, tw, th)?, THUMBNAIL_QUALITY)?
    };
    let preview = rendition(preview_img, PREVIEW_QUALITY)?;

    let decoded = if long == limits.work_long_side {
        master
    } else {
        working_copy(master, limits.work_long_side)?
    };
    Ok(Prepared {
        decoded,
        thumbnail,
        preview,
        kept,
    })
}

/// The working copy shrunk from a larger upright decode, sized and scaled as
/// [`decode::decode`] would have made it.
fn working_copy(master: Decoded, long_side: u32) -> Result<Decoded, PhotoError> {
    let info = master.info;
    let (sw, sh) = work_size(info.width, info.height, long_side);
    let (uw, uh) = if info.orientation >= 5 {
        (sh, sw)
    } else {
        (sw, sh)
    };
    Ok(Decoded {
        image: shrink(&master.image, uw, uh)?,
        scale: sw as f32 / info.width.max(1) as f32,
        info,
    })
}

fn rendition(img: &RgbImage, quality: u8) -> Result<Rendition, PhotoError> {
    Ok(Rendition {
        jpeg: encode_jpeg(img, quality)?,
        width: img.width(),
        height: img.height(),
    })
}

/// Encodes RGB pixels as a baseline 4:2:0 JPEG with libjpeg-turbo (a 1280 px preview takes a
/// few milliseconds).
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let fail = |e: turbojpeg::Error| PhotoError::Encode(e.to_string());
    let mut c = turbojpeg::Compressor::new().map_err(fail)?;
    c.set_quality(i32::from(quality.clamp(1, 100)))
        .map_err(fail)?;
    c.set_subsamp(turbojpeg::Subsamp::Sub2x2).map_err(fail)?;
    let (w, h) = (img.width() as usize, img.height() as usize);
    c.compress_to_vec(turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: w,
        pitch: w * 3,
        height: h,
        format: turbojpeg::PixelFormat::RGB,
    })
    .map_err(fail)
}
