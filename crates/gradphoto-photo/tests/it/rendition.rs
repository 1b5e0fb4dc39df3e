//! Ingest: one decode gives the judge's working copy and upright renditions of the right
//! sizes; what is not a JPEG or PNG photo, is cut off or claims too many pixels is refused
//! with a message in both languages; judging the prepared copy gives the verdict judging the
//! bytes gives.

use gradphoto_photo::decode::{FileKind, Limits};
use gradphoto_photo::fixtures::{self, BLUE, DARK_SUIT, Layout};
use gradphoto_photo::rendition::{self, Prepared};
use gradphoto_photo::{ModeChoice, PhotoError};

fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    rendition::prepare(bytes, &Limits::default())
}

fn decode_jpeg(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_rgb8()
}

fn close(p: &image::Rgb<u8>, want: [u8; 3], tol: i32) -> bool {
    (0..3).all(|c| (p[c] as i32 - want[c] as i32).abs() <= tol)
}

/// Upright: the blue background at the top, the dark top at the bottom.
fn assert_upright(img: &image::RgbImage, what: &str) {
    let (w, h) = img.dimensions();
    let top = img.get_pixel(w / 2, h / 50);
    let bottom = img.get_pixel(w / 2, h - 1 - h / 50);
    assert!(close(top, BLUE, 12), "{what}: top {top:?}");
    assert!(close(bottom, DARK_SUIT, 12), "{what}: bottom {bottom:?}");
}

#[test]
fn a_sideways_frame_gives_upright_renditions_of_the_right_sizes() {
    let p = prepare(&super::sideways_jpeg()).unwrap_or_else(|e| panic!("{}", e.msg()));
    assert_eq!((p.decoded.info.width, p.decoded.info.height), (3200, 2400));
    assert_eq!(p.decoded.info.upright_size(), (2400, 3200));
    assert_eq!(p.decoded.image.dimensions(), (960, 1280));
    assert!((p.decoded.scale - 0.4).abs() < 1e-6, "{}", p.decoded.scale);
    assert_upright(&p.decoded.image, "working copy");

    for (what, r, size) in [
        ("preview", &p.preview, (960, 1280)),
        ("thumbnail", &p.thumbnail, (240, 320)),
    ] {
        assert_eq!((r.width, r.height), size, "{what}");
        let img = decode_jpeg(&r.jpeg);
        assert_eq!(img.dimensions(), size, "{what}");
        assert_upright(&img, what);
    }
    // Small enough to list and show: the thumbnail a few KB, the preview well under the frame.
    assert!(
        p.thumbnail.jpeg.len() < 40_000,
        "{}",
        p.thumbnail.jpeg.len()
    );
    assert!(p.preview.jpeg.len() < 400_000, "{}", p.preview.jpeg.len());
}

#[test]
fn a_registry_sized_photo_is_not_enlarged() {
    let img = fixtures::compose(&super::astronaut(), &Layout::registry());
    let p = prepare(&fixtures::jpeg(&img, 90, 300)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.preview.width, p.preview.height), (480, 640));
    assert_eq!((p.thumbnail.width, p.thumbnail.height), (240, 320));
    assert_eq!(p.decoded.image.dimensions(), (480, 640));
}

#[test]
fn judging_the_prepared_copy_gives_the_verdict_of_the_bytes() {
    let registry = fixtures::jpeg(
        &fixtures::compose(&super::astronaut(), &Layout::registry()),
        85,
        300,
    );
    for (what, bytes) in [
        ("sideways frame", super::sideways_jpeg()),
        ("registry", registry),
    ] {
        let judge = super::judge(ModeChoice::Auto);
        let p = rendition::prepare(&bytes, &judge.options().limits)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let from_prepared = judge
            .judge_decoded(&p.decoded)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let from_bytes = judge
            .judge_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(from_prepared, from_bytes, "{what}");
        assert_eq!(
            from_bytes.result("face.count").map(|r| r.status),
            Some(gradphoto_photo::Status::Pass),
            "{what}: the face is found, so the frame was measured upright"
        );
    }
}

#[test]
fn a_png_with_alpha_is_taken_and_shown_on_white() {
    let mut img = image::RgbaImage::from_pixel(600, 800, image::Rgba([100, 197, 255, 255]));
    for y in 0..400 {
        for x in 0..600 {
            img.put_pixel(x, y, image::Rgba([0, 0, 0, 0]));
        }
    }
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    let p = prepare(png.get_ref()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.preview.width, p.preview.height), (600, 800));
    assert_eq!((p.thumbnail.width, p.thumbnail.height), (240, 320));
    let preview = decode_jpeg(&p.preview.jpeg);
    assert!(close(preview.get_pixel(300, 100), [255, 255, 255], 4));
    assert!(close(preview.get_pixel(300, 700), BLUE, 6));
}

/// The start of an ISO media file (HEIC, CR3, MP4) of brand `brand`.
fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
    let mut b = vec![0, 0, 0, 0x18];
    b.extend_from_slice(b"ftyp");
    b.extend_from_slice(brand);
    b.extend_from_slice(&[0, 0, 0, 0]);
    b.extend_from_slice(b"mif1heic");
    b.resize(4096, 0);
    b
}

/// A Nikon NEF's start: TIFF, a first directory with the camera's make.
fn nef() -> Vec<u8> {
    let mut b = b"MM\0*\0\0\0\x08\0\x01\x01\x0F\0\x02\0\0\0\x12\0\0\0\x1A\0\0\0\0".to_vec();
    b.extend_from_slice(b"NIKON CORPORATION\0");
    b.resize(4096, 0);
    b
}

#[test]
fn other_formats_are_refused_saying_what_to_do() {
    let cr2 = {
        let mut b = b"II*\0\x10\0\0\0CR\x02\0\0\0\0\0".to_vec();
        b.resize(4096, 0);
        b
    };
    let cases: [(&str, Vec<u8>, FileKind, &str, &str); 7] = [
        (
            "heic",
            ftyp(b"heic"),
            FileKind::Heic,
            "兼容性最佳",
            "Most Compatible",
        ),
        (
            "cr3",
            ftyp(b"crx "),
            FileKind::Raw,
            "设为 JPEG",
            "quality to JPEG",
        ),
        ("cr2", cr2, FileKind::Raw, "设为 JPEG", "quality to JPEG"),
        ("nef", nef(), FileKind::Raw, "RAW", "RAW"),
        (
            "gif",
            b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(),
            FileKind::Gif,
            "另存为 JPEG",
            "Save it as JPEG",
        ),
        (
            "webp",
            b"RIFF\x1a\0\0\0WEBPVP8L".to_vec(),
            FileKind::Webp,
            "另存为 JPEG",
            "Save it as JPEG",
        ),
        (
            "text",
            "学号,姓名\n1901,张三\n".as_bytes().to_vec(),
            FileKind::Text,
            "文本文件",
            "text file",
        ),
    ];
    for (what, bytes, kind, zh, en) in cases {
        match prepare(&bytes) {
            Err(e @ PhotoError::NotAnImage { looks_like }) => {
                assert_eq!(looks_like, kind, "{what}");
                let m = e.msg();
                assert!(
                    m.zh.contains(zh) && m.zh.contains("不是 JPEG"),
                    "{what}: {m}"
                );
                assert!(
                    m.en.contains(en) && m.en.contains("not a JPEG"),
                    "{what}: {m}"
                );
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    assert_eq!(prepare(b"").err(), Some(PhotoError::Empty));
    let small = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        rendition::prepare(&super::sideways_jpeg(), &small),
        Err(PhotoError::TooLarge { limit: 1000, .. })
    ));
}

#[test]
fn a_truncated_jpeg_or_png_is_refused_as_incomplete() {
    let img = fixtures::compose(&super::astronaut(), &Layout::registry());
    let jpeg = fixtures::jpeg(&img, 85, 300);
    let png = fixtures::png(&img);
    for (what, cut) in [
        ("jpeg half", &jpeg[..jpeg.len() / 2]),
        ("jpeg end marker lost", &jpeg[..jpeg.len() - 2]),
        ("png half", &png[..png.len() / 2]),
    ] {
        match prepare(cut) {
            Err(e @ PhotoError::Truncated { .. }) => {
                let m = e.msg();
                assert!(m.zh.contains("不完整"), "{what}: {m}");
                assert!(m.en.contains("incomplete"), "{what}: {m}");
            }
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn a_hundred_megapixel_header_is_refused_before_decoding() {
    // A JPEG header claiming 12,000 × 8,400 and nothing behind it: refused on the count, not
    // as a cut-off file, so nothing was decoded.
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    b.extend_from_slice(&8400u16.to_be_bytes());
    b.extend_from_slice(&12000u16.to_be_bytes());
    b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    match prepare(&b) {
        Err(e @ PhotoError::TooManyPixels { .. }) => {
            let m = e.msg();
            assert!(m.zh.contains("百万像素") && m.en.contains("101 MP"), "{m}");
        }
        other => panic!("{other:?}"),
    }
}
