//! What a capture station's frame costs, as figures (a harness, never a timed test):
//! `cargo run --release -p gradphoto --example ingest_bench [-- --frames 20 --hot-runs 20]`.
//!
//! 1. **Ingest on one core.** 24-megapixel camera JPEGs — 6000 × 4000 stored with EXIF
//!    orientation 6 (a camera turned for a portrait), the fixture portrait with heavy sensor
//!    noise, quality 92, 4:2:2 as cameras write — each a few pixels different so every hash
//!    differs, go one at a time through the real `gradphoto_app::capture::ingest` on a SQLite
//!    database and a disk blob store in a temporary folder (fsync and all). Then as many other
//!    frames go through the same stages timed one by one: SHA-256, prepare (validate, decode once,
//!    thumbnail, preview), judge, the blob writes, the database row. The program runs itself
//!    again under `taskset -c 0` for this part, with a current-thread runtime, so neither the
//!    blocking pool nor a helper thread of a library borrows the second core.
//! 2. **Peers on the same file, same core**: `vipsthumbnail` and ImageMagick making the same
//!    two renditions (long side 1280 and 320), when installed (Debian `libvips-tools`,
//!    `imagemagick`).
//! 3. **Hot folder latency.** The stations' watcher as `gradphoto serve` runs it (`watch_all`,
//!    default `WatchOptions`, multi-thread runtime, both cores): a 24 MP frame is written into
//!    a station's hot folder while a ticket is called, and the time from the file being closed
//!    until its frame row exists is measured, polling the database every 10 ms.
//!
//! The example lives in the binary's crate because it needs every layer at once (store, web,
//! photo) and the demo roster, as `load_checkins` does; a `[[bench]]` in gradphoto-web would
//! need the same dev-dependencies there, and `cargo bench` would build it with the test profile
//! settings of that crate for no gain.

// A benchmark is wiring, like the binary: it runs on the real clock.
#![allow(clippy::disallowed_methods)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use gradphoto::demo::roster::roster_csv;
use gradphoto_app::capture::hot_folders::watch_all;
use gradphoto_app::capture::{Arrival, ingest};
use gradphoto_app::hot_folder::WatchOptions;
use gradphoto_app::roster::import_roster;
use gradphoto_app::{App, Capture, OsRandom, Shutdown};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{
    CredentialKind, FrameSource, FrameVerdict, NewCampaign, StationId, SystemClock, TicketId,
};
use gradphoto_photo::{Status, prepare};
use gradphoto_store::{Actor, BlobKey, DiskBlobStore, IssueRequest, NewFrame, StationAction};
use hyper::body::Bytes;

#[path = "common/mod.rs"]
mod common;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value below which `p` of the sorted figures lie (nearest rank).
fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// A SQLite database and a disk blob store in `dir`, the demo roster (one student per class),
/// a venue with one station, and a student checked in and called there.
struct Venue {
    app: App,
    station: StationId,
    ticket: TicketId,
}

async fn venue(dir: &Path) -> Res<Venue> {
    let repo =
        gradphoto_store::connect(&format!("sqlite://{}", dir.join("bench.db").display())).await?;
    let actor = Actor::system("bench");
    let now = Utc::now();
    let new = NewCampaign::parse(2023, None, None, None).map_err(|m| format!("{m:?}"))?;
    let campaign = repo.create_campaign(&new, &actor, now).await?;
    let csv = roster_csv(1, 2023);
    let app = App::new(repo.clone(), Arc::new(SystemClock), Arc::new(OsRandom));
    let report = import_roster(
        &app,
        campaign.id,
        csv.as_bytes(),
        "roster.csv",
        false,
        &actor,
    )
    .await?;
    if !report.problems.is_empty() {
        return Err("the demo roster did not import".into());
    }
    let v = repo
        .create_venue(campaign.id, "大学生事务中心", &actor, now)
        .await?;
    let station = repo.create_station(v.id, "1号机位", &actor, now).await?;
    let student = repo.students(campaign.id).await?.remove(0);
    let issued = repo
        .issue_ticket(
            &IssueRequest {
                venue_id: v.id,
                day: shooting_day(now),
                student_id: student.id,
                credential: CredentialKind::StudentNo,
                proof_hash: "0".repeat(64),
                chip_photo: None,
                reissue_reason: None,
                name_mismatch: None,
                outside_slot: None,
            },
            &actor,
            now,
        )
        .await?;
    let called = repo
        .station_action(station.id, &StationAction::CallNext, &actor, now)
        .await?
        .ok_or("nobody to call")?;
    assert_eq!(called.id, issued.ticket.id);
    let blobs = DiskBlobStore::open(dir.join("blobs")).await?;
    let capture = Capture::new(Arc::new(blobs), dir.join("hot-folders"));
    Ok(Venue {
        app: app.with_capture(capture),
        station: station.id,
        ticket: called.id,
    })
}

fn upload(v: &Venue, bytes: Vec<u8>) -> Arrival {
    Arrival {
        station: v.station,
        source: FrameSource::Upload,
        name: Some("IMG_0001.JPG".to_owned()),
        bytes: Bytes::from(bytes),
        key: None,
        arrived_at: v.app.now(),
        expected_ticket: Some(v.ticket),
    }
}

/// One frame's stages, timed one by one, done as `capture::ingest` does them.
#[derive(Default)]
struct Stages {
    sha: f64,
    prepare: f64,
    judge: f64,
    put_original: f64,
    put_renditions: f64,
    record: f64,
}

async fn stages(v: &Venue, bytes: Vec<u8>) -> Res<Stages> {
    let capture = v.app.capture()?;
    let judge = v.app.judge().await?;
    let mut s = Stages::default();
    let bytes = Bytes::from(bytes);

    let t = Instant::now();
    let key = BlobKey::of(&bytes);
    s.sha = ms(t.elapsed());

    let (prepared, verdict, prepare_ms, judge_ms) = tokio::task::spawn_blocking({
        let (judge, bytes) = (judge.clone(), bytes.clone());
        move || -> Result<_, gradphoto_photo::PhotoError> {
            let t = Instant::now();
            let p = prepare(&bytes, &judge.options().limits)?;
            let prepare_ms = ms(t.elapsed());
            let t = Instant::now();
            let v = judge.judge_decoded(&p.decoded)?;
            Ok((p, v, prepare_ms, ms(t.elapsed())))
        }
    })
    .await??;
    s.prepare = prepare_ms;
    s.judge = judge_ms;

    let t = Instant::now();
    let stored = capture.blobs.put(bytes.clone()).await?;
    s.put_original = ms(t.elapsed());
    assert_eq!(stored, key);
    let t = Instant::now();
    let thumb = capture
        .blobs
        .put_rendition(&key, "thumb.jpg", Bytes::from(prepared.thumbnail.jpeg))
        .await?;
    let preview = capture
        .blobs
        .put_rendition(&key, "preview.jpg", Bytes::from(prepared.preview.jpeg))
        .await?;
    s.put_renditions = ms(t.elapsed());

    let (width, height) = prepared.decoded.info.upright_size();
    let overall = match verdict.overall {
        Status::Pass | Status::Skip => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
    };
    let summary = FrameVerdict {
        pack: judge.pack().id.clone(),
        overall: overall.to_owned(),
        reason: verdict.reason.clone(),
    };
    let frame = NewFrame {
        station_id: v.station,
        source: FrameSource::Upload,
        sha256: key.hash_hex().to_owned(),
        blob_key: key.as_str().to_owned(),
        thumb_key: thumb.as_str().to_owned(),
        preview_key: preview.as_str().to_owned(),
        original_name: Some("IMG_0002.JPG".to_owned()),
        bytes: bytes.len() as i64,
        width,
        height,
        arrived_at: v.app.now(),
        expected_ticket: Some(v.ticket),
        verdict: Some((summary, serde_json::to_value(&verdict)?)),
    };
    let t = Instant::now();
    v.app
        .repo
        .record_frame(&frame, &Actor::system("bench"), v.app.now())
        .await?;
    s.record = ms(t.elapsed());
    Ok(s)
}

fn row(what: &str, figures: Vec<f64>) {
    let s = sorted(figures);
    println!(
        "| {what} | {:.1} | {:.1} | {:.1} |",
        pct(&s, 0.5),
        pct(&s, 0.95),
        s[s.len() - 1]
    );
}

/// Part 1 and 2, meant to run pinned to one core.
fn one_core(n: usize) -> Res<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let v = venue(dir.path()).await?;
        let frames = common::Frames::new()?;
        let first = frames.frame(0)?;
        let t = Instant::now();
        v.app.judge().await?;
        println!("face models loaded in {:.0} ms", ms(t.elapsed()));
        // Warm-up: the first frame creates the store's folders and the database's pages.
        ingest(&v.app, upload(&v, first.clone()), &Actor::system("bench")).await?;

        // Made beforehand (encoding one takes longer than ingesting it, and would evict the
        // caches between runs), then alternated, so that whatever else the machine does weighs
        // on both figures alike.
        let mut made = Vec::new();
        for i in 0..n as u32 {
            made.push((frames.frame(1 + i)?, frames.frame(1000 + i)?));
        }
        let (mut whole, mut all) = (Vec::new(), Vec::new());
        for (for_ingest, for_stages) in made {
            let t = Instant::now();
            ingest(&v.app, upload(&v, for_ingest), &Actor::system("bench")).await?;
            whole.push(ms(t.elapsed()));
            all.push(stages(&v, for_stages).await?);
        }
        let info = prepare(&first, &Default::default())?;
        println!(
            "\n## Ingest of one 24 MP camera JPEG on one core ({:.1} MB, 6000 × 4000 stored, EXIF \
             orientation 6, q92 4:2:2; thumbnail {}×{}, preview {}×{}); {n} frames each\n",
            first.len() as f64 / 1e6,
            info.thumbnail.width,
            info.thumbnail.height,
            info.preview.width,
            info.preview.height,
        );
        println!("| stage | median ms | p95 ms | max ms |");
        println!("|---|---|---|---|");
        let col = |f: fn(&Stages) -> f64| all.iter().map(f).collect::<Vec<_>>();
        row("SHA-256 of the file", col(|s| s.sha));
        row(
            "prepare: validate, decode once (DCT-scaled), thumbnail + preview JPEGs",
            col(|s| s.prepare),
        );
        row(
            "judge (`judge_decoded` on the prepared copy)",
            col(|s| s.judge),
        );
        row(
            "store the original: `put` (its SHA-256, write, fsync, rename, fsync folder)",
            col(|s| s.put_original),
        );
        row(
            "store thumbnail + preview (write, fsync each)",
            col(|s| s.put_renditions),
        );
        row(
            "database row with verdict (`record_frame`, SQLite)",
            col(|s| s.record),
        );
        row(
            "**hash + store + thumbnail + preview** (prepare + both puts; target < 300)",
            col(|s| s.prepare + s.put_original + s.put_renditions),
        );
        row(
            "all stages (hash + store + renditions + judge + row)",
            col(|s| s.prepare + s.put_original + s.put_renditions + s.judge + s.record),
        );
        row(
            "`capture::ingest` end to end (other frames, same work)",
            whole,
        );
        peers(&first, dir.path())?;
        Ok(())
    })
}

/// The installed peer tools, each as the commands that make both renditions of `input`.
fn peer_tools(input: &Path, dir: &Path) -> Vec<(String, Vec<Command>)> {
    let runs = |cmd: &str, arg: &str, says: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(says))
    };
    let (preview, thumb) = (dir.join("preview.jpg"), dir.join("thumb.jpg"));
    let mut tools = Vec::new();
    if runs("vipsthumbnail", "--version", "vips") {
        let vips = |from: &Path, size: &str, to: &Path, q: u8| {
            let mut c = Command::new("vipsthumbnail");
            c.arg(from)
                .args(["--size", size, "-o"])
                .arg(format!("{}[Q={q}]", to.display()));
            c
        };
        tools.push((
            "`vipsthumbnail` twice from the original (1280, 320)".to_owned(),
            vec![
                vips(input, "1280", &preview, 85),
                vips(input, "320", &thumb, 80),
            ],
        ));
        tools.push((
            "`vipsthumbnail` 1280 from the original, 320 from that preview".to_owned(),
            vec![
                vips(input, "1280", &preview, 85),
                vips(&preview, "320", &thumb, 80),
            ],
        ));
    } else {
        println!("(vipsthumbnail not installed: `apt-get install libvips-tools` to compare)");
    }
    // ImageMagick 7 is `magick`; Debian 12 ships 6, whose command is `convert`. Debian's own
    // binary is tried before whatever `convert` comes first on the PATH.
    let magick = ["magick", "/usr/bin/convert", "convert"]
        .into_iter()
        .find(|m| runs(m, "-version", "ImageMagick"));
    if let Some(m) = magick {
        // The size hint lets libjpeg decode at a reduced DCT scale, down to twice the preview
        // (stored orientation: 2560 × 1707 of 6000 × 4000); without it, IM decodes all of it.
        for hint in [true, false] {
            let mut c = Command::new(m);
            if hint {
                c.args(["-define", "jpeg:size=2560x1707"]);
            }
            c.arg(input)
                .args([
                    "-auto-orient",
                    "-thumbnail",
                    "1280x1280",
                    "-quality",
                    "85",
                    "-write",
                ])
                .arg(&preview)
                .args(["-thumbnail", "320x320", "-quality", "80"])
                .arg(&thumb);
            let how = if hint {
                " -define jpeg:size=2560x1707"
            } else {
                ""
            };
            tools.push((
                format!("ImageMagick `{m}{how}`, both from one decode"),
                vec![c],
            ));
        }
    } else {
        println!("(ImageMagick not installed: `apt-get install imagemagick` to compare)");
    }
    tools
}

fn peers(frame: &[u8], dir: &Path) -> Res<()> {
    let input = dir.join("frame.jpg");
    std::fs::write(&input, frame)?;
    println!(
        "\n## The same two renditions (1280 and 320 long side) of the same file, same core; \
         median of 7, process start included for the tools\n"
    );
    println!("| how | median ms |");
    println!("|---|---|");
    let limits = gradphoto_photo::decode::Limits::default();
    let mut ours = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        prepare(frame, &limits)?;
        ours.push(ms(t.elapsed()));
    }
    println!(
        "| gradphoto `prepare` (in process; also makes the judge's working copy) | {:.1} |",
        pct(&sorted(ours), 0.5)
    );
    for (name, mut cmds) in peer_tools(&input, dir) {
        let ok = cmds
            .iter_mut()
            .all(|c| c.output().is_ok_and(|o| o.status.success()));
        if !ok {
            println!("| {name} | failed, not timed |");
            continue;
        }
        let mut t = Vec::new();
        for _ in 0..7 {
            let s = Instant::now();
            for c in &mut cmds {
                c.output()?;
            }
            t.push(ms(s.elapsed()));
        }
        println!("| {name} | {:.1} |", pct(&sorted(t), 0.5));
    }
    Ok(())
}

/// Part 3: the hot folder as `gradphoto serve` watches it.
fn hot_folder(runs: usize) -> Res<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let v = venue(dir.path()).await?;
        v.app.judge().await?;
        let folder = v.app.capture()?.hot_folder(v.station);
        let shutdown = Shutdown::new();
        let watcher = watch_all(v.app.clone(), WatchOptions::default(), shutdown.clone());
        let frames = common::Frames::new()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while !folder.is_dir() {
            if Instant::now() > deadline {
                return Err("the watcher did not create the hot folder".into());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let mut latencies = Vec::new();
        let mut writes = Vec::new();
        // Run 0 warms up (first ingest of the process).
        for i in 0..=runs {
            let bytes = frames.frame(2000 + i as u32)?;
            let before = v.app.repo.ticket_frames(v.ticket).await?.len();
            let path = folder.join(format!("IMG_{i:04}.JPG"));
            let t = Instant::now();
            {
                use std::io::Write;
                let mut f = std::fs::File::create(&path)?;
                f.write_all(&bytes)?;
            }
            let landed = Instant::now();
            writes.push(ms(landed - t));
            loop {
                if v.app.repo.ticket_frames(v.ticket).await?.len() > before {
                    break;
                }
                if landed.elapsed() > Duration::from_secs(30) {
                    return Err(format!("frame {i} never arrived").into());
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            if i > 0 {
                latencies.push(ms(landed.elapsed()));
            }
            // The next camera shot comes a moment later, not at once.
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        shutdown.trigger();
        let _ = tokio::time::timeout(Duration::from_secs(10), watcher).await;
        let l = sorted(latencies);
        let o = WatchOptions::default();
        println!(
            "\n## Hot folder: 24 MP file closed → its frame row exists ({runs} runs, default \
             WatchOptions: poll {} ms, settle {} ms; both cores)\n",
            o.poll.as_millis(),
            o.settle.as_millis()
        );
        println!("| p50 ms | p95 ms | max ms | target |");
        println!("|---|---|---|---|");
        println!(
            "| {:.0} | {:.0} | {:.0} | < 1000 |",
            pct(&l, 0.5),
            pct(&l, 0.95),
            l[l.len() - 1]
        );
        println!(
            "\n(writing the file itself took {:.1} ms median)",
            pct(&sorted(writes), 0.5)
        );
        Ok(())
    })
}

fn main() -> Res<()> {
    let n = arg("--frames", 20);
    if std::env::args().any(|a| a == "--one-core") {
        return one_core(n);
    }
    common::print_load();
    if !common::rerun_on_one_core(&["--frames".to_owned(), n.to_string()]) {
        println!("(taskset unavailable: not pinned to one core; helper threads may use another)");
        one_core(n)?;
    }
    hot_folder(arg("--hot-runs", 20))
}
