//! Writes the labelled fixture set (and each photo's annotated preview) to a directory, and
//! prints every verdict against its labels:
//! `cargo run --release -p gradphoto-photo --example write_fixtures -- target/fixtures`.

use std::path::PathBuf;

use gradphoto_photo::fixtures::{self, Expect};
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack, Status, annotate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/fixtures".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let src = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/astronaut.png"
    ))?
    .to_rgb8();
    let pack = RulePack::built_in("chsi-2017")?;
    let set = fixtures::build(&src, &pack);
    for f in &set {
        let ext = if f.bytes.starts_with(b"\x89PNG") {
            "png"
        } else {
            "jpg"
        };
        std::fs::write(dir.join(format!("{}.{ext}", f.name)), &f.bytes)?;
        let mode = if f.final_file {
            ModeChoice::Final
        } else {
            ModeChoice::Original
        };
        let judge = Judge::with_options(
            pack.clone(),
            JudgeOptions {
                mode,
                ..Default::default()
            },
        )?;
        match judge.inspect(&f.bytes) {
            Ok(j) => {
                std::fs::write(
                    dir.join(format!("{}.preview.jpg", f.name)),
                    annotate::encode_jpeg(&annotate::preview(&j.image, &j.verdict), 85)?,
                )?;
                println!(
                    "{} [{:?}] {} ({} KB)",
                    f.name,
                    j.verdict.overall,
                    j.verdict.reason.zh,
                    f.bytes.len() / 1024
                );
                for r in &j.verdict.results {
                    let label = f.labels.iter().find(|(id, _)| id == &r.id).map(|(_, e)| *e);
                    let flagged = matches!(r.status, Status::Warn | Status::Fail);
                    let mark = match label {
                        Some(Expect::Flag) if !flagged => "  <-- FALSE PASS",
                        Some(Expect::Pass) if flagged => "  <-- FALSE FAIL",
                        None => "  (unlabelled)",
                        _ => "",
                    };
                    println!(
                        "    {:20} {:5} {:>14} [{}]{mark}",
                        r.id,
                        r.status.en(),
                        r.shown,
                        r.range
                    );
                }
            }
            Err(e) => println!("{}: error {e}", f.name),
        }
    }
    Ok(())
}
