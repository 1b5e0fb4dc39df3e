//! Telling what a file is from its first bytes, not its name: people rename photos to
//! `.xlsx`, and student-information systems export HTML tables named `.xls`.

use std::fmt;
use std::io::Cursor;

use crate::SheetError;

/// How the file will be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xls,
    /// Delimited text: CSV, or tab-separated "Unicode text".
    Text,
}

/// What a file that is not read looks like, for the message to its uploader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    Jpeg,
    Png,
    Gif,
    Bmp,
    Webp,
    Tiff,
    Heic,
    Video,
    Pdf,
    Zip,
    Rar,
    SevenZip,
    Gzip,
    Word,
    PowerPoint,
    Rtf,
    /// An old-format (OLE) Office file that holds no workbook.
    OfficeDocument,
    OpenDocument,
    OpenDocumentSpreadsheet,
    Xlsb,
    Html,
    ExcelXml,
    Xml,
    Binary,
}

impl FileKind {
    /// The Chinese name, such as "JPEG 图片".
    pub fn zh(self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG 图片",
            Self::Png => "PNG 图片",
            Self::Gif => "GIF 图片",
            Self::Bmp => "BMP 图片",
            Self::Webp => "WebP 图片",
            Self::Tiff => "TIFF 图片",
            Self::Heic => "HEIC 图片（苹果手机照片）",
            Self::Video => "视频文件",
            Self::Pdf => "PDF 文档",
            Self::Zip => "ZIP 压缩包",
            Self::Rar => "RAR 压缩包",
            Self::SevenZip => "7z 压缩包",
            Self::Gzip => "gzip 压缩文件",
            Self::Word => "Word 文档",
            Self::PowerPoint => "PowerPoint 演示文稿",
            Self::Rtf => "RTF 文档",
            Self::OfficeDocument => "Office 文档（不是 Excel 工作簿）",
            Self::OpenDocument => "OpenDocument 文档",
            Self::OpenDocumentSpreadsheet => "OpenDocument 表格（.ods）",
            Self::Xlsb => "Excel 二进制工作簿（.xlsb）",
            Self::Html => "网页（HTML）文件",
            Self::ExcelXml => "Excel 2003 XML 表格",
            Self::Xml => "XML 文件",
            Self::Binary => "无法识别的二进制文件",
        }
    }

    /// The English name with its article, as it reads after "The file is".
    pub fn en(self) -> &'static str {
        match self {
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::Gif => "a GIF image",
            Self::Bmp => "a BMP image",
            Self::Webp => "a WebP image",
            Self::Tiff => "a TIFF image",
            Self::Heic => "a HEIC image (iPhone photo)",
            Self::Video => "a video",
            Self::Pdf => "a PDF document",
            Self::Zip => "a ZIP archive",
            Self::Rar => "a RAR archive",
            Self::SevenZip => "a 7z archive",
            Self::Gzip => "a gzip-compressed file",
            Self::Word => "a Word document",
            Self::PowerPoint => "a PowerPoint presentation",
            Self::Rtf => "an RTF document",
            Self::OfficeDocument => "an Office document that is not an Excel workbook",
            Self::OpenDocument => "an OpenDocument file",
            Self::OpenDocumentSpreadsheet => "an OpenDocument spreadsheet (.ods)",
            Self::Xlsb => "an Excel binary workbook (.xlsb)",
            Self::Html => "a web page (HTML)",
            Self::ExcelXml => "an Excel 2003 XML spreadsheet",
            Self::Xml => "an XML file",
            Self::Binary => "a binary file of unknown type",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides how to read `bytes` (not empty), or why not to.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, SheetError> {
    let not_sheet = |looks_like| Err(SheetError::NotASpreadsheet { looks_like });
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return classify_zip(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return classify_ole(bytes);
    }
    if let Some(kind) = magic(bytes) {
        return not_sheet(kind);
    }
    // UTF-16 text has NUL bytes, so its byte order mark is looked at before those.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(Format::Text);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return not_sheet(FileKind::Binary);
    }
    if let Some(kind) = markup(head) {
        return match kind {
            FileKind::Html | FileKind::ExcelXml => {
                Err(SheetError::UnsupportedFormat { format: kind })
            }
            _ => not_sheet(kind),
        };
    }
    Ok(Format::Text)
}

/// Formats recognised by a fixed signature at the start.
fn magic(b: &[u8]) -> Option<FileKind> {
    let at = |offset: usize, sig: &[u8]| b.get(offset..).is_some_and(|s| s.starts_with(sig));
    let kind = if at(0, &[0xFF, 0xD8, 0xFF]) {
        FileKind::Jpeg
    } else if at(0, b"\x89PNG\r\n\x1a\n") {
        FileKind::Png
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        FileKind::Gif
    } else if at(0, b"BM") && at(6, &[0, 0, 0, 0]) {
        FileKind::Bmp
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        FileKind::Webp
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        FileKind::Tiff
    } else if at(4, b"ftyp") {
        let brand = b.get(8..12).unwrap_or_default();
        if [
            &b"heic"[..],
            b"heix",
            b"hevc",
            b"heim",
            b"heis",
            b"mif1",
            b"msf1",
            b"avif",
        ]
        .contains(&brand)
        {
            FileKind::Heic
        } else {
            FileKind::Video
        }
    } else if at(0, b"%PDF-") {
        FileKind::Pdf
    } else if at(0, b"Rar!\x1a\x07") {
        FileKind::Rar
    } else if at(0, &[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) {
        FileKind::SevenZip
    } else if at(0, &[0x1F, 0x8B]) {
        FileKind::Gzip
    } else if at(0, b"{\\rtf") {
        FileKind::Rtf
    } else {
        return None;
    };
    Some(kind)
}

/// HTML and XML that would otherwise be taken for CSV text.
fn markup(head: &[u8]) -> Option<FileKind> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = head[start..].to_ascii_lowercase();
    if !head.starts_with(b"<") {
        return None;
    }
    let has = |needle: &[u8]| contains(&head, needle);
    if has(b"urn:schemas-microsoft-com:office:spreadsheet") || has(b"<workbook") {
        Some(FileKind::ExcelXml)
    } else if has(b"<html") || has(b"<table") || has(b"<!doctype html") {
        Some(FileKind::Html)
    } else if head.starts_with(b"<?xml") {
        Some(FileKind::Xml)
    } else {
        None
    }
}

fn classify_zip(bytes: &[u8]) -> Result<Format, SheetError> {
    let archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::CorruptXlsx {
            detail: e.to_string(),
        })?;
    let names = || archive.file_names_raw();
    let has = |name: &[u8]| names().any(|n| n == name);
    let has_dir = |dir: &[u8]| names().any(|n| n.starts_with(dir));
    if has(b"xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    let unsupported = |format| Err(SheetError::UnsupportedFormat { format });
    let not_sheet = |looks_like| Err(SheetError::NotASpreadsheet { looks_like });
    if has(b"xl/workbook.bin") {
        unsupported(FileKind::Xlsb)
    } else if has_dir(b"word/") {
        not_sheet(FileKind::Word)
    } else if has_dir(b"ppt/") {
        not_sheet(FileKind::PowerPoint)
    } else if has(b"mimetype") {
        // OpenDocument stores its `mimetype` entry first and uncompressed, so it is readable
        // in the first bytes of the file.
        let head = &bytes[..bytes.len().min(128)];
        if contains(head, b"opendocument.spreadsheet") {
            unsupported(FileKind::OpenDocumentSpreadsheet)
        } else {
            not_sheet(FileKind::OpenDocument)
        }
    } else if names().any(|n| n.ends_with(b"/workbook.xml")) {
        // A workbook whose parts are not under `xl/`: calamine follows the package
        // relationships, so let it try.
        Ok(Format::Xlsx)
    } else {
        not_sheet(FileKind::Zip)
    }
}

/// An OLE compound file is an old Office document, or a password-protected new one. Stream
/// names are stored in UTF-16 in its directory, so a byte search finds them.
fn classify_ole(bytes: &[u8]) -> Result<Format, SheetError> {
    let has_stream = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        contains(bytes, &utf16)
    };
    if has_stream("EncryptedPackage") {
        Err(SheetError::Encrypted)
    } else if has_stream("WordDocument") {
        Err(SheetError::NotASpreadsheet {
            looks_like: FileKind::Word,
        })
    } else if has_stream("PowerPoint Document") {
        Err(SheetError::NotASpreadsheet {
            looks_like: FileKind::PowerPoint,
        })
    } else if has_stream("Workbook") || has_stream("Book") {
        // BIFF8 (Excel 97 and later) and BIFF5 (Excel 5/95) name the stream differently.
        Ok(Format::Xls)
    } else {
        Err(SheetError::NotASpreadsheet {
            looks_like: FileKind::OfficeDocument,
        })
    }
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    match needle.first() {
        None => true,
        Some(&first) => haystack
            .windows(needle.len())
            .any(|w| w[0] == first && w == needle),
    }
}
