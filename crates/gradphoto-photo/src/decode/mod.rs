//! The first stages of judging: validate (size, format, pixel count, before anything is
//! decoded) → decode → orient → shrink to a working copy. Everything the file itself says
//! (format, colour type, density, JPEG quality) is kept in [`FileInfo`] for the file rules.

mod jpeg_markers;
mod kind;
mod png_chunks;

use std::borrow::Cow;

use fast_image_resize as fir;
use image::{RgbImage, imageops};
use serde::Serialize;

pub use kind::FileKind;

use crate::PhotoError;

/// Bounds on what one photo may cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest file taken, checked first.
    pub max_bytes: usize,
    /// Most pixels taken, checked from the header before decoding: 60 MP is above every
    /// full-frame camera (a 45 MP frame is 8256 × 5504) and below what would take seconds.
    pub max_pixels: u64,
    /// Longest side of the working copy the faces are measured on. 480 × 640 photos are
    /// measured at their own size; a camera frame is shrunk to this.
    pub work_long_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_pixels: 60_000_000,
            work_long_side: 1280,
        }
    }
}

/// The file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
}

/// How the file stores colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColourType {
    /// 24-bit RGB (JPEG YCbCr or PNG RGB 8-bit): what the registry wants.
    Rgb8,
    Grey,
    Cmyk,
    /// PNG with an alpha channel.
    Alpha,
    /// PNG with 16 bits per channel.
    Rgb16,
    /// Palette PNG.
    Indexed,
}

impl ColourType {
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            Self::Rgb8 => ("24 位 RGB", "24-bit RGB"),
            Self::Grey => ("灰度", "greyscale"),
            Self::Cmyk => ("CMYK", "CMYK"),
            Self::Alpha => ("带透明通道", "with alpha"),
            Self::Rgb16 => ("16 位", "16-bit"),
            Self::Indexed => ("调色板", "palette"),
        }
    }
}

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileInfo {
    pub format: Format,
    /// Size as stored (before the EXIF orientation is applied).
    pub width: u32,
    pub height: u32,
    pub colour: ColourType,
    pub bytes: usize,
    /// Baseline (sequential) JPEG; false for progressive and for PNG.
    pub baseline: bool,
    pub jpeg_quality: Option<u8>,
    /// Dots per inch written in the file, when it says.
    pub dpi: Option<f32>,
    /// EXIF orientation 1-8 (1 when absent).
    pub orientation: u16,
}

impl FileInfo {
    /// Width and height as displayed, after the orientation.
    pub fn upright_size(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// A decoded photo: the file's facts and an upright RGB working copy.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub info: FileInfo,
    pub image: RgbImage,
    /// Working-copy pixels per upright original pixel (1.0 when not shrunk).
    pub scale: f32,
}

/// Validates and decodes a photo into its working copy (long side at most
/// [`Limits::work_long_side`]).
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Decoded, PhotoError> {
    decode_to(bytes, limits, limits.work_long_side)
}

/// The checks that need nothing decoded: not empty, not too large, a JPEG or PNG by its first
/// bytes. The pixel count and completeness follow per format, from the header.
pub fn validate(bytes: &[u8], limits: &Limits) -> Result<FileKind, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(PhotoError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    match FileKind::sniff(bytes) {
        kind @ (FileKind::Jpeg | FileKind::Png) => Ok(kind),
        other => Err(PhotoError::NotAnImage { looks_like: other }),
    }
}

/// [`decode`] with the working copy's long side given: the renditions decode once at the
/// preview's size.
pub(crate) fn decode_to(
    bytes: &[u8],
    limits: &Limits,
    long_side: u32,
) -> Result<Decoded, PhotoError> {
    let (info, decoded) = decode_stored(bytes, limits, long_side)?;
    working(info, Cow::Owned(decoded), long_side)
}

/// The working copy of a decode as stored: its size follows from the file's size, whatever
/// size the decoder gave (a JPEG may come out already reduced by its DCT scaling), upright.
fn working(
    info: FileInfo,
    decoded: Cow<'_, RgbImage>,
    long_side: u32,
) -> Result<Decoded, PhotoError> {
    let (nw, nh) = work_size(info.width, info.height, long_side);
    let image = if decoded.dimensions() == (nw, nh) {
        decoded.into_owned()
    } else {
        shrink(&decoded, nw, nh)?
    };
    let scale = nw as f32 / info.width.max(1) as f32;
    let image = orient(image, info.orientation);
    Ok(Decoded { info, image, scale })
}

/// [`decode_to`]'s working copy and, beside it, the decode it was shrunk from, kept for the
/// export's files ([`Kept`]).
pub(crate) fn decode_keeping(
    bytes: &[u8],
    limits: &Limits,
    long_side: u32,
) -> Result<(Decoded, Kept), PhotoError> {
    let (info, decoded) = decode_stored(bytes, limits, long_side)?;
    let working = working(info.clone(), Cow::Borrowed(&decoded), long_side)?;
    let kept = Kept {
        info,
        stored: decoded,
        long_side,
    };
    Ok((working, kept))
}

/// A photo's decode at the DCT scale chosen for some long side, as stored (not yet upright, not
/// shrunk), kept after the working copy was shrunk from it, so that the export's files can be
/// cut from a frame's one decode at ingest instead of decoding the original again
/// ([`crate::export::render_kept`]).
#[derive(Debug, Clone)]
pub struct Kept {
    info: FileInfo,
    stored: RgbImage,
    long_side: u32,
}

impl Kept {
    pub fn info(&self) -> &FileInfo {
        &self.info
    }

    /// The decode upright, as [`decode_at_least`] gives it (off the ingest's path: turning a
    /// camera's portrait takes a few milliseconds).
    pub fn upright(self) -> Scaled {
        let scale = self.stored.width() as f32 / self.info.width.max(1) as f32;
        let image = orient(self.stored, self.info.orientation);
        Scaled {
            decoded: Decoded {
                info: self.info,
                image,
                scale,
            },
            long_side: self.long_side,
        }
    }
}

/// A decode as [`decode_at_least`] gives it for some long side: upright, at its DCT scale.
#[derive(Debug, Clone)]
pub struct Scaled {
    pub decoded: Decoded,
    long_side: u32,
}

impl Scaled {
    /// The file's size as stored (before its orientation).
    pub(crate) fn stored_size(&self) -> (u32, u32) {
        (self.decoded.info.width, self.decoded.info.height)
    }

    /// Whether [`decode_at_least`] for `long_side` gives this same decode: the same DCT scale
    /// of the same file (a PNG has only its own size).
    pub(crate) fn serves(&self, long_side: u32) -> bool {
        let info = &self.decoded.info;
        let (w, h) = (info.width, info.height);
        let eighths = |l: u32| {
            let (ww, wh) = work_size(w, h, l);
            dct_eighths(w, h, ww, wh)
        };
        info.format == Format::Png || eighths(self.long_side) == eighths(long_side)
    }
}

/// The DCT scale, in eighths, that libjpeg-turbo decodes a `width` × `height` JPEG at so that
/// it is still at least `w` × `h`: 1, 2 or 4 eighths, else the full size.
fn dct_eighths(width: u32, height: u32, w: u32, h: u32) -> u32 {
    let scaled = |d: u32, n: u32| (u64::from(d) * u64::from(n)).div_ceil(8);
    [1, 2, 4]
        .into_iter()
        .find(|&n| scaled(width, n) >= u64::from(w) && scaled(height, n) >= u64::from(h))
        .unwrap_or(8)
}

/// Validates and decodes the file as stored (before its orientation): a JPEG at the smallest
/// DCT scale whose long side is still at least `long_side`, a PNG at its own size.
fn decode_stored(
    bytes: &[u8],
    limits: &Limits,
    long_side: u32,
) -> Result<(FileInfo, RgbImage), PhotoError> {
    match validate(bytes, limits)? {
        FileKind::Png => decode_png(bytes, limits),
        _ => decode_jpeg(bytes, limits, long_side),
    }
}

/// The size the file says it has (before its EXIF orientation), from its header alone.
pub(crate) fn stored_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match FileKind::sniff(bytes) {
        FileKind::Png => png_chunks::read(bytes).map(|h| (h.width, h.height)),
        FileKind::Jpeg => jpeg_markers::read(bytes).map(|m| (m.width, m.height)),
        _ => None,
    }
}

/// Validates and decodes a photo at the smallest DCT scale (for a JPEG; a PNG at its own size)
/// whose long side is still at least `long_side`, upright, and not shrunk further: the export
/// cuts its crop from this and resizes once. `scale` is decoded pixels per original pixel.
pub(crate) fn decode_at_least(
    bytes: &[u8],
    limits: &Limits,
    long_side: u32,
) -> Result<Decoded, PhotoError> {
    let (info, decoded) = decode_stored(bytes, limits, long_side)?;
    let scale = decoded.width() as f32 / info.width.max(1) as f32;
    let image = orient(decoded, info.orientation);
    Ok(Decoded { info, image, scale })
}

/// The working copy's size for a file of `w` × `h`: the file's own size, or shrunk so the
/// long side is `long_side`.
pub(crate) fn work_size(w: u32, h: u32, long_side: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= long_side {
        return (w, h);
    }
    let s = long_side as f32 / long as f32;
    (
        ((w as f32 * s).round() as u32).max(1),
        ((h as f32 * s).round() as u32).max(1),
    )
}

fn check_pixels(format: &'static str, w: u32, h: u32, limits: &Limits) -> Result<(), PhotoError> {
    let px = w as u64 * h as u64;
    if px > limits.max_pixels {
        return Err(PhotoError::TooManyPixels {
            width: w,
            height: h,
            megapixels: px as f64 / 1e6,
            limit_mp: (limits.max_pixels / 1_000_000) as u32,
        });
    }
    if w == 0 || h == 0 {
        return Err(corrupt(format, "the image has no pixels"));
    }
    Ok(())
}

fn corrupt(format: &'static str, detail: impl Into<String>) -> PhotoError {
    PhotoError::Corrupt {
        format,
        detail: detail.into(),
    }
}

fn decode_jpeg(
    bytes: &[u8],
    limits: &Limits,
    long_side: u32,
) -> Result<(FileInfo, RgbImage), PhotoError> {
    use zune_jpeg::zune_core::{
        bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions,
    };

    let m = jpeg_markers::read(bytes).ok_or_else(|| corrupt("JPEG", "no frame header"))?;
    check_pixels("JPEG", m.width, m.height, limits)?;
    if m.scan_start.is_none() || !m.has_end(bytes) {
        return Err(PhotoError::Truncated { format: "JPEG" });
    }
    let colour = match m.components {
        1 => ColourType::Grey,
        3 => ColourType::Rgb8,
        4 => ColourType::Cmyk,
        n => return Err(corrupt("JPEG", format!("{n} colour components"))),
    };
    // Grey and colour 8-bit JPEGs, all a camera or phone writes, go to libjpeg-turbo (SIMD),
    // decoded at the smallest DCT scale still at least the working size. Anything else (CMYK,
    // 12-bit), or anything it refuses, takes zune-jpeg below, whose messages people see.
    let (ww, wh) = work_size(m.width, m.height, long_side);
    if matches!(m.components, 1 | 3)
        && m.precision == 8
        && let Some(image) = decode_jpeg_turbo(bytes, &m, ww, wh)
    {
        return Ok((jpeg_info(bytes, &m, colour), image));
    }
    let options = DecoderOptions::default()
        .set_max_width(m.width as usize + 1)
        .set_max_height(m.height as usize + 1)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let pixels = decoder
        .decode()
        .map_err(|e| corrupt("JPEG", e.to_string()))?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| corrupt("JPEG", "no dimensions"))?;
    let rgb = match decoder.output_colorspace() {
        Some(ColorSpace::RGB) => pixels,
        Some(ColorSpace::Luma) => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        other => return Err(corrupt("JPEG", format!("cannot convert {other:?} to RGB"))),
    };
    let image = RgbImage::from_raw(w as u32, h as u32, rgb)
        .ok_or_else(|| corrupt("JPEG", "the decoded pixels do not fill the frame"))?;
    Ok((jpeg_info(bytes, &m, colour), image))
}

fn jpeg_info(bytes: &[u8], m: &jpeg_markers::JpegMarkers, colour: ColourType) -> FileInfo {
    let dpi = m.jfif_density.and_then(|(unit, x, _)| match unit {
        1 => Some(x as f32),
        2 => Some(x as f32 * 2.54),
        _ => None,
    });
    FileInfo {
        format: Format::Jpeg,
        width: m.width,
        height: m.height,
        colour,
        bytes: bytes.len(),
        baseline: m.sof == 0xC0,
        jpeg_quality: m.quality_estimate(),
        dpi,
        orientation: m.orientation,
    }
}

/// Decodes with libjpeg-turbo to RGB at the smallest DCT scale (1/8, 1/4, 1/2 or 1) whose
/// result is still at least `w` × `h`: a 24 MP frame at 1/4 skips most of the inverse
/// transform, upsampling and colour conversion of a full decode. Only power-of-two scales,
/// which have SIMD inverse transforms. `None` when it cannot, for zune-jpeg to try.
fn decode_jpeg_turbo(
    bytes: &[u8],
    m: &jpeg_markers::JpegMarkers,
    w: u32,
    h: u32,
) -> Option<RgbImage> {
    use turbojpeg::{Decompressor, Image, PixelFormat, ScalingFactor};

    let mut d = Decompressor::new().ok()?;
    let header = d.read_header(bytes).ok()?;
    // The limits were checked on the size our marker reader found; decode only that.
    if (header.width, header.height) != (m.width as usize, m.height as usize) {
        return None;
    }
    let factor = if header.is_lossless {
        ScalingFactor::ONE
    } else {
        match dct_eighths(m.width, m.height, w, h) {
            1 => ScalingFactor::ONE_EIGHTH,
            2 => ScalingFactor::ONE_QUARTER,
            4 => ScalingFactor::ONE_HALF,
            _ => ScalingFactor::ONE,
        }
    };
    d.set_scaling_factor(factor).ok()?;
    // A progressive file of thousands of tiny scans takes minutes to decode; no encoder writes
    // more than a few dozen (libjpeg-turbo's own advice for untrusted input).
    d.set_scan_limit(500).ok()?;
    let (ow, oh) = (factor.scale(header.width), factor.scale(header.height));
    let mut pixels = vec![0u8; ow * oh * 3];
    d.decompress(
        bytes,
        Image {
            pixels: pixels.as_mut_slice(),
            width: ow,
            pitch: ow * 3,
            height: oh,
            format: PixelFormat::RGB,
        },
    )
    .ok()?;
    RgbImage::from_raw(u32::try_from(ow).ok()?, u32::try_from(oh).ok()?, pixels)
}

fn decode_png(bytes: &[u8], limits: &Limits) -> Result<(FileInfo, RgbImage), PhotoError> {
    let head = png_chunks::read(bytes).ok_or_else(|| corrupt("PNG", "no image header"))?;
    check_pixels("PNG", head.width, head.height, limits)?;
    // Every PNG ends with an IEND chunk; a cut-off one has lost it.
    if !bytes.windows(4).rev().any(|w| w == b"IEND") {
        return Err(PhotoError::Truncated { format: "PNG" });
    }
    let colour = match (head.colour_type, head.bit_depth) {
        (4 | 6, _) => ColourType::Alpha,
        (3, _) => ColourType::Indexed,
        (0, _) => ColourType::Grey,
        (2, 16) => ColourType::Rgb16,
        _ => ColourType::Rgb8,
    };
    let mut reader =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png);
    let mut lim = image::Limits::default();
    lim.max_alloc = Some(limits.max_pixels * 8 + (1 << 20));
    reader.limits(lim);
    let img = reader.decode().map_err(|e| corrupt("PNG", e.to_string()))?;
    // Transparent parts are shown on white, as a viewer or a print would.
    let rgba = img.to_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (d, s) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = s[3] as u32;
        for c in 0..3 {
            d[c] = ((s[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    let info = FileInfo {
        format: Format::Png,
        width: head.width,
        height: head.height,
        colour,
        bytes: bytes.len(),
        baseline: false,
        jpeg_quality: None,
        dpi: head.dpi,
        orientation: 1,
    };
    Ok((info, rgb))
}

/// Shrinks with a bilinear convolution (fast_image_resize: SIMD, ~8× faster than `image`'s).
pub fn shrink(img: &RgbImage, w: u32, h: u32) -> Result<RgbImage, PhotoError> {
    let src = fir::images::ImageRef::new(
        img.width(),
        img.height(),
        img.as_raw(),
        fir::PixelType::U8x3,
    )
    .map_err(|e| PhotoError::Encode(e.to_string()))?;
    let mut dst = fir::images::Image::new(w, h, fir::PixelType::U8x3);
    let opts = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Bilinear));
    fir::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| PhotoError::Encode(e.to_string()))?;
    RgbImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| PhotoError::Encode("resize".into()))
}

/// Applies an EXIF orientation, so what is measured is what a viewer shows.
fn orient(img: RgbImage, orientation: u16) -> RgbImage {
    match orientation {
        2 => imageops::flip_horizontal(&img),
        3 => imageops::rotate180(&img),
        4 => imageops::flip_vertical(&img),
        5 => imageops::flip_horizontal(&imageops::rotate90(&img)),
        6 => imageops::rotate90(&img),
        7 => imageops::flip_horizontal(&imageops::rotate270(&img)),
        8 => imageops::rotate270(&img),
        _ => img,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A camera frame must take libjpeg-turbo's scaled decode, not the slower fallback, which
    /// would give the same working copy and hide the loss.
    #[test]
    fn ordinary_jpegs_take_the_scaled_turbojpeg_decode() {
        let img = RgbImage::from_fn(2400, 3200, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let rgb = crate::fixtures::jpeg(&img, 90, 72);
        let grey = {
            let mut c = std::io::Cursor::new(Vec::new());
            let luma = image::DynamicImage::ImageRgb8(img).to_luma8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut c, 90)
                .encode_image(&luma)
                .unwrap_or_else(|e| panic!("{e}"));
            c.into_inner()
        };
        for (what, bytes) in [("rgb", rgb), ("grey", grey)] {
            let m = jpeg_markers::read(&bytes).unwrap_or_else(|| panic!("{what}: no markers"));
            // 1/2 is the smallest scale still at least 960 × 1280.
            let out = decode_jpeg_turbo(&bytes, &m, 960, 1280);
            assert_eq!(out.map(|i| i.dimensions()), Some((1200, 1600)), "{what}");
        }
        // A registry photo is decoded at full size.
        let small = crate::fixtures::jpeg(&RgbImage::new(480, 640), 90, 300);
        let m = jpeg_markers::read(&small).unwrap_or_else(|| panic!("no markers"));
        let out = decode_jpeg_turbo(&small, &m, 480, 640);
        assert_eq!(out.map(|i| i.dimensions()), Some((480, 640)));
    }
}
