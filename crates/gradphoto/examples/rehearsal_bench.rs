//! What a dress rehearsal costs on one core, as figures (a harness, never a timed test):
//! `cargo run --release -p gradphoto --example rehearsal_bench [-- --runs 20]`.
//!
//! A 12-megapixel phone selfie — the fixture portrait composed at 3000 × 4000 with a blue top
//! against the blue backdrop (so there is advice to give), phone-like sensor noise, JPEG
//! quality 90, stored sideways with EXIF orientation 6 as phones write it — goes through the
//! real `gradphoto_app::rehearsal::rehearse` (decode, judge with the registry pack, advice),
//! `--runs` times, after a first run that loads the face models. The program runs itself again
//! under `taskset -c 0` with a current-thread runtime, so that nothing borrows the second core.
//! Beside it, the same file through the photo crate's `judge_bytes` alone, to show what the
//! application adds (its CPU permit and the advice).

// A benchmark is wiring, like the binary: it runs on the real clock.
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{print_load, rerun_on_one_core};
use gradphoto_app::rehearsal::rehearse;
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::SystemClock;
use gradphoto_photo::fixtures::{self, Layout};

#[path = "common/mod.rs"]
mod common;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(what: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1];
    println!(
        "{what}: {} runs, median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        v.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}

/// The selfie, as a phone's JPEG.
fn selfie() -> Res<Vec<u8>> {
    let src = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../gradphoto-photo/fixtures/astronaut.png"
    ))?
    .to_rgb8();
    let layout = Layout {
        width: 3000,
        height: 4000,
        face_width: 1150.0,
        eye_y: 1700.0,
        centre_x: 1500.0,
        top: [95, 185, 245],
        ..Layout::registry()
    };
    let mut img = fixtures::compose(&src, &layout);
    fixtures::noise(&mut img, 8.0, &mut fixtures::Rng::new(11));
    let sideways = image::imageops::rotate270(&img);
    let mut c = turbojpeg::Compressor::new()?;
    c.set_quality(90)?;
    c.set_subsamp(turbojpeg::Subsamp::Sub2x2)?;
    let w = sideways.width() as usize;
    let jpeg = c.compress_to_vec(turbojpeg::Image {
        pixels: sideways.as_raw().as_slice(),
        width: w,
        pitch: w * 3,
        height: sideways.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    })?;
    Ok(fixtures::with_exif_orientation(&jpeg, 6))
}

fn one_core(runs: usize) -> Res<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let repo =
            gradphoto_store::connect(&format!("sqlite://{}", dir.path().join("r.db").display()))
                .await?;
        let app = App::new(repo, Arc::new(SystemClock), Arc::new(OsRandom));
        let bytes = selfie()?;
        println!(
            "selfie: 3000 × 4000 (stored 4000 × 3000, EXIF orientation 6), {} KB",
            bytes.len() / 1024
        );
        let t = Instant::now();
        let first = rehearse(&app, bytes.clone()).await?;
        println!(
            "first run, face models loaded: {:.0} ms; advice: {}",
            ms(t.elapsed()),
            first
                .advice
                .iter()
                .map(|a| a.rule)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let judge = app.judge().await?;
        let (mut whole, mut bare) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let t = Instant::now();
            rehearse(&app, bytes.clone()).await?;
            whole.push(ms(t.elapsed()));
            let t = Instant::now();
            judge.judge_bytes(&bytes)?;
            bare.push(ms(t.elapsed()));
        }
        summary("rehearse (gradphoto_app), one core", whole);
        summary("judge_bytes (gradphoto_photo) alone, one core", bare);
        Ok(())
    })
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    if args.iter().any(|a| a == "--one-core") {
        return one_core(runs);
    }
    print_load();
    if !rerun_on_one_core(&["--runs".to_owned(), runs.to_string()]) {
        println!("(taskset unavailable: not pinned to one core)");
        one_core(runs)?;
    }
    Ok(())
}
