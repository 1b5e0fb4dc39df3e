//! The first stages of judging: validate (size, format, pixel count, before anything is
//! decoded) → decode → orient → shrink to a working copy. Everything the file itself says
//! (format, colour type, density, JPEG quality) is kept in [`FileInfo`] for the file rules.

mod jpeg_markers;
mod kind;
mod png_chunks;

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

/// Validates and decodes a photo.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Decoded, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(PhotoError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let (info, decoded) = match FileKind::sniff(bytes) {
        FileKind::Jpeg => decode_jpeg(bytes, limits)?,
        FileKind::Png => decode_png(bytes, limits)?,
        other => return Err(PhotoError::NotAnImage { looks_like: other }),
    };
    // The working copy's size follows from the file's size, whatever size the decoder gave
    // (a JPEG may come out already reduced by its DCT scaling).
    let (nw, nh) = work_size(info.width, info.height, limits.work_long_side);
    let image = if decoded.dimensions() == (nw, nh) {
        decoded
    } else {
        shrink(&decoded, nw, nh)?
    };
    let scale = nw as f32 / info.width.max(1) as f32;
    let image = orient(image, info.orientation);
    Ok(Decoded { info, image, scale })
}

/// The working copy's size for a file of `w` × `h`: the file's own size, or shrunk so the
/// long side is `long_side`.
fn work_size(w: u32, h: u32, long_side: u32) -> (u32, u32) {
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

fn check_pixels(w: u32, h: u32, limits: &Limits) -> Result<(), PhotoError> {
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
        return Err(corrupt("JPEG", "the image has no pixels"));
    }
    Ok(())
}

fn corrupt(format: &'static str, detail: impl Into<String>) -> PhotoError {
    PhotoError::Corrupt {
        format,
        detail: detail.into(),
    }
}

fn decode_jpeg(bytes: &[u8], limits: &Limits) -> Result<(FileInfo, RgbImage), PhotoError> {
    use zune_jpeg::zune_core::{
        bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions,
    };

    let m = jpeg_markers::read(bytes).ok_or_else(|| corrupt("JPEG", "no frame header"))?;
    check_pixels(m.width, m.height, limits)?;
    if m.scan_start.is_none() || !m.has_end(bytes) {
        return Err(corrupt("JPEG", "the file ends before the end of the image"));
    }
    let colour = match m.components {
        1 => ColourType::Grey,
        3 => ColourType::Rgb8,
        4 => ColourType::Cmyk,
        n => return Err(corrupt("JPEG", format!("{n} colour components"))),
    };
    // A camera frame is at least twice the working size: decode it reduced (the DCT scaled
    // to 1/2, 1/4 or 1/8), which skips most of the inverse transform, colour conversion and
    // memory of a full decode: 66 ms instead of 96 ms for a 24 MP frame on one core
    // (docs/benchmarks.md). Grey and RGB only; anything else, or any error, takes the full
    // decoder below, whose messages are the ones a person sees.
    let (ww, wh) = work_size(m.width, m.height, limits.work_long_side);
    if matches!(m.components, 1 | 3)
        && m.width >= ww * 2
        && m.precision == 8
        && let Some(image) = decode_jpeg_reduced(bytes, ww, wh)
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

/// Decodes at the smallest DCT scale that is still at least `w` × `h` (jpeg-decoder; zune-jpeg
/// has no scaled decode); `None` when it cannot, for the full decoder to try.
fn decode_jpeg_reduced(bytes: &[u8], w: u32, h: u32) -> Option<RgbImage> {
    use jpeg_decoder::{Decoder, PixelFormat};

    let mut d = Decoder::new(std::io::Cursor::new(bytes));
    let (ow, oh) = d
        .scale(u16::try_from(w).ok()?, u16::try_from(h).ok()?)
        .ok()?;
    let pixels = d.decode().ok()?;
    let rgb = match d.info()?.pixel_format {
        PixelFormat::RGB24 => pixels,
        PixelFormat::L8 => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        _ => return None,
    };
    RgbImage::from_raw(ow as u32, oh as u32, rgb)
}

fn decode_png(bytes: &[u8], limits: &Limits) -> Result<(FileInfo, RgbImage), PhotoError> {
    let head = png_chunks::read(bytes).ok_or_else(|| corrupt("PNG", "no image header"))?;
    check_pixels(head.width, head.height, limits)?;
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
