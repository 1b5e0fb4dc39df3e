//! The image of a two-inch print, cut from the original (never from the registry's 480 × 640
//! file) at the print's size and resolution: the engine's crop widened or lengthened to the
//! print's proportions (the top of the head and the face's width kept where the engine put
//! them, the height following), resized once and encoded as a high-quality JPEG carrying its
//! density.

use crate::PhotoError;
use crate::decode::{Decoded, Limits, Scaled};
use crate::face::Rect;
use crate::rendition::encode_jpeg;

/// The JPEG quality of print images: a print lab's default, well above the registry's.
pub const PRINT_QUALITY: u8 = 92;

/// A print's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintImage {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The pixels a print of `width_mm` × `height_mm` needs at `dpi`: rounded up, so the image
/// is never under the resolution asked for.
pub fn print_pixels(width_mm: f64, height_mm: f64, dpi: u32) -> (u32, u32) {
    let px = |mm: f64| ((mm / 25.4 * f64::from(dpi)).ceil() as u32).max(1);
    (px(width_mm), px(height_mm))
}

/// The engine's crop brought to the proportions `w` : `h`: the same width and top of the head
/// (so the face is as wide on every print size), longer or shorter below.
pub fn print_crop(crop: Rect, (w, h): (u32, u32)) -> Rect {
    Rect {
        h: crop.w * h as f32 / w as f32,
        ..crop
    }
}

/// The print image of `original` at `crop` (upright original pixels, the engine's), `w` × `h`
/// pixels at `dpi`.
pub fn print_image(
    original: &[u8],
    crop: Rect,
    size: (u32, u32),
    dpi: u16,
    limits: &Limits,
) -> Result<PrintImage, PhotoError> {
    let crop = print_crop(crop, size);
    encoded(
        &super::scaled_decode(original, crop, size, limits)?,
        crop,
        size,
        dpi,
    )
}

/// [`print_image`] from a decode made already (a frame's at ingest): the same image, byte for
/// byte, when the decode is the one [`print_image`] would make; `None` when it is not.
pub fn print_image_kept(
    kept: &Scaled,
    crop: Rect,
    size: (u32, u32),
    dpi: u16,
) -> Result<Option<PrintImage>, PhotoError> {
    let crop = print_crop(crop, size);
    if !kept.serves(super::needed_long_side(kept.stored_size(), crop, size)?) {
        return Ok(None);
    }
    encoded(&kept.decoded, crop, size, dpi).map(Some)
}

fn encoded(
    decoded: &Decoded,
    crop: Rect,
    (w, h): (u32, u32),
    dpi: u16,
) -> Result<PrintImage, PhotoError> {
    let img = super::cut_decoded(decoded, crop, (w, h))?;
    let mut jpeg = encode_jpeg(&img, PRINT_QUALITY)?;
    super::window::set_density(&mut jpeg, dpi)?;
    Ok(PrintImage {
        jpeg,
        width: w,
        height: h,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pixels_are_never_under_the_resolution() {
        assert_eq!(print_pixels(35.0, 49.0, 300), (414, 579));
        assert_eq!(print_pixels(33.0, 48.0, 300), (390, 567));
        let (w, _) = print_pixels(35.0, 49.0, 300);
        assert!(f64::from(w) / (35.0 / 25.4) >= 300.0);
    }

    #[test]
    fn the_crop_takes_the_print_proportions() {
        let crop = Rect {
            x: 100.0,
            y: 50.0,
            w: 300.0,
            h: 400.0,
        };
        // 35 × 49 is taller than 3 : 4: same top and width, longer.
        let tall = print_crop(crop, (350, 490));
        assert_eq!((tall.x, tall.y, tall.w), (100.0, 50.0, 300.0));
        assert!((tall.h - 420.0).abs() < 0.01, "{tall:?}");
        // 35 × 45 is squarer: same top and width, shorter.
        let short = print_crop(crop, (350, 450));
        assert_eq!((short.x, short.y, short.w), (100.0, 50.0, 300.0));
        assert!((short.h - 385.71).abs() < 0.01, "{short:?}");
    }
}
