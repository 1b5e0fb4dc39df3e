//! Draws the pictures of the rules on the student's page: labelled fixtures of the registry
//! pack (what passes, and what a student can get wrong), each judged by the engine and drawn
//! with its annotations (face box, hair-top and eye-line bands, green where a rule passed,
//! red where it failed), 240 px wide, into the web crate's `static/rules/`:
//! `cargo run --release -p gradphoto-photo --example rule_pictures [-- DIR]`.
//! The pictures are committed; run this again when the fixtures or the engine change.

use std::path::PathBuf;

use gradphoto_photo::fixtures;
use gradphoto_photo::{Judge, RulePack, annotate};

/// The fixtures shown, in the page's order.
const SHOWN: [&str; 7] = [
    "good-blue",
    "top-blue",
    "lenses-tinted",
    "lenses-glare",
    "hair-over-brows",
    "eyes-closed",
    "mouth-open",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../gradphoto-web/static/rules").into()
    }));
    std::fs::create_dir_all(&dir)?;
    let src = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/astronaut.png"
    ))?
    .to_rgb8();
    let pack = RulePack::built_in("chsi-2017")?;
    let judge = Judge::new(pack.clone())?;
    let set = fixtures::build(&src, &pack);
    for name in SHOWN {
        let f = set
            .iter()
            .find(|f| f.name == name)
            .ok_or(format!("no fixture {name}"))?;
        let j = judge.inspect(&f.bytes)?;
        let drawn = annotate::preview(&j.image, &j.verdict);
        let small = image::imageops::resize(
            &drawn,
            240,
            240 * drawn.height() / drawn.width(),
            image::imageops::FilterType::Triangle,
        );
        let path = dir.join(format!("{name}.jpg"));
        std::fs::write(&path, annotate::encode_jpeg(&small, 82)?)?;
        println!(
            "{} [{:?}] {}",
            path.display(),
            j.verdict.overall,
            j.verdict.reason.zh
        );
    }
    Ok(())
}
