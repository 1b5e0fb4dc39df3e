//! What the load benchmarks share: their arguments, a release `gradphoto serve` started beside
//! them on a seeded database, an HTTP client and percentiles. Each example includes this file
//! with `#[path]`; it is not an example of its own.

// Each example uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use gradphoto::demo::roster::{HEADER, roster_rows};
use gradphoto_app::accounts::{hash_password, new_device_token};
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::{NewCampaign, Role, Station, SystemClock, Venue};
use gradphoto_photo::fixtures::{self, Layout};
use gradphoto_store::{Actor, NewUser, Repo};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

pub type Http = Client<HttpConnector, Full<Bytes>>;

/// A seeded database: the demo roster's first `students` rows, a venue with 3 stations, a card
/// reader (its token) and an operator (`operator` / `operator-password`).
pub struct Seeded {
    pub repo: Arc<dyn Repo>,
    pub campaign: gradphoto_domain::CampaignId,
    pub rows: Vec<[String; 15]>,
    pub venue: Venue,
    pub stations: Vec<Station>,
    pub device_token: String,
}

pub async fn seed(url: &str, students: usize) -> Result<Seeded, Box<dyn std::error::Error>> {
    let repo = gradphoto_store::connect(url).await?;
    let actor = Actor::system("bench");
    let now = Utc::now();
    let campaign = repo
        .create_campaign(
            &NewCampaign::parse(2023, None, None, None).map_err(|m| m.en)?,
            &actor,
            now,
        )
        .await?;
    let rows: Vec<[String; 15]> = roster_rows(students.div_ceil(171), 7)
        .into_iter()
        .take(students)
        .collect();
    let mut csv = HEADER.join(",");
    csv.push('\n');
    for r in &rows {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    let app = App::new(repo.clone(), Arc::new(SystemClock), Arc::new(OsRandom));
    let report = gradphoto_app::roster::import_roster(
        &app,
        campaign.id,
        csv.as_bytes(),
        "load.csv",
        false,
        &actor,
    )
    .await?;
    if !report.is_ok() {
        return Err("the roster did not import".into());
    }
    let venue = repo
        .create_venue(campaign.id, "大学生事务中心", &actor, now)
        .await?;
    let mut stations = Vec::new();
    for n in 1..=3 {
        stations.push(
            repo.create_station(venue.id, &format!("{n}号机位"), &actor, now)
                .await?,
        );
    }
    let (device_token, hash) = new_device_token(&OsRandom);
    repo.create_device(venue.id, "读卡器", &hash, &actor, now)
        .await?;
    let operator = NewUser {
        login: "operator".into(),
        display_name: "采集人员".into(),
        password_hash: hash_password(&OsRandom, "operator-password")?,
        role: Role::Operator,
        colleges: vec![],
        student_id: None,
    };
    repo.create_user(&operator, &actor, now).await?;
    Ok(Seeded {
        repo,
        campaign: campaign.id,
        rows,
        venue,
        stations,
        device_token,
    })
}

/// Signs the operator in; their session's token.
pub async fn operator_token(http: &Http, base: &str) -> Result<String, Box<dyn std::error::Error>> {
    let login =
        serde_json::json!({ "login": "operator", "password": "operator-password" }).to_string();
    let (_, session) = post(http, &format!("{base}/api/v1/session"), "", login).await?;
    Ok(session["token"]
        .as_str()
        .ok_or("no session token")?
        .to_owned())
}

/// The server process, killed when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Says how busy the machine is at the start: other work shows in every figure.
pub fn print_load() {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average at start: {}", load.trim());
    }
}

/// Runs this program again pinned to the first core (`taskset -c 0`), with `--one-core` and
/// `args`; `false` when that could not be done (no taskset, or the run failed), and the caller
/// then runs unpinned and says so.
pub fn rerun_on_one_core(args: &[String]) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            Command::new("taskset")
                .args(["-c", "0"])
                .arg(exe)
                .arg("--one-core")
                .args(args)
                .status()
                .ok()
        })
        .is_some_and(|s| s.success())
}

/// The value after `name` on the command line, or `default`.
pub fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

/// The `p` quantile of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// A client keeping up to `connections` connections alive.
pub fn client(connections: usize) -> Http {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(connections)
        .build_http()
}

/// Starts the release `gradphoto serve` beside this example on `url`, with `dir` as its data
/// folder, and waits until it listens; returns it and its base address.
pub async fn serve(url: &str, dir: &Path) -> Result<(Server, String), Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("gradphoto"))
        .ok_or("no binary")?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let server = Server(
        Command::new(bin)
            .args(["--database-url", url, "--data-dir"])
            .arg(dir)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("GRADPHOTO_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            return Err("server did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((server, format!("http://127.0.0.1:{port}")))
}

/// Sends a request with a bearer token (none when empty) and a JSON body (a GET when
/// `body` is `None`); the status and the body's bytes.
pub async fn send(
    http: &Http,
    url: &str,
    auth: &str,
    body: Option<String>,
) -> Result<(u16, Bytes), String> {
    let builder = match body {
        Some(_) => hyper::Request::post(url).header("content-type", "application/json"),
        None => hyper::Request::get(url),
    };
    let builder = if auth.is_empty() {
        builder
    } else {
        builder.header("authorization", format!("Bearer {auth}"))
    };
    let req = builder
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .map_err(|e| e.to_string())?;
    let resp = http.request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, bytes))
}

/// A JSON POST; the status and the answer as JSON (null when it is none).
pub async fn post(
    http: &Http,
    url: &str,
    auth: &str,
    body: String,
) -> Result<(u16, serde_json::Value), String> {
    let (status, bytes) = send(http, url, auth, Some(body)).await?;
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Ok((status, json))
}

/// Makes the benchmark's camera frames: one composed portrait, a few pixels changed per frame.
pub struct Frames {
    sideways: image::RgbImage,
}

impl Frames {
    pub fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let src = image::open(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../gradphoto-photo/fixtures/astronaut.png"
        ))?
        .to_rgb8();
        // The judging benchmark's 24 MP portrait (gradphoto-photo/benches/judge.rs).
        let upright = Layout {
            width: 4000,
            height: 6000,
            face_width: 1100.0,
            eye_y: 2300.0,
            centre_x: 2000.0,
            ..Layout::registry()
        };
        let mut img = fixtures::compose(&src, &upright);
        fixtures::noise(&mut img, 12.0, &mut fixtures::Rng::new(7));
        // Stored as the sensor reads it, 6000 × 4000; EXIF orientation 6 turns it upright.
        Ok(Self {
            sideways: image::imageops::rotate270(&img),
        })
    }

    /// Frame `n`: its own first row of pixels, so its hash is its own.
    pub fn frame(&self, n: u32) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let mut img = self.sideways.clone();
        for x in 0..16 {
            let v = ((n * 16 + x) % 251) as u8;
            img.put_pixel(x, 0, image::Rgb([v, v.wrapping_mul(3), v.wrapping_mul(7)]));
        }
        let mut c = turbojpeg::Compressor::new()?;
        c.set_quality(92)?;
        c.set_subsamp(turbojpeg::Subsamp::Sub2x1)?;
        let w = img.width() as usize;
        let jpeg = c.compress_to_vec(turbojpeg::Image {
            pixels: img.as_raw().as_slice(),
            width: w,
            pitch: w * 3,
            height: img.height() as usize,
            format: turbojpeg::PixelFormat::RGB,
        })?;
        Ok(fixtures::with_exif_orientation(&jpeg, 6))
    }
}
