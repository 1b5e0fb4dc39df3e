//! Writes laid-out pages as a PDF with printpdf: text as real (extractable) text in the
//! embedded font, subset to the glyphs used, and bytes that depend only on the input.
//!
//! printpdf names fonts and the document with random ids and dates each document 1970; to make
//! the same notice give the same bytes, the font is registered under a fixed id, the trailer's
//! /ID is a hash of the page content, and the Info dictionary carries no dates.

use std::collections::BTreeMap;

use lopdf::{Object, StringFormat};
use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Line, LinePoint, Mm, Op, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rgb,
    TextItem, TextMatrix, TextRenderingMode, XObject, XObjectId, XObjectTransform,
};

use crate::PdfError;
use crate::font::Face;
use crate::layout::{Item, Page};

/// The font's resource name; its first six letters are also the subset tag printpdf writes
/// before the font name (`NOTOSC+NotoSansSC-Regular`), which must be six capitals.
const FONT_RESOURCE: &str = "NOTOSCREGULAR";
/// The outline width, as a fraction of the type size, that makes fill-and-stroke text bold.
const BOLD_STROKE: f32 = 0.03;

/// A baseline JPEG to place on pages, embedded once however often it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Jpeg {
    pub(crate) bytes: Vec<u8>,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The resource name of image `index`: fixed, so the same document gives the same bytes.
fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{index}"))
}

/// The JPEG as an image XObject whose stream is the file itself (`DCTDecode`): embedded as
/// it is, never decoded or encoded again.
fn image_xobject(jpeg: Jpeg) -> XObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(i64::from(jpeg.width))),
        ("Height".to_owned(), DictItem::Int(i64::from(jpeg.height))),
        ("ColorSpace".to_owned(), name("DeviceRGB")),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("Filter".to_owned(), name("DCTDecode")),
    ]);
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: jpeg.bytes,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
}

/// Renders `pages` into PDF bytes titled `title`; `images` are what [`Item::Image`] draws.
pub(crate) fn render(
    face: &Face,
    title: &str,
    pages: &[Page],
    images: Vec<Jpeg>,
) -> Result<Vec<u8>, PdfError> {
    let id = content_hash(pages, &images);
    let font = FontId(FONT_RESOURCE.to_owned());
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "gradphoto".to_owned();
    doc.metadata.info.producer = "gradphoto-pdf (printpdf)".to_owned();
    doc.resources
        .fonts
        .map
        .insert(font.clone(), PdfFont::new(face.parsed.clone()));
    for (index, jpeg) in images.into_iter().enumerate() {
        doc.resources
            .xobjects
            .map
            .insert(image_id(index), image_xobject(jpeg));
    }
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let (w, h) = page.size.map_or((Mm(210.0), Mm(297.0)), |(w, h)| {
                (Pt(w).into(), Pt(h).into())
            });
            PdfPage::new(w, h, page_ops(page, &font))
        })
        .collect();
    doc.with_pages(pdf_pages);

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Write(errors.join("; ")));
    }

    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = lo.get_object_mut(info).and_then(Object::as_dict_mut)
    {
        clean_info(info);
    }
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// Leaves the Info dictionary with only what is true and set: printpdf writes fixed 1970
/// dates, empty strings, and an empty `GTS_PDFXVersion` that readers take as a PDF/X claim.
fn clean_info(info: &mut lopdf::Dictionary) {
    for key in [
        &b"CreationDate"[..],
        b"ModDate",
        b"GTS_PDFXVersion",
        b"Trapped",
    ] {
        info.remove(key);
    }
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(_, value)| match value {
            // Empty, or only the UTF-16 byte order mark.
            Object::String(bytes, _) => bytes.is_empty() || bytes[..] == [0xFE, 0xFF],
            _ => false,
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
}

/// printpdf operations for one page: all rules first, then all text in one text object.
fn page_ops(page: &Page, font: &FontId) -> Vec<Op> {
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
    let mut ops = vec![
        Op::SetOutlineColor { col: black.clone() },
        Op::SetFillColor { col: black },
    ];
    for item in &page.items {
        if let Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
        } = *item
        {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(x1, y1), point(x2, y2)],
                    is_closed: false,
                },
            });
        }
    }
    for item in &page.items {
        if let Item::Image { index, x, y, w, h } = *item {
            ops.push(Op::UseXobject {
                id: image_id(index),
                transform: XObjectTransform {
                    translate_x: Some(Pt(x)),
                    translate_y: Some(Pt(y)),
                    scale_x: Some(w),
                    scale_y: Some(h),
                    ..XObjectTransform::default()
                },
            });
        }
    }
    ops.push(Op::StartTextSection);
    let (mut size_now, mut bold_now) = (None, None);
    for item in &page.items {
        let (x, y, size, bold, text, turned) = match item {
            Item::Text {
                x,
                y,
                size,
                bold,
                text,
            } => (*x, *y, *size, *bold, text, false),
            Item::TurnedText { x, y, size, text } => (*x, *y, *size, false, text, true),
            Item::Rule { .. } | Item::Image { .. } => continue,
        };
        let size_changes = size_now != Some(size);
        if size_changes {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            });
        }
        // The stroke that makes bold scales with the size.
        if bold && (size_changes || bold_now != Some(true)) {
            ops.push(Op::SetOutlineThickness {
                pt: Pt(size * BOLD_STROKE),
            });
        }
        if bold_now != Some(bold) {
            let mode = if bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            };
            ops.push(Op::SetTextRenderingMode { mode });
        }
        (size_now, bold_now) = (Some(size), Some(bold));
        let matrix = if turned {
            // A quarter turn to the left: the baseline runs up the page.
            TextMatrix::Raw([0.0, 1.0, -1.0, 0.0, x, y])
        } else {
            TextMatrix::Translate(Pt(x), Pt(y))
        };
        ops.push(Op::SetTextMatrix { matrix });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// 16 bytes that change with anything drawn: two FNV-1a hashes (with different offset bases)
/// over every image and every item's text and coordinates. A document id, not a security measure.
fn content_hash(pages: &[Page], images: &[Jpeg]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            b = (b ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for image in images {
        feed(b"image");
        feed(&image.bytes);
    }
    for page in pages {
        feed(b"page");
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    for v in [x, y, size] {
                        feed(&v.to_bits().to_le_bytes());
                    }
                    feed(&[u8::from(*bold)]);
                    feed(text.as_bytes());
                }
                Item::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    for v in [x1, y1, x2, y2, width] {
                        feed(&v.to_bits().to_le_bytes());
                    }
                }
                Item::TurnedText { x, y, size, text } => {
                    feed(b"turned");
                    for v in [x, y, size] {
                        feed(&v.to_bits().to_le_bytes());
                    }
                    feed(text.as_bytes());
                }
                Item::Image { index, x, y, w, h } => {
                    feed(&index.to_le_bytes());
                    for v in [x, y, w, h] {
                        feed(&v.to_bits().to_le_bytes());
                    }
                }
            }
        }
    }
    let mut id = [0; 16];
    id[..8].copy_from_slice(&a.to_be_bytes());
    id[8..].copy_from_slice(&b.to_be_bytes());
    id
}
