//! Telling what a file is from its first bytes, to refuse a non-photo with a useful name.

use serde::Serialize;

/// What a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Heic,
    Bmp,
    Tiff,
    Pdf,
    Zip,
    Text,
    Unknown,
}

impl FileKind {
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
            Self::Heic
        } else if at(0, b"BM") {
            Self::Bmp
        } else if at(0, b"II*\0") || at(0, b"MM\0*") {
            Self::Tiff
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

    pub fn zh(&self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG 图像",
            Self::Png => "PNG 图像",
            Self::Gif => "GIF 动图",
            Self::Webp => "WebP 图像",
            Self::Heic => "HEIC 照片（苹果手机格式）",
            Self::Bmp => "BMP 图像",
            Self::Tiff => "TIFF 图像",
            Self::Pdf => "PDF 文档",
            Self::Zip => "压缩包或 Office 文档",
            Self::Text => "文本文件",
            Self::Unknown => "未知格式",
        }
    }

    pub fn en(&self) -> &'static str {
        match self {
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::Gif => "a GIF",
            Self::Webp => "a WebP image",
            Self::Heic => "a HEIC photo (iPhone format)",
            Self::Bmp => "a BMP image",
            Self::Tiff => "a TIFF image",
            Self::Pdf => "a PDF document",
            Self::Zip => "a ZIP archive or Office document",
            Self::Text => "a text file",
            Self::Unknown => "of an unknown format",
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
