//! The print sheets, measured from the PDF itself: the page size, where every print is and how
//! large (within 0.2 mm), that the cut marks stand at every cut and never on a print, the
//! images' resolution at print size as poppler's `pdfimages` reports it, and the Chinese of the
//! labels and covers as `pdftotext` reads it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gradphoto_pdf::{PrintClass, PrintRun, PrintSize, PrintStudent, SheetKind, prints_pdf};
use lopdf::{Document, Object};

use crate::poppler;

const MM: f32 = 25.4 / 72.0;
const TOLERANCE_MM: f32 = 0.2;

/// A baseline JPEG of a print's pixels (a gradient, so it is not one flat colour).
fn jpeg(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([shade, (x * 255 / w) as u8, (y * 255 / h) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

fn student(name: &str, no: &str, class: &str, shade: u8) -> PrintStudent {
    // 35 × 49 mm at 300 dpi, rounded up.
    PrintStudent {
        name: name.to_owned(),
        student_no: no.to_owned(),
        class_code: class.to_owned(),
        jpeg: jpeg(414, 579, shade),
        width_px: 414,
        height_px: 579,
    }
}

fn run(sheet: SheetKind) -> PrintRun {
    PrintRun {
        title: "2023届毕业生图像信息采集".to_owned(),
        sheet,
        size: PrintSize::DEFAULT,
        copies: 8,
        classes: vec![
            PrintClass {
                code: "190111".to_owned(),
                college: Some("航空制造工程学院".to_owned()),
                students: vec![
                    student("李明", "2019001", "190111", 10),
                    student("王芳", "2019002", "190111", 200),
                ],
            },
            PrintClass {
                code: "190211".to_owned(),
                college: Some("信息工程学院".to_owned()),
                students: vec![student("欧阳晓燕", "2019101", "190211", 120)],
            },
        ],
    }
}

/// A page as measured: its size, the images drawn (x, y, w, h in mm, lower-left corner) and
/// the straight lines (x1, y1, x2, y2 in mm).
struct Measured {
    size: (f32, f32),
    images: Vec<(f32, f32, f32, f32)>,
    lines: Vec<(f32, f32, f32, f32)>,
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

fn measure(pdf: &[u8]) -> Vec<Measured> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let size = (number(&media[2]) * MM, number(&media[3]) * MM);
        let content = doc.get_and_decode_page_content(id).unwrap();
        let (mut images, mut lines) = (Vec::new(), Vec::new());
        let mut cm: Option<Vec<f32>> = None;
        let mut from: Option<(f32, f32)> = None;
        for op in &content.operations {
            let args: Vec<f32> = op
                .operands
                .iter()
                .filter(|o| matches!(o, Object::Integer(_) | Object::Real(_)))
                .map(number)
                .collect();
            match op.operator.as_str() {
                "cm" => cm = Some(args),
                "Do" => {
                    let m = cm.take().expect("an image is placed by its own matrix");
                    // An upright image: [w 0 0 h x y].
                    assert!(m[1].abs() < 1e-3 && m[2].abs() < 1e-3, "{m:?}");
                    images.push((m[4] * MM, m[5] * MM, m[0] * MM, m[3] * MM));
                }
                "m" => from = Some((args[0] * MM, args[1] * MM)),
                "l" => {
                    let (x1, y1) = from.take().unwrap();
                    lines.push((x1, y1, args[0] * MM, args[1] * MM));
                }
                _ => {}
            }
        }
        out.push(Measured {
            size,
            images,
            lines,
        });
    }
    out
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() <= TOLERANCE_MM
}

#[test]
fn six_inch_sheets_hold_eight_prints_each_with_cut_marks() {
    let pdf = prints_pdf(run(SheetKind::SixInch)).unwrap();
    let pages = measure(&pdf);
    // Cover, two sheets; cover, one sheet.
    assert_eq!(pages.len(), 5);
    for page in &pages {
        assert!(
            near(page.size.0, 152.0) && near(page.size.1, 102.0),
            "{:?}",
            page.size
        );
    }
    let covers: Vec<usize> = (0..5).filter(|&i| pages[i].images.is_empty()).collect();
    assert_eq!(covers, [0, 3]);
    for &i in &[1, 2, 4] {
        let p = &pages[i];
        assert_eq!(p.images.len(), 8, "page {i}");
        for &(x, y, w, h) in &p.images {
            assert!(near(w, 35.0) && near(h, 49.0), "print {w} × {h}");
            assert!(x >= 0.0 && y >= 0.0 && x + w <= 152.0 && y + h <= 102.0);
        }
        // 4 across × 2 down, edge to edge: a 140 × 98 block.
        let mut xs: Vec<f32> = p.images.iter().map(|i| i.0).collect();
        let mut ys: Vec<f32> = p.images.iter().map(|i| i.1).collect();
        xs.sort_by(f32::total_cmp);
        ys.sort_by(f32::total_cmp);
        xs.dedup_by(|a, b| near(*a, *b));
        ys.dedup_by(|a, b| near(*a, *b));
        assert_eq!((xs.len(), ys.len()), (4, 2));
        for pair in xs.windows(2) {
            assert!(near(pair[1] - pair[0], 35.0), "{xs:?}");
        }
        assert!(near(ys[1] - ys[0], 49.0), "{ys:?}");
        assert!(near(xs[3] + 35.0 - xs[0], 140.0) && near(ys[1] + 49.0 - ys[0], 98.0));
        // A mark at every cut, none on a print.
        for x in xs.iter().copied().chain([xs[3] + 35.0]) {
            assert!(
                p.lines.iter().any(|l| near(l.0, x) && near(l.2, x)),
                "no mark at x = {x}"
            );
        }
        for y in ys.iter().copied().chain([ys[1] + 49.0]) {
            assert!(
                p.lines.iter().any(|l| near(l.1, y) && near(l.3, y)),
                "no mark at y = {y}"
            );
        }
        for &(x1, y1, x2, y2) in &p.lines {
            for &(x, y, w, h) in &p.images {
                let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
                let inside =
                    mx > x + 0.01 && mx < x + w - 0.01 && my > y + 0.01 && my < y + h - 0.01;
                assert!(!inside, "a mark at {mx}, {my} is on a print");
            }
        }
    }

    // Resolution at print size, by poppler: every placement of every image at 300 ppi or more.
    let list = poppler::image_list(&pdf);
    assert_eq!(list.len(), 24, "{list:?}");
    for (enc, x_ppi, y_ppi) in &list {
        assert_eq!(enc, "jpeg");
        assert!(*x_ppi >= 300 && *y_ppi >= 300, "{x_ppi} × {y_ppi} ppi");
    }

    // The labels and covers, in Chinese, as a reader extracts them.
    let text = poppler::pages_text_raw(&pdf);
    assert!(
        text[0].contains("班级 190111") && text[0].contains("共 2 人"),
        "{}",
        text[0]
    );
    assert!(text[0].contains("航空制造工程学院"), "{}", text[0]);
    assert!(
        text[1].contains("李明") && text[1].contains("2019001") && text[1].contains("190111"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("王芳") && text[2].contains("2019002"),
        "{}",
        text[2]
    );
    assert!(text[4].contains("欧阳晓燕"), "{}", text[4]);
    // The same run gives the same bytes.
    assert_eq!(prints_pdf(run(SheetKind::SixInch)).unwrap(), pdf);
}

#[test]
fn five_inch_and_a4_sheets() {
    let five = measure(&prints_pdf(run(SheetKind::FiveInch)).unwrap());
    // Each student's eight prints on two 4-up sheets, after each class's cover.
    assert_eq!(five.len(), 1 + 4 + 1 + 2);
    for p in five.iter().filter(|p| !p.images.is_empty()) {
        assert!(near(p.size.0, 89.0) && near(p.size.1, 127.0));
        assert_eq!(p.images.len(), 4);
        for &(_, _, w, h) in &p.images {
            assert!(near(w, 35.0) && near(h, 49.0));
        }
    }
    let pdf = prints_pdf(run(SheetKind::A4)).unwrap();
    let a4 = measure(&pdf);
    // Two students of 190111 share a page; 190211's one has its own.
    assert_eq!(a4.len(), 4);
    assert_eq!(a4[1].images.len(), 16);
    assert!(near(a4[1].size.0, 210.0) && near(a4[1].size.1, 297.0));
    let text = poppler::pages_text_raw(&pdf);
    assert!(
        text[1].contains("李明 2019001") && text[1].contains("王芳 2019002"),
        "{}",
        text[1]
    );
}

#[test]
fn a_name_the_font_cannot_draw_is_named() {
    let mut r = run(SheetKind::SixInch);
    r.classes[0].students[0].name = "李\u{E000}".to_owned();
    let err = prints_pdf(r).unwrap_err().to_string();
    assert!(err.contains("U+E000"), "{err}");
}

#[test]
fn another_photo_gives_another_document_id() {
    let id = |pdf: &[u8]| {
        let doc = Document::load_mem(pdf).unwrap();
        format!("{:?}", doc.trailer.get(b"ID").unwrap())
    };
    let first = prints_pdf(run(SheetKind::SixInch)).unwrap();
    let mut other = run(SheetKind::SixInch);
    other.classes[0].students[0].jpeg = jpeg(414, 579, 99);
    let second = prints_pdf(other).unwrap();
    assert_ne!(id(&first), id(&second));
    assert_eq!(
        id(&first),
        id(&prints_pdf(run(SheetKind::SixInch)).unwrap())
    );
}
