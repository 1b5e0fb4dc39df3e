//! Telling what a file is from its first bytes, to refuse a non-photo with a useful name and
//! with what to do instead (a camera set to RAW, a phone saving HEIC).

use serde::Serialize;

/// What a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    /// HEIC / HEIF, what iPhones save by default.
    Heic,
    Avif,
    /// A camera's raw sensor data: Canon CR2 and CR3, Nikon NEF, Sony ARW, Adobe DNG,
    /// Olympus ORF, Panasonic RW2, ...
    Raw,
    Bmp,
    Tiff,
    Pdf,
    Zip,
    /// MP4, MOV and the other ISO media files that are not still images.
    Video,
    Text,
    Unknown,
}

/// ISO-BMFF major brands of HEIF still images (HEVC-coded, or the generic HEIF ones).
const HEIF_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
];

impl FileKind {
    /// Tells the kind from the first bytes (and, for TIFF-structured files, the first
    /// directory: camera raw formats are TIFF inside).
    pub fn sniff(b: &[u8]) -> Self {
        let at = |o: usize, s: &[u8]| b.get(o..o + s.len()) == Some(s);
        if at(0, &[0xFF, 0xD8, 0xFF]) {
            Self::Jpeg
        } else if at(0, b"\x89PNG\r\n\x1a\n") {
            Self::Png
        } else if at(0, b"GIF8") {
            Self::Gif
        } else if at(0, b"RIFF") && at(8, b"WEBP") {
            Self::Webp
        } else if at(4, b"ftyp") {
            match b.get(8..12) {
                Some(b"crx ") => Self::Raw,
                Some(b"avif" | b"avis") => Self::Avif,
                Some(brand) if HEIF_BRANDS.iter().any(|h| &h[..] == brand) => Self::Heic,
                _ => Self::Video,
            }
        } else if at(0, b"BM") {
            Self::Bmp
        } else if at(0, b"IIRO") || at(0, b"IIRS") || at(0, b"MMOR") || at(0, b"IIU\0") {
            // Olympus ORF and Panasonic RW2: TIFF with a magic number of their own.
            Self::Raw
        } else if at(0, b"II*\0") || at(0, b"MM\0*") {
            if at(8, b"CR") || tiff_looks_raw(b) {
                Self::Raw
            } else {
                Self::Tiff
            }
        } else if at(0, b"%PDF") {
            Self::Pdf
        } else if at(0, b"PK\x03\x04") {
            Self::Zip
        } else if looks_like_text(b) {
            Self::Text
        } else {
            Self::Unknown
        }
    }

    /// What the file is, in Chinese ("文件是…").
    pub fn zh(&self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG 图像",
            Self::Png => "PNG 图像",
            Self::Gif => "GIF 动图",
            Self::Webp => "WebP 图像",
            Self::Heic => "HEIC 照片（苹果手机格式）",
            Self::Avif => "AVIF 图像",
            Self::Raw => "相机 RAW 原始文件（CR2、CR3、NEF、ARW、DNG 等）",
            Self::Bmp => "BMP 图像",
            Self::Tiff => "TIFF 图像",
            Self::Pdf => "PDF 文档",
            Self::Zip => "压缩包或 Office 文档",
            Self::Video => "视频文件",
            Self::Text => "文本文件",
            Self::Unknown => "未知格式",
        }
    }

    /// What the file is, in English ("The file is …").
    pub fn en(&self) -> &'static str {
        match self {
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::Gif => "a GIF",
            Self::Webp => "a WebP image",
            Self::Heic => "a HEIC photo (iPhone format)",
            Self::Avif => "an AVIF image",
            Self::Raw => "a camera RAW file (CR2, CR3, NEF, ARW, DNG, …)",
            Self::Bmp => "a BMP image",
            Self::Tiff => "a TIFF image",
            Self::Pdf => "a PDF document",
            Self::Zip => "a ZIP archive or Office document",
            Self::Video => "a video file",
            Self::Text => "a text file",
            Self::Unknown => "of an unknown format",
        }
    }

    /// What to do instead, in Chinese and English, for a file that is not taken.
    pub fn advice(&self) -> (&'static str, &'static str) {
        match self {
            Self::Jpeg | Self::Png => ("", ""),
            Self::Heic => (
                "请在手机“设置 › 相机 › 格式”中选择“兼容性最佳”后重拍，或把照片导出为 JPEG",
                "On the phone choose Settings › Camera › Formats › Most Compatible and shoot again, or export the photo as JPEG",
            ),
            Self::Raw => (
                "请在相机菜单中把图像画质设为 JPEG（或 RAW+JPEG 并使用其中的 JPEG 文件），或用软件把它导出为 JPEG",
                "Set the camera's image quality to JPEG (or RAW+JPEG and use the JPEG file), or export it as JPEG",
            ),
            Self::Gif | Self::Webp | Self::Avif | Self::Bmp | Self::Tiff => (
                "请用看图或修图软件把它另存为 JPEG",
                "Save it as JPEG in an image viewer or editor",
            ),
            Self::Pdf | Self::Zip => (
                "请上传照片文件本身（JPEG），而不是包含照片的文档或压缩包",
                "Upload the photo file itself (JPEG), not a document or archive that contains it",
            ),
            Self::Video => (
                "请上传照片（JPEG），而不是视频",
                "Upload a photo (JPEG), not a video",
            ),
            Self::Text | Self::Unknown => (
                "请上传相机或手机拍摄的 JPEG 照片",
                "Upload a JPEG photo from a camera or phone",
            ),
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(4096)];
    std::str::from_utf8(head).is_ok() && !head.contains(&0)
}

/// Whether a TIFF's first directory has what camera raw files carry and plain TIFF images
/// rarely do: a DNG version, sub-directories (where NEF, ARW and DNG keep the sensor data),
/// or the camera's make. A TIFF exported by an editor that copies the make is named RAW too;
/// the advice (export as JPEG) fits both.
fn tiff_looks_raw(b: &[u8]) -> bool {
    const MAKE: u16 = 0x010F;
    const SUB_IFDS: u16 = 0x014A;
    const DNG_VERSION: u16 = 0xC612;
    let le = b.starts_with(b"II");
    let u16_at = |o: usize| -> Option<u16> {
        let v = b.get(o..o + 2)?;
        Some(if le {
            u16::from_le_bytes([v[0], v[1]])
        } else {
            u16::from_be_bytes([v[0], v[1]])
        })
    };
    let u32_at = |o: usize| -> Option<u32> {
        let v = b.get(o..o + 4)?;
        Some(if le {
            u32::from_le_bytes([v[0], v[1], v[2], v[3]])
        } else {
            u32::from_be_bytes([v[0], v[1], v[2], v[3]])
        })
    };
    let Some(ifd) = u32_at(4) else {
        return false;
    };
    let ifd = ifd as usize;
    let count = u16_at(ifd).unwrap_or(0) as usize;
    (0..count.min(512)).any(|k| {
        u16_at(ifd + 2 + k * 12).is_some_and(|tag| matches!(tag, MAKE | SUB_IFDS | DNG_VERSION))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF header and a first directory holding `tags` (values zero).
    fn tiff(tags: &[u16]) -> Vec<u8> {
        let mut b = b"II*\0\x08\0\0\0".to_vec();
        b.extend_from_slice(&(tags.len() as u16).to_le_bytes());
        for &t in tags {
            b.extend_from_slice(&t.to_le_bytes());
            b.extend_from_slice(&[2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        }
        b.extend_from_slice(&[0; 4]);
        b
    }

    #[test]
    fn camera_raw_files_are_told_from_plain_tiff() {
        // Width, height, bits per sample: a plain image.
        assert_eq!(
            FileKind::sniff(&tiff(&[0x100, 0x101, 0x102])),
            FileKind::Tiff
        );
        // NEF / ARW: the camera's make; DNG: its version tag.
        assert_eq!(FileKind::sniff(&tiff(&[0x100, 0x10F])), FileKind::Raw);
        assert_eq!(FileKind::sniff(&tiff(&[0xC612])), FileKind::Raw);
        // CR2: "CR" after the TIFF header.
        assert_eq!(
            FileKind::sniff(b"II*\0\x10\0\0\0CR\x02\0\0\0\0\0"),
            FileKind::Raw
        );
        // A big-endian directory is read big-endian.
        let mut mm = b"MM\0*\0\0\0\x08\0\x01\x01\x0F".to_vec();
        mm.extend_from_slice(&[0; 12]);
        assert_eq!(FileKind::sniff(&mm), FileKind::Raw);
    }

    #[test]
    fn iso_media_files_are_told_apart_by_brand() {
        let ftyp = |brand: &[u8; 4]| {
            let mut b = vec![0, 0, 0, 0x18];
            b.extend_from_slice(b"ftyp");
            b.extend_from_slice(brand);
            b.extend_from_slice(&[0; 12]);
            b
        };
        assert_eq!(FileKind::sniff(&ftyp(b"heic")), FileKind::Heic);
        assert_eq!(FileKind::sniff(&ftyp(b"mif1")), FileKind::Heic);
        assert_eq!(FileKind::sniff(&ftyp(b"crx ")), FileKind::Raw);
        assert_eq!(FileKind::sniff(&ftyp(b"avif")), FileKind::Avif);
        assert_eq!(FileKind::sniff(&ftyp(b"isom")), FileKind::Video);
        assert_eq!(FileKind::sniff(&ftyp(b"qt  ")), FileKind::Video);
    }
}
