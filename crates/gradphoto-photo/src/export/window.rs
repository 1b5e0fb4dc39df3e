//! The file size window, reached by the JPEG quality alone: the highest quality in the
//! profile's range whose file is not over the window, found by bisection (about six encodes of
//! a 480 × 640 file, a few milliseconds each). A file that is still over the window at the
//! lowest quality, or under it at the highest, does not fit: it is never padded or forced.

use image::RgbImage;

use crate::PhotoError;
use crate::rendition::encode_jpeg;

/// Where a rendition fell against the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// Inside the window at `quality`.
    Inside { jpeg: Vec<u8>, quality: u8 },
    /// Over the window even at the lowest quality (`bytes` at `quality`).
    TooLarge { bytes: usize, quality: u8 },
    /// Under the window even at the highest quality.
    TooSmall { bytes: usize, quality: u8 },
}

/// Encodes `img` at the highest quality in `qualities` whose file is at most `max` bytes, and
/// says whether that file is at least `min` bytes; `dpi` is written in its JFIF header.
pub fn fit(
    img: &RgbImage,
    (min, max): (usize, usize),
    (q_lo, q_hi): (u8, u8),
    dpi: u16,
) -> Result<Fit, PhotoError> {
    let encode = |q: u8| -> Result<Vec<u8>, PhotoError> {
        let mut jpeg = encode_jpeg(img, q)?;
        set_density(&mut jpeg, dpi)?;
        Ok(jpeg)
    };
    let top = encode(q_hi)?;
    if top.len() <= max {
        return Ok(if top.len() >= min {
            Fit::Inside {
                jpeg: top,
                quality: q_hi,
            }
        } else {
            Fit::TooSmall {
                bytes: top.len(),
                quality: q_hi,
            }
        });
    }
    let bottom = encode(q_lo)?;
    if bottom.len() > max {
        return Ok(Fit::TooLarge {
            bytes: bottom.len(),
            quality: q_lo,
        });
    }
    // bottom fits under the top of the window, top does not: bisect between them.
    let (mut lo, mut hi, mut best) = (q_lo, q_hi, bottom);
    let mut best_q = q_lo;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let jpeg = encode(mid)?;
        if jpeg.len() <= max {
            (lo, best, best_q) = (mid, jpeg, mid);
        } else {
            hi = mid;
        }
    }
    Ok(if best.len() >= min {
        Fit::Inside {
            jpeg: best,
            quality: best_q,
        }
    } else {
        // The step from one quality to the next jumps over the whole window.
        Fit::TooSmall {
            bytes: best.len(),
            quality: best_q,
        }
    })
}

/// Writes `dpi` as the density of the JFIF header libjpeg-turbo puts first in every file it
/// writes (units: dots per inch).
pub fn set_density(jpeg: &mut [u8], dpi: u16) -> Result<(), PhotoError> {
    // SOI, then APP0: FF E0, length, "JFIF\0", version (2), units (1), X density (2), Y (2).
    if jpeg.len() < 18 || jpeg[..4] != [0xFF, 0xD8, 0xFF, 0xE0] || &jpeg[6..11] != b"JFIF\0" {
        return Err(PhotoError::Encode(
            "the encoder wrote no JFIF header".into(),
        ));
    }
    let d = dpi.to_be_bytes();
    jpeg[13] = 1;
    jpeg[14..16].copy_from_slice(&d);
    jpeg[16..18].copy_from_slice(&d);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy(w: u32, h: u32, amount: u32) -> RgbImage {
        // A deterministic texture: more `amount`, more detail, larger files.
        RgbImage::from_fn(w, h, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % (amount + 1);
            let v = (128 + (x + y) % 64 + n) as u8;
            image::Rgb([v, v.wrapping_add(20), 200u8.saturating_sub((n / 2) as u8)])
        })
    }

    #[test]
    fn the_quality_is_the_highest_inside_the_window_and_density_is_written() {
        let img = noisy(480, 640, 60);
        let size = |q| {
            encode_jpeg(&img, q)
                .map(|j| j.len())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        // A window the qualities 80 to 85 fall into: the search must find 85's file.
        let window = (size(80) - 1, size(85));
        let Fit::Inside { jpeg, quality } =
            fit(&img, window, (60, 95), 300).unwrap_or_else(|e| panic!("{e}"))
        else {
            panic!("should fit {window:?}");
        };
        assert!(
            (window.0..=window.1).contains(&jpeg.len()),
            "{}",
            jpeg.len()
        );
        assert_eq!(&jpeg[13..18], &[1, 1, 44, 1, 44]);
        assert!(quality >= 85, "q{quality}");
        assert!(
            size(quality + 1) > window.1,
            "q{} would also fit",
            quality + 1
        );
    }

    #[test]
    fn a_photo_that_cannot_fit_is_said_so() {
        let flat = RgbImage::from_pixel(480, 640, image::Rgb([200, 210, 220]));
        assert!(matches!(
            fit(&flat, (20 * 1024, 40 * 1024), (60, 95), 300),
            Ok(Fit::TooSmall { quality: 95, .. })
        ));
        let busy = noisy(480, 640, 255);
        assert!(matches!(
            fit(&busy, (1024, 4096), (60, 95), 300),
            Ok(Fit::TooLarge { quality: 60, .. })
        ));
    }
}
