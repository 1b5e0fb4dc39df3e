//! What the registry package and the print sheets cost, as figures (a harness, never a timed
//! test): `cargo run --release -p gradphoto --example export_bench [-- --students 5000]`.
//!
//! 1. **Seed.** A SQLite database and a disk blob store in a temporary folder: the demo roster
//!    (171 classes, enough students a class for `--students`), every student checked in,
//!    called and photographed with a 24-megapixel camera frame — `--originals` distinct frames
//!    (6000 × 4000 stored with EXIF orientation 6, heavy sensor noise, quality 92, 4:2:2, as
//!    the ingest benchmark makes them) judged by the real `capture::ingest`, then given in turn
//!    to the other students with the same stored verdict (their frame rows pointing at the
//!    shared original, its crop moved by a fraction of a pixel so that each student's files
//!    are their own) — and accepted. The 8 real frames' files are cut ahead at ingest.
//! 2. **One photo, one core** (`taskset -c 0`): per distinct frame, the median of `--reps`
//!    runs of `export::render` to `chsi-2017` (the decode at the smallest DCT scale that keeps
//!    the crop at 480 × 640, the cut, the resize, the quality search into 20–40 KB), of the
//!    decode alone (libjpeg-turbo's scaled decode, the floor no rendition from the original
//!    gets under), of the print image from the original, of both files cut ahead from the
//!    decode ingest made (what each judged frame costs in the background), of the final file's
//!    judging, and of the peers on the same file and core, their process start included:
//!    ImageMagick (`convert -define jpeg:size=…`, orient, resample, crop to 480 × 640,
//!    `-define jpeg:extent=40KB` to meet the window) and `vipsthumbnail --size 480x640
//!    --smartcrop centre` (no window: one encode), when installed (Debian `imagemagick`,
//!    `libvips-tools`).
//! 3. **The whole package**: `export::registry::export_to_file` of every student, each run in
//!    a process of its own so that its peak memory (`VmHWM`) is its own: first with the kept
//!    files removed (every file cut from its original, on two cores), then reading the files
//!    that run kept, as after a campaign whose frames were all cut ahead, on one core
//!    (`taskset -c 0`) and on two.
//! 4. **The print sheets**: `export::prints::prints_to_file` of every student on 6-inch
//!    sheets, on two cores, with its peak memory: the kept images removed first, then again
//!    with the images kept; then the PDF writer alone (`prints_pdf`) on as many students
//!    sharing one cut image.
//!
//! It lives in the binary's crate for the same reason as `ingest_bench`: it needs every layer.

// A benchmark is wiring, like the binary: it runs on the real clock.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gradphoto_app::export::prints::{PrintParams, prints_to_file};
use gradphoto_app::export::registry::export_to_file;
use gradphoto_app::export::{Params, Profile, Selection};
use gradphoto_pdf::{PrintClass, PrintRun, PrintSize, PrintStudent, SheetKind, prints_pdf};
use gradphoto_photo::export::{
    Outcome, print_image, print_image_kept, print_pixels, render, render_kept, scaled_decode,
};
use gradphoto_photo::face::Rect;
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack};
use gradphoto_store::Actor;

#[path = "common/mod.rs"]
mod common;
#[path = "export/store.rs"]
mod store;

use store::{app_in, forget_kept, seed};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn runtime() -> Res<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// The peak resident memory of this process so far, in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The crop the engine proposes for an original, in upright original pixels.
fn crop_of(judge: &Judge, original: &[u8]) -> Res<Rect> {
    let verdict = judge.judge_bytes(original)?;
    let crop = verdict.crop.ok_or("no crop proposed")?;
    let (r, s) = (crop.geometry.region, verdict.work_scale);
    Ok(Rect {
        x: r.x / s,
        y: r.y / s,
        w: r.w / s,
        h: r.h / s,
    })
}

fn timed(reps: usize, mut f: impl FnMut() -> Res<()>) -> Res<f64> {
    let mut t = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        f()?;
        t.push(ms(start.elapsed()));
    }
    Ok(median(t))
}

fn installed(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_tool(tool: &str, args: &[String]) -> Res<()> {
    let out = Command::new(tool).args(args).output()?;
    if !out.status.success() {
        return Err(format!("{tool}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

/// Part 2, pinned to one core by the caller.
fn one_photo(dir: &Path, reps: usize) -> Res<()> {
    let judge = Judge::new(RulePack::built_in("chsi-2017")?)?;
    let profile = Profile::built_in("chsi-2017")?;
    let limits = Default::default();
    let (magick, vips) = (installed("convert"), installed("vipsthumbnail"));
    println!("\n## One photo, one core (median of {reps}; process start included for the peers)\n");
    println!(
        "| original | gradphoto render (q, KB) | scaled decode alone | ratio | print image | both cut ahead from the ingest decode | final judging | ImageMagick (KB) | vipsthumbnail (KB) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut originals: Vec<PathBuf> = std::fs::read_dir(dir.join("originals"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    originals.sort();
    let (mut ours, mut floor, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut cuts, mut aheads, mut finals) = (Vec::new(), Vec::new(), Vec::new());
    let final_judge = Judge::with_options(
        RulePack::built_in("chsi-2017")?,
        JudgeOptions {
            mode: ModeChoice::Final,
            ..Default::default()
        },
    )?;
    for path in &originals {
        let original = std::fs::read(path)?;
        let crop = crop_of(&judge, &original)?;
        let mut made = (0, Vec::new());
        let render_ms = timed(reps, || {
            match render(&original, crop, &profile, &limits)? {
                Outcome::Fitted(r) => made = (r.quality, r.jpeg),
                Outcome::NoFit(why) => return Err(why.en.into()),
            }
            Ok(())
        })?;
        // Cut ahead: both files from the decode ingest made to judge the frame (its decode
        // not timed: ingest pays it anyway; the copy of it each run takes is timed).
        let prepared = gradphoto_photo::prepare(&original, &limits)?;
        let pixels = print_pixels(35.0, 49.0, 300);
        let ahead_ms = timed(reps, || {
            let kept = prepared.kept.clone().upright();
            render_kept(&kept, crop, &profile)?.ok_or("the ingest decode does not serve")?;
            print_image_kept(&kept, crop, pixels, 300)?
                .ok_or("the ingest decode does not serve")?;
            Ok(())
        })?;
        let final_ms = timed(reps, || {
            final_judge.judge_bytes(&made.1)?;
            Ok(())
        })?;
        aheads.push(ahead_ms);
        finals.push(final_ms);
        let decode_ms = timed(reps, || {
            scaled_decode(&original, crop, (480, 640), &limits)?;
            Ok(())
        })?;
        let print_ms = timed(reps, || {
            print_image(&original, crop, pixels, 300, &limits)?;
            Ok(())
        })?;
        cuts.push(print_ms);
        ours.push(render_ms);
        floor.push(decode_ms);
        let out = dir.join("peer.jpg");
        let magick_ms = if magick {
            // The upright frame is 4000 × 6000; resampled so the crop is 480 px wide.
            let k = 480.0 / crop.w;
            let (w, h) = ((4000.0 * k).round(), (6000.0 * k).round());
            let args: Vec<String> = [
                "-define".to_owned(),
                format!("jpeg:size={}x{}", h as u32, w as u32),
                path.display().to_string(),
                "-auto-orient".to_owned(),
                "-resize".to_owned(),
                format!("{w}x{h}!"),
                "-crop".to_owned(),
                format!("480x640+{}+{}", (crop.x * k).round(), (crop.y * k).round()),
                "+repage".to_owned(),
                "-strip".to_owned(),
                "-units".to_owned(),
                "PixelsPerInch".to_owned(),
                "-density".to_owned(),
                "300".to_owned(),
                "-define".to_owned(),
                "jpeg:extent=40KB".to_owned(),
                out.display().to_string(),
            ]
            .into();
            let t = timed(reps.min(5), || run_tool("convert", &args))?;
            theirs.push(t);
            format!(
                "{t:.0} ms ({:.0})",
                std::fs::metadata(&out)?.len() as f64 / 1024.0
            )
        } else {
            "not installed".to_owned()
        };
        let vips_ms = if vips {
            let args = vec![
                path.display().to_string(),
                "--size".to_owned(),
                "480x640".to_owned(),
                "--smartcrop".to_owned(),
                "centre".to_owned(),
                "-o".to_owned(),
                format!("{}[Q=85,strip]", out.display()),
            ];
            let t = timed(reps.min(5), || run_tool("vipsthumbnail", &args))?;
            format!(
                "{t:.0} ms ({:.0})",
                std::fs::metadata(&out)?.len() as f64 / 1024.0
            )
        } else {
            "not installed".to_owned()
        };
        println!(
            "| {} | **{render_ms:.1} ms** (q {}, {:.1}) | {decode_ms:.1} ms | {:.2}× | {print_ms:.1} ms | **{ahead_ms:.1} ms** | {final_ms:.1} ms | {magick_ms} | {vips_ms} |",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            made.0,
            made.1.len() as f64 / 1024.0,
            render_ms / decode_ms,
        );
    }
    let (o, f) = (median(ours), median(floor));
    println!(
        "\nmedian: render {o:.1} ms, scaled decode {f:.1} ms ({:.2}× the decode)",
        o / f
    );
    let (a, j) = (median(aheads), median(finals));
    println!(
        "median: both files cut ahead from the ingest decode {a:.1} ms, the final file judged {j:.1} ms"
    );
    if !theirs.is_empty() {
        let t = median(theirs);
        println!(
            "ImageMagick {t:.0} ms: gradphoto's render from the original is {:.1}× faster, \
             the registry file and the print image cut ahead {:.1}× faster",
            t / o,
            t / a
        );
    }
    Ok(())
}

/// Part 3: the package of every student; `cores` is what the caller pinned it to, `cold`
/// whether the kept files are removed first.
async fn package(dir: &Path, cores: &str, cold: bool) -> Res<()> {
    if cold {
        forget_kept(dir, "registry-")?;
    }
    let app = app_in(dir).await?;
    let params = Params {
        profile: Profile::built_in("chsi-2017")?,
        selection: Selection {
            require_proof: false,
            classes: Vec::new(),
        },
        since: None,
    };
    let out = dir.join(format!("package-{cores}.zip"));
    let start = Instant::now();
    let (summary, _) = export_to_file(&app, &params, &out, &Actor::system("bench"), None).await?;
    let took = start.elapsed();
    let n = summary.exported.max(1);
    let from = if cold {
        "cut from the originals"
    } else {
        "kept (cut ahead)"
    };
    println!(
        "| {from} | {cores} | {} | {} | {:.1} s | **{:.1} ms** | {:.0} MB | **{:.0} MB** |",
        summary.exported,
        summary.left_out.len(),
        took.as_secs_f64(),
        ms(took) / n as f64,
        summary.bytes as f64 / 1_048_576.0,
        peak_mb()
    );
    Ok(())
}

/// Part 4: the print sheets of every student, both cores; `cold`: the kept images removed
/// first.
async fn prints(dir: &Path, cold: bool) -> Res<()> {
    if cold {
        forget_kept(dir, "print-")?;
    }
    let app = app_in(dir).await?;
    let out = dir.join("prints.pdf");
    let start = Instant::now();
    let summary = prints_to_file(&app, &PrintParams::default(), &out).await?;
    let took = start.elapsed();
    let from = if cold {
        "cut from the originals"
    } else {
        "kept (cut ahead, or a reprint)"
    };
    println!(
        "| {from} | {} | {} | {} | **{:.1} s** | {:.1} ms | {:.0} MB | **{:.0} MB** |",
        summary.students,
        summary.classes,
        summary.pages,
        took.as_secs_f64(),
        ms(took) / summary.students.max(1) as f64,
        summary.bytes as f64 / 1_048_576.0,
        peak_mb()
    );
    Ok(())
}

/// Part 5: the PDF writer alone — `students` students (the first original's print image, cut
/// once) laid out, their images embedded and the file written, in one thread.
fn pdf_only(dir: &Path, students: usize) -> Res<()> {
    let judge = Judge::new(RulePack::built_in("chsi-2017")?)?;
    let original = std::fs::read(dir.join("originals").join("0.jpg"))?;
    let crop = crop_of(&judge, &original)?;
    let pixels = print_pixels(35.0, 49.0, 300);
    let image = print_image(&original, crop, pixels, 300, &Default::default())?;
    let classes = (0..171)
        .map(|c| PrintClass {
            code: format!("{}", 190_111 + c),
            college: Some("航空制造工程学院".to_owned()),
            students: (0..students.div_ceil(171))
                .map(|i| PrintStudent {
                    name: "欧阳晓燕".to_owned(),
                    student_no: format!("{}{i:02}", 190_111 + c),
                    class_code: format!("{}", 190_111 + c),
                    jpeg: image.jpeg.clone(),
                    width_px: image.width,
                    height_px: image.height,
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let n: usize = classes.iter().map(|c| c.students.len()).sum();
    let run = PrintRun {
        title: "2023届毕业生图像信息采集".to_owned(),
        sheet: SheetKind::SixInch,
        size: PrintSize::DEFAULT,
        copies: 8,
        classes,
    };
    let start = Instant::now();
    let pdf = prints_pdf(run)?;
    println!(
        "| {n} (the PDF writer alone, one image {:.0} KB each) | {:.1} s | {:.0} MB | {:.0} MB |",
        image.jpeg.len() as f64 / 1024.0,
        start.elapsed().as_secs_f64(),
        pdf.len() as f64 / 1_048_576.0,
        peak_mb()
    );
    Ok(())
}

/// Runs this program again for `part` on `dir`, pinned with taskset when `cpus` is given.
fn child(part: &str, dir: &Path, extra: &[&str], cpus: Option<&str>) -> Res<()> {
    let exe = std::env::current_exe()?;
    let mut cmd = match cpus {
        Some(c) if installed("taskset") => {
            let mut cmd = Command::new("taskset");
            cmd.args(["-c", c]).arg(&exe);
            cmd
        }
        _ => Command::new(&exe),
    };
    let status = cmd
        .args(["--part", part, "--dir"])
        .arg(dir)
        .args(extra)
        .status()?;
    if !status.success() {
        return Err(format!("part {part} failed").into());
    }
    Ok(())
}

fn main() -> Res<()> {
    runtime()?.block_on(run())
}

async fn run() -> Res<()> {
    let part = common::arg("--part", "");
    let dir = PathBuf::from(common::arg("--dir", ""));
    let reps: usize = common::arg("--reps", "7").parse()?;
    match part.as_str() {
        "one-photo" => return one_photo(&dir, reps),
        "package-cold" => return package(&dir, "2 cores", true).await,
        "package-1" => return package(&dir, "1 core", false).await,
        "package-2" => return package(&dir, "2 cores", false).await,
        "prints-cold" => return prints(&dir, true).await,
        "prints" => return prints(&dir, false).await,
        "pdf-only" => {
            let n: usize = common::arg("--students", "5000").parse()?;
            return pdf_only(&dir, n);
        }
        _ => {}
    }
    let students: usize = common::arg("--students", "5000").parse()?;
    let originals: usize = common::arg("--originals", "8").parse()?;
    common::print_load();
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path();
    let start = Instant::now();
    let seeded = seed(dir, students, originals).await?;
    println!(
        "seeded {seeded} students photographed from {originals} distinct 24 MP frames in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    let reps_arg = reps.to_string();
    child("one-photo", dir, &["--reps", &reps_arg], Some("0"))?;
    println!("\n## The whole package (chsi-2017), every student\n");
    println!("| files | cores | exported | left out | wall | per photo | zip | peak memory |");
    println!("|---|---|---|---|---|---|---|---|");
    // First as when nothing was cut ahead (which keeps every file), then as after a campaign
    // whose frames were all cut ahead at ingest.
    child("package-cold", dir, &[], None)?;
    child("package-1", dir, &[], Some("0"))?;
    child("package-2", dir, &[], None)?;
    println!("\n## The print sheets (6-inch, 35 × 49 mm, 8 a student), two cores\n");
    println!("| images | students | classes | pages | wall | per student | PDF | peak memory |");
    println!("|---|---|---|---|---|---|---|---|");
    child("prints-cold", dir, &[], None)?;
    child("prints", dir, &[], None)?;
    println!("\n| students | wall | PDF | peak memory |");
    println!("|---|---|---|---|");
    let n = students.to_string();
    child("pdf-only", dir, &["--students", &n], None)?;
    Ok(())
}
