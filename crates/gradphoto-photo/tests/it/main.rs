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
