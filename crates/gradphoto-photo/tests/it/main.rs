//! Integration tests of the photo judge: the labelled fixture set, bad input, the public API,
//! ingest renditions.

mod bad_input;
mod decode;
mod export;
mod fixtures;
mod rendition;

use std::sync::{Arc, OnceLock};

use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack};

/// One judge per mode for the whole test binary (loading the models takes a moment).
pub fn judge(mode: ModeChoice) -> Arc<Judge> {
    static JUDGES: OnceLock<[Arc<Judge>; 3]> = OnceLock::new();
    let all = JUDGES.get_or_init(|| {
        let make = |mode| {
            let pack = RulePack::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
            Arc::new(
                Judge::with_options(
                    pack,
                    JudgeOptions {
                        mode,
                        ..Default::default()
                    },
                )
                .unwrap_or_else(|e| panic!("{e}")),
            )
        };
        [
            make(ModeChoice::Auto),
            make(ModeChoice::Final),
            make(ModeChoice::Original),
        ]
    });
    match mode {
        ModeChoice::Auto => all[0].clone(),
        ModeChoice::Final => all[1].clone(),
        ModeChoice::Original => all[2].clone(),
    }
}

pub fn astronaut() -> image::RgbImage {
    image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/astronaut.png"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
    .to_rgb8()
}

/// A camera original, 2400 × 3200, upright, with a little sensor noise.
pub fn camera_frame() -> image::RgbImage {
    let mut img = gradphoto_photo::fixtures::compose(
        &astronaut(),
        &gradphoto_photo::fixtures::Layout {
            width: 2400,
            height: 3200,
            face_width: 660.0,
            eye_y: 1400.0,
            centre_x: 1280.0,
            ..gradphoto_photo::fixtures::Layout::registry()
        },
    );
    gradphoto_photo::fixtures::noise(&mut img, 2.0, &mut gradphoto_photo::fixtures::Rng::new(5));
    img
}

/// The frame as a camera held upright stores it: sideways (3200 × 2400), EXIF orientation 6.
pub fn sideways_jpeg() -> Vec<u8> {
    let stored = image::imageops::rotate270(&camera_frame());
    assert_eq!(stored.dimensions(), (3200, 2400));
    gradphoto_photo::fixtures::with_exif_orientation(
        &gradphoto_photo::fixtures::jpeg(&stored, 90, 72),
        6,
    )
}
