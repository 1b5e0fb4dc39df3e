//! Bad input never panics: each file gets a verdict or a clear error.

use gradphoto_photo::fixtures::{self, Layout};
use gradphoto_photo::{Judge, ModeChoice, PhotoError, Status};

fn good_jpeg() -> Vec<u8> {
    let img = fixtures::compose(&super::astronaut(), &Layout::registry());
    fixtures::jpeg(&img, 85, 300)
}

fn judge() -> std::sync::Arc<Judge> {
    super::judge(ModeChoice::Auto)
}

#[test]
fn the_judge_is_shareable_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Judge>();
}

#[test]
fn a_text_file_is_refused_as_text() {
    match judge().judge_bytes("学号,姓名\n1901,张三\n".as_bytes()) {
        Err(e @ PhotoError::NotAnImage { .. }) => {
            assert!(e.msg().zh.contains("文本文件"), "{}", e.msg())
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(judge().judge_bytes(b"").err(), Some(PhotoError::Empty));
}

#[test]
fn a_truncated_jpeg_is_a_clear_error() {
    let bytes = good_jpeg();
    // Cut inside the image data: incomplete; cut inside the header: damaged.
    for cut in [bytes.len() / 2, bytes.len() - 3, 600] {
        match judge().judge_bytes(&bytes[..cut]) {
            Err(e @ PhotoError::Truncated { .. }) => {
                assert!(e.msg().zh.contains("不完整"), "{}", e.msg())
            }
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    match judge().judge_bytes(&bytes[..20]) {
        Err(PhotoError::Corrupt { .. }) => {}
        other => panic!("cut at 20: {other:?}"),
    }
}

#[test]
fn a_truncated_png_is_a_clear_error() {
    let img = fixtures::compose(&super::astronaut(), &Layout::registry());
    let png = fixtures::png(&img);
    assert!(matches!(
        judge().judge_bytes(&png[..png.len() / 2]),
        Err(PhotoError::Truncated { format: "PNG" })
    ));
}

#[test]
fn a_hundred_megapixel_image_is_refused_before_decoding() {
    // A JPEG header claiming 12,000 × 8,400 with no data behind it.
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    b.extend_from_slice(&8400u16.to_be_bytes());
    b.extend_from_slice(&12000u16.to_be_bytes());
    b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    match judge().judge_bytes(&b) {
        Err(e @ PhotoError::TooManyPixels { .. }) => {
            assert!(e.msg().zh.contains("百万像素"), "{}", e.msg())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn greyscale_alpha_and_16_bit_files_get_a_verdict_naming_the_colour_problem() {
    let img = fixtures::compose(&super::astronaut(), &Layout::registry());
    let dynimg = image::DynamicImage::ImageRgb8(img);
    let encode = |d: image::DynamicImage, f: image::ImageFormat| {
        let mut c = std::io::Cursor::new(Vec::new());
        d.write_to(&mut c, f).unwrap_or_else(|e| panic!("{e}"));
        c.into_inner()
    };
    for (name, bytes) in [
        (
            "grey jpeg",
            encode(
                image::DynamicImage::ImageLuma8(dynimg.to_luma8()),
                image::ImageFormat::Jpeg,
            ),
        ),
        (
            "alpha png",
            encode(
                image::DynamicImage::ImageRgba8(dynimg.to_rgba8()),
                image::ImageFormat::Png,
            ),
        ),
        (
            "16-bit png",
            encode(
                image::DynamicImage::ImageRgb16(dynimg.to_rgb16()),
                image::ImageFormat::Png,
            ),
        ),
        (
            "grey png",
            encode(
                image::DynamicImage::ImageLuma8(dynimg.to_luma8()),
                image::ImageFormat::Png,
            ),
        ),
    ] {
        let v = judge()
            .judge_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let colour = v
            .result("file.colour")
            .unwrap_or_else(|| panic!("{name}: no colour rule"));
        assert_eq!(colour.status, Status::Fail, "{name}");
        assert_eq!(
            v.result("face.count").map(|r| r.status),
            Some(Status::Pass),
            "{name}"
        );
    }
}

#[test]
fn a_cmyk_jpeg_gets_a_verdict() {
    // A 4-component (CMYK, Adobe) JPEG built by hand is beyond the encoders at hand; take the
    // good photo's markers and claim four components: the decoder must fail cleanly or judge.
    let bytes = good_jpeg();
    let mut b = bytes.clone();
    if let Some(i) = b.windows(2).position(|w| w == [0xFF, 0xC0]) {
        b[i + 9] = 4;
    }
    match judge().judge_bytes(&b) {
        Ok(v) => assert_eq!(
            v.result("file.colour").map(|r| r.status),
            Some(Status::Fail)
        ),
        Err(e) => assert!(matches!(e, PhotoError::Corrupt { .. }), "{e:?}"),
    }
}

#[test]
fn no_face_two_faces_cut_off_and_tiny_faces_get_verdicts() {
    let src = super::astronaut();
    let cases = [
        (
            "no face",
            Layout {
                face_width: 0.0001,
                ..Layout::registry()
            },
            "face.count",
        ),
        (
            "cut off",
            Layout {
                centre_x: 10.0,
                ..Layout::registry()
            },
            "",
        ),
        (
            "tiny",
            Layout {
                face_width: 40.0,
                eye_y: 300.0,
                ..Layout::registry()
            },
            "face.width",
        ),
    ];
    for (name, l, rule) in cases {
        let bytes = fixtures::jpeg(&fixtures::compose(&src, &l), 85, 300);
        let v = judge()
            .judge_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.overall, Status::Fail, "{name}: {:#?}", v.results);
        if !rule.is_empty() {
            assert_ne!(
                v.result(rule).map(|r| r.status),
                Some(Status::Pass),
                "{name}"
            );
        }
    }
}
