//! Face photos for the end-to-end tests, composed from the photo crate's real portrait
//! (scikit-image's astronaut), each person in a layout and noise of their own so that every
//! file differs and the test knows whose face is in which.

use gradphoto_photo::fixtures::{self, Background, Layout, Rng};

/// The portrait the photos are made of.
pub fn portrait() -> image::RgbImage {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gradphoto-photo/fixtures/astronaut.png"
    );
    image::open(path).unwrap().to_rgb8()
}

fn layout_of(who: u64, scale: f32) -> Layout {
    let r = Layout::registry();
    Layout {
        width: (r.width as f32 * scale) as u32,
        height: (r.height as f32 * scale) as u32,
        face_width: (r.face_width + ((who / 7) % 10) as f32) * scale,
        eye_y: r.eye_y * scale,
        centre_x: (r.centre_x + (who % 7) as f32 - 3.0) * scale,
        bg: Background::Solid([100, 197 - (who % 5) as u8, 255]),
        ..r
    }
}

/// A registry-size photo (480 × 640) of person `who`.
pub fn face_photo(src: &image::RgbImage, who: u64) -> Vec<u8> {
    let mut img = fixtures::compose(src, &layout_of(who, 1.0));
    fixtures::noise(&mut img, 2.0, &mut Rng::new(who + 1));
    fixtures::jpeg(&img, 90, 300)
}

/// A camera-size frame of person `who` (2400 × 3200, sensor-like noise, quality 92): a file
/// of several megabytes, as a station receives.
pub fn camera_photo(src: &image::RgbImage, who: u64) -> Vec<u8> {
    let mut img = fixtures::compose(src, &layout_of(who, 5.0));
    fixtures::noise(&mut img, 12.0, &mut Rng::new(who + 1));
    fixtures::jpeg(&img, 92, 300)
}
