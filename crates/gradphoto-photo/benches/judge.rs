//! Prints what judging costs and how well it agrees with the labels (a harness, never a
//! timed test): `cargo bench -p gradphoto-photo`.
//!
//! - One photo on one core (the harness runs itself again under `taskset -c 0` for these,
//!   since the JPEG decoder works the colour components on helper threads): a 24-megapixel
//!   camera-like JPEG (4000 × 6000, the fixture portrait composed at that size) with little
//!   detail and with heavy detail — file size is what entropy decoding costs — each judged
//!   end to end (decode at reduced scale, find, measure, verdict), its decode alone, and the
//!   full-size zune-jpeg decode it replaced; and one 480 × 640 registry photo.
//! - Batch throughput of 480 × 640 photos on 1 and 2 threads sharing one judge.
//! - The per-rule agreement table on the labelled fixture set.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use gradphoto_photo::fixtures::{self, Expect, Layout};
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack, Status};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn astronaut() -> Res<image::RgbImage> {
    Ok(image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/astronaut.png"
    ))?
    .to_rgb8())
}

fn registry_photo(src: &image::RgbImage) -> Vec<u8> {
    fixtures::jpeg_within(&fixtures::compose(src, &Layout::registry()), 40)
}

/// What decoding cost before: zune-jpeg at full size, then the shrink to the working copy.
fn zune_full_then_shrink(bytes: &[u8]) {
    use zune_jpeg::zune_core::{
        bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions,
    };
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    if let (Ok(px), Some((w, h))) = (d.decode(), d.dimensions())
        && let Some(img) = image::RgbImage::from_raw(w as u32, h as u32, px)
    {
        let s = 1280.0 / w.max(h) as f32;
        let _ = gradphoto_photo::decode::shrink(
            &img,
            (w as f32 * s).round() as u32,
            (h as f32 * s).round() as u32,
        );
    }
}

/// The one-photo figures; meant to run pinned to one core.
fn one_core(src: &image::RgbImage) -> Res<()> {
    let pack = RulePack::built_in("chsi-2017")?;
    let t = Instant::now();
    let judge = Judge::new(pack)?;
    println!("model load: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

    let cam = Layout {
        width: 4000,
        height: 6000,
        face_width: 1100.0,
        eye_y: 2300.0,
        centre_x: 2000.0,
        ..Layout::registry()
    };
    let composed = fixtures::compose(src, &cam);
    for (what, noise) in [("little detail", 3.0), ("heavy detail", 12.0)] {
        let mut img = composed.clone();
        fixtures::noise(&mut img, noise, &mut fixtures::Rng::new(7));
        let big = fixtures::jpeg(&img, 92, 300);
        drop(img);
        let v = judge.judge_bytes(&big)?;
        println!(
            "24 MP JPEG, {what} ({:.1} MB, q92; judged {:?}): {:.1} ms median of 15",
            big.len() as f64 / 1e6,
            v.overall,
            median_ms(15, || {
                let _ = judge.judge_bytes(&big);
            })
        );
        println!(
            "  decode at reduced scale + shrink (jpeg-decoder): {:.1} ms; full-size decode + shrink (zune-jpeg): {:.1} ms",
            median_ms(15, || {
                let _ = gradphoto_photo::decode::decode(&big, &Default::default());
            }),
            median_ms(15, || zune_full_then_shrink(&big)),
        );
    }
    let small = registry_photo(src);
    println!(
        "480 × 640 JPEG ({} KB): {:.1} ms median of 50",
        small.len() / 1024,
        median_ms(50, || {
            let _ = judge.judge_bytes(&small);
        })
    );
    Ok(())
}

fn main() -> Res<()> {
    let src = astronaut()?;
    if std::env::args().any(|a| a == "--one-core") {
        return one_core(&src);
    }
    println!("## One photo, one core\n");
    let pinned = std::env::current_exe().ok().and_then(|exe| {
        std::process::Command::new("taskset")
            .args(["-c", "0"])
            .arg(exe)
            .arg("--one-core")
            .status()
            .ok()
            .filter(|s| s.success())
    });
    if pinned.is_none() {
        println!("(taskset unavailable: not pinned, helper threads may use a second core)");
        one_core(&src)?;
    }

    println!("\n## Batch\n");
    let pack = RulePack::built_in("chsi-2017")?;
    let judge = Judge::new(pack.clone())?;
    let small = registry_photo(&src);
    let n = 200;
    let mut rates = Vec::new();
    for threads in [1, 2] {
        let next = AtomicUsize::new(0);
        let s = Instant::now();
        std::thread::scope(|sc| {
            for _ in 0..threads {
                sc.spawn(|| {
                    while next.fetch_add(1, Ordering::Relaxed) < n {
                        let _ = judge.judge_bytes(&small);
                    }
                });
            }
        });
        let rate = n as f64 / s.elapsed().as_secs_f64();
        rates.push(rate);
        println!("{n} × 480 × 640 on {threads} thread(s): {rate:.0} photos/s");
    }
    println!(
        "2 threads / 1 thread: {:.2}× ({} cores available)",
        rates[1] / rates[0],
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // Agreement with the labels.
    let judges = [ModeChoice::Final, ModeChoice::Original].map(|mode| {
        Judge::with_options(
            pack.clone(),
            JudgeOptions {
                mode,
                ..Default::default()
            },
        )
    });
    let [Ok(final_judge), Ok(original_judge)] = judges else {
        return Err("cannot load the face models".into());
    };
    let set = fixtures::build(&src, &pack);
    let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for f in &set {
        let j = if f.final_file {
            &final_judge
        } else {
            &original_judge
        };
        let v = j.judge_bytes(&f.bytes)?;
        for (id, e) in &f.labels {
            let flagged = v
                .result(id)
                .is_some_and(|r| matches!(r.status, Status::Warn | Status::Fail));
            let row = table.entry(id.clone()).or_default();
            match (e, flagged) {
                (Expect::Pass, true) => row.1 += 1,
                (Expect::Flag, false) => row.2 += 1,
                _ => row.0 += 1,
            }
        }
    }
    println!(
        "\n## Agreement\n\n{} fixtures; per-rule agreement with the labels:\n",
        set.len()
    );
    println!("| rule | agree | false fail | false pass | agreement |");
    println!("|---|---|---|---|---|");
    let (mut ta, mut tn) = (0, 0);
    for id in pack.rule.iter().map(|r| &r.id) {
        if let Some((a, ff, fp)) = table.get(id) {
            let total = a + ff + fp;
            ta += a;
            tn += total;
            println!(
                "| {id} | {a} | {ff} | {fp} | {:.0} % |",
                100.0 * *a as f64 / total.max(1) as f64
            );
        }
    }
    println!(
        "| all | {ta} | | | {:.1} % |",
        100.0 * ta as f64 / tn.max(1) as f64
    );
    Ok(())
}
