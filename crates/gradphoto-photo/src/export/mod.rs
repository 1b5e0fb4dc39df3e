//! The registry's file cut from an original: the crop the judging engine proposed (hair top,
//! eye line and face width inside their bands), resized once to the profile's pixels, encoded
//! as a baseline JPEG with the profile's density, at the highest quality that keeps the file
//! inside the profile's size window ([`window`]). The original is decoded at the smallest DCT
//! scale that still gives the crop at least its output size, so a 24 MP camera frame costs a
//! fraction of a full decode.
//!
//! ```no_run
//! use gradphoto_photo::export::{Outcome, Profile, render};
//! use gradphoto_photo::face::Rect;
//! let profile = Profile::built_in("chsi-2017")?;
//! let original = std::fs::read("IMG_0001.JPG").unwrap_or_default();
//! let crop = Rect { x: 1200.0, y: 400.0, w: 1800.0, h: 2400.0 };
//! match render(&original, crop, &profile, &Default::default())? {
//!     Outcome::Fitted(r) => std::fs::write("110105200001010016.jpg", r.jpeg).unwrap_or(()),
//!     Outcome::NoFit(why) => eprintln!("{}", why.zh),
//! }
//! # Ok::<(), gradphoto_photo::PhotoError>(())
//! ```

pub mod print;
pub mod profile;
pub mod window;

use fast_image_resize as fir;
use gradphoto_domain::Msg;
use image::RgbImage;

pub use print::{PrintImage, print_image, print_image_kept, print_pixels};
pub use profile::{Check, Profile};
pub use window::Fit;

use crate::PhotoError;
use crate::decode::{self, Limits, Scaled};
use crate::face::Rect;

/// A finished file inside its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub jpeg: Vec<u8>,
    pub quality: u8,
}

/// What became of one photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Fitted(Rendered),
    /// The file cannot meet the window within the quality range: why, for the list of the
    /// students left out.
    NoFit(Msg),
}

/// Renders the profile's file from `original` (JPEG or PNG bytes), cut at `crop` (upright
/// original pixels, as [`crate::geometry::CropProposal`]'s region divided by the verdict's
/// working scale).
pub fn render(
    original: &[u8],
    crop: Rect,
    profile: &Profile,
    limits: &Limits,
) -> Result<Outcome, PhotoError> {
    let size = (profile.width, profile.height);
    render_decoded(&scaled_decode(original, crop, size, limits)?, crop, profile)
}

/// [`render`] from a decode made already (a frame's at ingest, [`crate::Prepared::kept`]):
/// the same file, byte for byte, when the decode is the one [`render`] would make; `None` when
/// it is not (another DCT scale), and the original must be decoded.
pub fn render_kept(
    kept: &Scaled,
    crop: Rect,
    profile: &Profile,
) -> Result<Option<Outcome>, PhotoError> {
    let size = (profile.width, profile.height);
    if !kept.serves(needed_long_side(kept.stored_size(), crop, size)?) {
        return Ok(None);
    }
    render_decoded(&kept.decoded, crop, profile).map(Some)
}

fn render_decoded(
    decoded: &decode::Decoded,
    crop: Rect,
    profile: &Profile,
) -> Result<Outcome, PhotoError> {
    let img = cut_decoded(decoded, crop, (profile.width, profile.height))?;
    let window = (profile.min_bytes, profile.max_bytes);
    let qualities = (profile.min_quality, profile.max_quality);
    Ok(match window::fit(&img, window, qualities, profile.dpi)? {
        Fit::Inside { jpeg, quality } => Outcome::Fitted(Rendered { jpeg, quality }),
        Fit::TooLarge { bytes, quality } => Outcome::NoFit(Msg::new(
            format!(
                "质量 {quality} 时文件仍有 {} KB，超过 {} KB 的上限（画面细节过多，或背景有噪点）",
                bytes / 1024,
                profile.max_bytes / 1024
            ),
            format!(
                "still {} KB at quality {quality}, over the {} KB limit (too much detail, or a noisy background)",
                bytes / 1024,
                profile.max_bytes / 1024
            ),
        )),
        Fit::TooSmall { bytes, quality } => Outcome::NoFit(Msg::new(
            format!(
                "质量 {quality} 时文件只有 {} KB，不到 {} KB 的下限（画面过于平淡或模糊）",
                bytes / 1024,
                profile.min_bytes / 1024
            ),
            format!(
                "only {} KB at quality {quality}, under the {} KB minimum (the picture is too flat or blurred)",
                bytes / 1024,
                profile.min_bytes / 1024
            ),
        )),
    })
}

/// The long side a decode of a file of `stored` size needs for `crop` (upright original
/// pixels) to be at least `w` × `h`.
pub(crate) fn needed_long_side(
    stored: (u32, u32),
    crop: Rect,
    (w, h): (u32, u32),
) -> Result<u32, PhotoError> {
    if !(crop.w >= 1.0 && crop.h >= 1.0) {
        return Err(PhotoError::Encode(format!("the crop {crop:?} has no area")));
    }
    let long = stored.0.max(stored.1) as f32;
    // Decoded pixels per original pixel the crop needs to be at least w × h.
    let need = (w as f32 / crop.w).max(h as f32 / crop.h).min(1.0);
    Ok(((long * need).ceil() as u32).max(1))
}

/// The decode [`cut`] starts from: `original` validated and decoded, upright, at the smallest
/// DCT scale that keeps `crop` at least `w` × `h`. Public so that a benchmark can time the
/// decode alone against the whole rendition.
pub fn scaled_decode(
    original: &[u8],
    crop: Rect,
    size: (u32, u32),
    limits: &Limits,
) -> Result<decode::Decoded, PhotoError> {
    decode::validate(original, limits)?;
    let (sw, sh) = decode::stored_size(original).ok_or(PhotoError::Corrupt {
        format: "JPEG",
        detail: "no frame header".into(),
    })?;
    let long_side = needed_long_side((sw, sh), crop, size)?;
    decode::decode_at_least(original, limits, long_side)
}

/// Cuts `crop` (upright original pixels) from `original` and resizes it to `w` × `h`, from a
/// decode at the smallest DCT scale that keeps the crop at least that size. The print sheets
/// cut their images the same way.
pub fn cut(
    original: &[u8],
    crop: Rect,
    size: (u32, u32),
    limits: &Limits,
) -> Result<RgbImage, PhotoError> {
    cut_decoded(&scaled_decode(original, crop, size, limits)?, crop, size)
}

/// [`cut`] from the decode it starts from.
pub(crate) fn cut_decoded(
    decoded: &decode::Decoded,
    crop: Rect,
    (w, h): (u32, u32),
) -> Result<RgbImage, PhotoError> {
    let img = &decoded.image;
    let s = decoded.scale as f64;
    let (iw, ih) = (img.width() as f64, img.height() as f64);
    let cw = (crop.w as f64 * s).min(iw);
    let ch = (crop.h as f64 * s).min(ih);
    let left = (crop.x as f64 * s).clamp(0.0, iw - cw);
    let top = (crop.y as f64 * s).clamp(0.0, ih - ch);
    let fail = |e: String| PhotoError::Encode(e);
    let src = fir::images::ImageRef::new(
        img.width(),
        img.height(),
        img.as_raw(),
        fir::PixelType::U8x3,
    )
    .map_err(|e| fail(e.to_string()))?;
    let mut dst = fir::images::Image::new(w, h, fir::PixelType::U8x3);
    let opts = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3))
        .crop(left, top, cw, ch);
    fir::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| fail(e.to_string()))?;
    RgbImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| fail("resize".into()))
}
