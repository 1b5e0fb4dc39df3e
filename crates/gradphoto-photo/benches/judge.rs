//! Prints what judging and ingest cost and how well judging agrees with the labels (a
//! harness, never a timed test): `cargo bench -p gradphoto-photo`.
//!
//! - One photo on one core (the harness runs itself again under `taskset -c 0` for these, so
//!   no helper thread of a decoder or peer tool borrows the second core): a 24-megapixel
//!   camera-like JPEG (4000 × 6000, the fixture portrait composed at that size) with little
//!   detail and with heavy detail — file size is what entropy decoding costs —, the heavy one
//!   also with the 4:2:2 chroma subsampling most cameras write, each judged
//!   end to end (decode at reduced scale, find, measure, verdict), its decode alone
//!   (libjpeg-turbo), and the full-size zune-jpeg decode the engine used before DCT scaling;
//!   ingest as a capture station does it (SHA-256 of the file, then `rendition::prepare`:
//!   validate, decode once, thumbnail and preview JPEGs), with and without judging the
//!   prepared copy; and, in the same run, `vipsthumbnail` and ImageMagick making the same
//!   preview when installed (Debian `libvips-tools`, `imagemagick`). Then one 480 × 640
//!   registry photo.
//! - Batch throughput of 480 × 640 photos on 1 and 2 threads sharing one judge.
//! - The per-rule agreement table on the labelled fixture set.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use gradphoto_photo::fixtures::{self, Expect, Layout};
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack, Status, prepare};
use sha2::{Digest, Sha256};

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

/// A JPEG at quality 92 with the chroma subsampling a camera uses (libjpeg-turbo).
fn camera_jpeg(img: &image::RgbImage, subsamp: turbojpeg::Subsamp) -> Res<Vec<u8>> {
    let mut c = turbojpeg::Compressor::new()?;
    c.set_quality(92)?;
    c.set_subsamp(subsamp)?;
    let w = img.width() as usize;
    Ok(c.compress_to_vec(turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: w,
        pitch: w * 3,
        height: img.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    })?)
}

/// The installed peer tools, each as the command that makes the preview of the frame at
/// `input` (long side 1280, quality 85, `size` as displayed) into `output`; a note for each
/// one missing.
fn peer_tools(
    input: &std::path::Path,
    output: &std::path::Path,
    size: (u32, u32),
) -> Vec<(String, Command)> {
    let mut tools = Vec::new();
    let runs = |cmd: &str, arg: &str, says: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(says))
    };
    if runs("vipsthumbnail", "--version", "vips") {
        let mut c = Command::new("vipsthumbnail");
        c.arg(input)
            .args(["--size", "1280"])
            .arg("-o")
            .arg(format!("{}[Q=85]", output.display()));
        tools.push(("vipsthumbnail --size 1280".to_owned(), c));
    } else {
        println!("  (vipsthumbnail not installed: `apt-get install libvips-tools` to compare)");
    }
    // `magick` is ImageMagick 7; Debian 12 ships 6, whose command is `convert`.
    let magick = ["magick", "convert"]
        .into_iter()
        .find(|m| runs(m, "-version", "ImageMagick"));
    if let Some(m) = magick {
        // The size hint lets libjpeg decode at reduced DCT scale: twice the output, as
        // ImageMagick's documentation suggests for a good thumbnail.
        let hint = format!("jpeg:size={}x{}", size.0 * 2, size.1 * 2);
        let mut c = Command::new(m);
        c.args(["-define", &hint])
            .arg(input)
            .args(["-auto-orient", "-thumbnail", "1280x1280", "-quality", "85"])
            .arg(output);
        tools.push((
            format!("ImageMagick `{m} -define {hint} -thumbnail 1280x1280`"),
            c,
        ));
    } else {
        println!("  (ImageMagick not installed: `apt-get install imagemagick` to compare)");
    }
    tools
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
    // The fixture encoder (`image`) writes 4:4:4; cameras mostly write 4:2:2, whose files of
    // the same pixels are smaller and decode faster. Both, so neither flatters.
    let cases = [
        ("little detail", 3.0, None),
        ("heavy detail", 12.0, None),
        ("heavy detail", 12.0, Some(turbojpeg::Subsamp::Sub2x1)),
    ];
    for (what, noise, subsamp) in cases {
        let mut img = composed.clone();
        fixtures::noise(&mut img, noise, &mut fixtures::Rng::new(7));
        let (big, sampling) = match subsamp {
            None => (fixtures::jpeg(&img, 92, 300), "4:4:4"),
            Some(ss) => (camera_jpeg(&img, ss)?, "4:2:2 as cameras write"),
        };
        drop(img);
        let v = judge.judge_bytes(&big)?;
        println!(
            "24 MP JPEG, {what} ({:.1} MB, q92 {sampling}; judged {:?}): {:.1} ms median of 15",
            big.len() as f64 / 1e6,
            v.overall,
            median_ms(15, || {
                let _ = judge.judge_bytes(&big);
            })
        );
        println!(
            "  decode at reduced scale + shrink (libjpeg-turbo): {:.1} ms; full-size decode + shrink (zune-jpeg): {:.1} ms",
            median_ms(15, || {
                let _ = gradphoto_photo::decode::decode(&big, &Default::default());
            }),
            median_ms(15, || zune_full_then_shrink(&big)),
        );
        ingest(&judge, &big)?;
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

/// Ingest of one frame as a capture station does it, and the peer tools on the same file.
fn ingest(judge: &Judge, frame: &[u8]) -> Res<()> {
    let limits = judge.options().limits;
    let sha = median_ms(15, || {
        let _ = Sha256::digest(frame);
    });
    let prepared = prepare(frame, &limits)?;
    let ingest = median_ms(15, || {
        let _ = Sha256::digest(frame);
        let _ = prepare(frame, &limits);
    });
    let with_judging = median_ms(15, || {
        let _ = Sha256::digest(frame);
        if let Ok(p) = prepare(frame, &limits) {
            let _ = judge.judge_decoded(&p.decoded);
        }
    });
    println!(
        "  ingest, SHA-256 + prepare (validate, decode once, {}×{} thumbnail {} KB, {}×{} preview {} KB): {ingest:.1} ms (SHA-256 alone {sha:.1} ms); with judge_decoded: {with_judging:.1} ms",
        prepared.thumbnail.width,
        prepared.thumbnail.height,
        prepared.thumbnail.jpeg.len() / 1024,
        prepared.preview.width,
        prepared.preview.height,
        prepared.preview.jpeg.len() / 1024,
    );

    let dir = std::env::temp_dir().join(format!("gradphoto-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (input, output) = (dir.join("frame.jpg"), dir.join("preview.jpg"));
    std::fs::write(&input, frame)?;
    let size = (prepared.preview.width, prepared.preview.height);
    for (name, mut cmd) in peer_tools(&input, &output, size) {
        let ok = cmd.output().is_ok_and(|o| o.status.success());
        if !ok {
            println!("  {name}: failed, not timed");
            continue;
        }
        let ms = median_ms(7, || {
            let _ = cmd.output();
        });
        println!("  peer, preview only (process start included): {name}: {ms:.1} ms");
    }
    let _ = std::fs::remove_dir_all(&dir);
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
