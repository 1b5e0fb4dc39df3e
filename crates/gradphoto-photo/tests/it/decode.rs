//! Camera frames at least twice the working size are decoded at reduced scale (the DCT scaled);
//! what is measured on them must not change.

use gradphoto_photo::decode::{self, ColourType, Limits};
use gradphoto_photo::fixtures::{self, Layout};
use gradphoto_photo::{ModeChoice, Status};

/// The `original-good` fixture's frame at twice the size: 2400 × 3200.
fn camera_frame() -> Layout {
    Layout {
        width: 2400,
        height: 3200,
        face_width: 660.0,
        eye_y: 1400.0,
        centre_x: 1280.0,
        ..Layout::registry()
    }
}

#[test]
fn a_large_frame_is_decoded_reduced_to_the_working_size() {
    let img = fixtures::compose(&super::astronaut(), &camera_frame());
    let d = decode::decode(&fixtures::jpeg(&img, 90, 72), &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((d.info.width, d.info.height), (2400, 3200));
    assert_eq!(d.image.dimensions(), (960, 1280));
    assert!((d.scale - 0.4).abs() < 1e-6, "{}", d.scale);
    assert_eq!(d.info.colour, ColourType::Rgb8);

    // Greyscale takes the same path.
    let grey = image::DynamicImage::ImageRgb8(img).to_luma8();
    let mut buf = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 85)
        .encode_image(&grey)
        .unwrap_or_else(|e| panic!("{e}"));
    let g = decode::decode(buf.get_ref(), &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.image.dimensions(), (960, 1280));
    assert_eq!(g.info.colour, ColourType::Grey);
    let p = g.image.get_pixel(480, 640);
    assert!(p[0] == p[1] && p[1] == p[2], "{p:?}");
}

#[test]
fn a_large_frame_gets_the_crop_the_export_would_make() {
    let mut img = fixtures::compose(&super::astronaut(), &camera_frame());
    fixtures::noise(&mut img, 2.0, &mut fixtures::Rng::new(5));
    let v = super::judge(ModeChoice::Original)
        .judge_bytes(&fixtures::jpeg(&img, 90, 72))
        .unwrap_or_else(|e| panic!("{e}"));
    for id in [
        "face.count",
        "crop.resolution",
        "crop.possible",
        "head.top",
        "eyes.line",
        "face.width",
        "face.centred",
    ] {
        let r = v.result(id).unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(r.status, Status::Pass, "{id}: {} [{}]", r.shown, r.range);
    }
    // The crop is measured in the file's pixels: about 660 / 200 × 480 wide.
    let crop = v.crop.as_ref().unwrap_or_else(|| panic!("no crop"));
    assert!(
        (1300.0..1900.0).contains(&crop.source_width),
        "{}",
        crop.source_width
    );
}
